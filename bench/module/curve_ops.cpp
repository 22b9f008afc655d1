// Ed25519 signatures and X25519 derivation (PKCS #11 3.0), where the module
// lists them: a 3.0 build of p11forge, SoftHSMv2 for EdDSA.  Names match
// raw_openssl.cpp's.  Each is C_xxxInit + one call, as in crypto_ops.cpp.
#include "harness.hpp"

namespace bench {

namespace {

// RFC 8410's OIDs (CKA_EC_PARAMS), which every module that has the curves takes.
const std::uint8_t ed25519_oid[] = {0x06, 0x03, 0x2b, 0x65, 0x70};
const std::uint8_t x25519_oid[] = {0x06, 0x03, 0x2b, 0x65, 0x6e};

void ed25519(fixture& fx) {
    if (!wanted_any("ed25519") || !fx.module.mechanism(fx.slot, mechanism_type::eddsa)) return;
    auto& s = fx.sessions.front();
    const auto pair = must(s.generate_key_pair(mechanism_type::ec_edwards_key_pair_gen,
                                               {attr::token = false, attr::verify = true,
                                                attr::ec_params = std::span<const std::uint8_t>(ed25519_oid)},
                                               {attr::token = false, attr::sign = true}),
                           "Ed25519 key pair");
    static const std::vector<std::uint8_t> message(1024, 0x5a);
    sign_benchmarks(fx, {"ed25519-1KiB", {ck(mechanism_type::eddsa), nullptr, 0}, pair.private_key, pair.public_key, &message});
}

void x25519(fixture& fx) {
    if (!wanted("x25519-derive-destroy") || !fx.module.mechanism(fx.slot, mechanism_type::ec_montgomery_key_pair_gen))
        return;
    auto& s = fx.sessions.front();
    auto pair = [&] {
        return must(s.generate_key_pair(mechanism_type::ec_montgomery_key_pair_gen,
                                        {attr::token = false, attr::ec_params = std::span<const std::uint8_t>(x25519_oid)},
                                        {attr::token = false, attr::derive = true}),
                    "X25519 key pair");
    };
    const auto a = pair(), b = pair();
    auto peer = must(s.get_bytes(b.public_key, attribute_type::ec_point), "CKA_EC_POINT");
    std::vector<std::uint8_t> point(peer.begin(), peer.end());
    abi::CK_ECDH1_DERIVE_PARAMS p{ck(ec_kdf::null), 0, nullptr, static_cast<abi::CK_ULONG>(point.size()), point.data()};
    abi::CK_OBJECT_CLASS cls = ck(object_class::secret_key);
    abi::CK_KEY_TYPE kt = ck(key_type::generic_secret);
    abi::CK_BBOOL no = 0;
    abi::CK_ATTRIBUTE tmpl[] = {{ck(attribute_type::cls), &cls, sizeof cls},
                                {ck(attribute_type::key_type), &kt, sizeof kt},
                                {ck(attribute_type::token), &no, sizeof no}};
    const auto h = s.handle();
    report("x25519-derive-destroy", rate([&] {
               abi::CK_MECHANISM m{ck(mechanism_type::ecdh1_derive), &p, sizeof p};
               handle k = 0;
               check(fx.f->C_DeriveKey(h, &m, a.private_key, tmpl, 3, &k), "C_DeriveKey");
               check(fx.f->C_DestroyObject(h, k), "C_DestroyObject");
           }),
           "ops/s");
}

// A session key pair made and destroyed, as ec-p256-keygen-destroy does:
// the private key gets `usage`; the public key CKA_VERIFY for a signing pair
// (an X25519 public key has no usage).
void keygen_destroy(fixture& fx, const char* name, mechanism_type generate, std::span<const std::uint8_t> oid,
                    attribute_type usage) {
    if (!wanted(name) || !fx.module.mechanism(fx.slot, generate)) return;
    const auto h = fx.sessions[0].handle();
    abi::CK_BBOOL no = 0, yes = 1;
    const abi::CK_ULONG public_count = usage == attribute_type::sign ? 3 : 2;
    report(name, rate([&] {
               abi::CK_ATTRIBUTE pub[] = {{ck(attribute_type::ec_params), const_cast<std::uint8_t*>(oid.data()), oid.size()},
                                          {ck(attribute_type::token), &no, 1},
                                          {ck(attribute_type::verify), &yes, 1}};
               abi::CK_ATTRIBUTE priv[] = {{ck(attribute_type::token), &no, 1}, {ck(usage), &yes, 1}};
               abi::CK_MECHANISM m{ck(generate), nullptr, 0};
               handle pk = 0, sk = 0;
               check(fx.f->C_GenerateKeyPair(h, &m, pub, public_count, priv, 2, &pk, &sk), "C_GenerateKeyPair");
               check(fx.f->C_DestroyObject(h, pk), "C_DestroyObject");
               check(fx.f->C_DestroyObject(h, sk), "C_DestroyObject");
           }),
           "ops/s");
}

} // namespace

void curve_benchmarks(fixture& fx) {
    keygen_destroy(fx, "ed25519-keygen-destroy", mechanism_type::ec_edwards_key_pair_gen, ed25519_oid, attribute_type::sign);
    keygen_destroy(fx, "x25519-keygen-destroy", mechanism_type::ec_montgomery_key_pair_gen, x25519_oid, attribute_type::derive);
    ed25519(fx);
    x25519(fx);
}

} // namespace bench
