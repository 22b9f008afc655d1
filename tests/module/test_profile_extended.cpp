// The module built for the vendor-like profile 2.11-extended
// (p11/constants/profiles.hpp): it reports 2.11 like the seed's module yet
// admits CKA_ALWAYS_AUTHENTICATE, CKU_CONTEXT_SPECIFIC and the SHA-2 RSA and
// ECDSA signatures, so an application can learn a key wants a context login
// and give it.  Strict 2.11 is test_profiles.cpp's.
#include <set>

#include "p11/constants/profiles.hpp"
#include "rsa_vectors.hpp"
#include "support.hpp"

using namespace mt;

namespace {

rv login_raw(const client::session& s, user_type who, std::string_view pin) {
    return code(s.fn()->C_Login(s.handle(), static_cast<abi::CK_USER_TYPE>(who), client::module::pin_bytes(pin),
                                static_cast<abi::CK_ULONG>(pin.size())));
}

rsa_components rsa_key1() {
    namespace k = rsa_vectors::key1;
    return {hex(k::n), hex(k::e), hex(k::d), hex(k::p), hex(k::q), hex(k::dp), hex(k::dq), hex(k::qinv)};
}

// EMSA-PKCS1-v1_5 of SHA-256("abc") for a 1024-bit modulus (RFC 8017 9.2;
// the hash is FIPS 180-4's example): what the signature's public operation
// must give back.
bytes sha256_abc_encoded() {
    bytes out = hex("0001");
    const auto digest_info =
        hex("3031300d060960864801650304020105000420" "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    out.resize(128 - digest_info.size() - 1, 0xff);
    out.push_back(0x00);
    out.insert(out.end(), digest_info.begin(), digest_info.end());
    return out;
}

} // namespace

TEST_CASE("2.11-extended reports 2.11", "[profiles][extended]") {
    token_fixture t(P11FORGE_MODULE_2_11_EXTENDED_PATH);
    const auto info = must(t.m.info());
    CHECK(info.cryptoki.major == 2);
    CHECK(info.cryptoki.minor == 11);
    // The 2.x function list carries the same version.
    const auto v = function_list_version(P11FORGE_MODULE_2_11_EXTENDED_PATH);
    CHECK(int(v.major) == 2);
    CHECK(int(v.minor) == 11);
    CHECK_FALSE(t.m.supports(function_id::C_GetInterface));
}

TEST_CASE("2.11-extended lists SHA-2 signatures and nothing else newer than 2.11", "[profiles][extended]") {
    token_fixture t(P11FORGE_MODULE_2_11_EXTENDED_PATH);
    std::set<mechanism_type> types;
    for (const auto& mi : must(t.m.mechanisms(soft_slot))) {
        INFO(to_string(mi.type).view());
        types.insert(mi.type);
        CHECK(exists_in(mi.type, profiles::v2_11_extended));
    }
    for (auto admitted : {mechanism_type::sha256_rsa_pkcs, mechanism_type::sha384_rsa_pkcs,
                          mechanism_type::sha512_rsa_pkcs, mechanism_type::ecdsa_sha256, mechanism_type::ecdsa_sha384}) {
        INFO(to_string(admitted).view());
        CHECK(types.contains(admitted));
        CHECK(has(must(t.m.mechanism(soft_slot, admitted)).flags, mechanism_flags::sign));
    }
    // Newer than 2.11 and not admitted: hidden and refused as unknown.
    for (auto hidden : {mechanism_type::aes_gcm, mechanism_type::sha256, mechanism_type::sha256_rsa_pkcs_pss,
                        mechanism_type::aes_key_wrap, mechanism_type::aes_cmac}) {
        INFO(to_string(hidden).view());
        CHECK_FALSE(types.contains(hidden));
        CHECK(t.m.mechanism(soft_slot, hidden).code() == rv::mechanism_invalid);
    }
    const auto aes = aes_key(t.s, hex("2b7e151628aed2a6abf7158809cf4f3c"));
    CHECK(t.s.encrypt(aes, mech::aes_gcm(bytes(12, 0), {}, 128), bv(str("x"))).code() == rv::mechanism_invalid);
    CHECK(t.s.digest(mechanism_type::sha256, bv(str("abc"))).code() == rv::mechanism_invalid);
}

TEST_CASE("2.11-extended signs with SHA256-RSA-PKCS and ECDSA-SHA256", "[profiles][extended][wine-lacks]") {
    token_fixture t(P11FORGE_MODULE_2_11_EXTENDED_PATH);
    const auto k = rsa_key1();
    const auto rsa = rsa_private(t.s, k);
    const auto pub = rsa_public(t.s, k.n, k.e);
    const auto sig = must(t.s.sign(rsa, mechanism_type::sha256_rsa_pkcs, bv(str("abc"))));
    REQUIRE(sig.size() == 128);
    // The public operation (CKM_RSA_X_509, a 2.01 mechanism) recovers the encoded SHA-256 digest.
    if (listed(t.m, mechanism_type::rsa_x_509))
        CHECK(must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(sig))) == sha256_abc_encoded());
    CHECK(must(t.s.verify(pub, mechanism_type::sha256_rsa_pkcs, bv(str("abc")), bv(sig))));
    CHECK_FALSE(must(t.s.verify(pub, mechanism_type::sha256_rsa_pkcs, bv(str("abd")), bv(sig))));

    const auto ec = must(t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                               {attr::token = false, attr::ec_params = sp(p256_params), attr::verify = true},
                                               {attr::token = false, attr::sign = true}));
    const auto ecsig = must(t.s.sign(ec.private_key, mechanism_type::ecdsa_sha256, bv(str("abc"))));
    CHECK(ecsig.size() == 64);
    CHECK(must(t.s.verify(ec.public_key, mechanism_type::ecdsa_sha256, bv(str("abc")), bv(ecsig))));
    CHECK_FALSE(must(t.s.verify(ec.public_key, mechanism_type::ecdsa_sha256, bv(str("abd")), bv(ecsig))));
}

TEST_CASE("2.11-extended: a CKA_ALWAYS_AUTHENTICATE key is readable and its context login works",
          "[profiles][extended][wine-lacks]") {
    token_fixture t(P11FORGE_MODULE_2_11_EXTENDED_PATH);
    const auto k = rsa_key1();
    const auto rsa = rsa_private(t.s, k, {attr::always_authenticate = true});
    const auto pub = rsa_public(t.s, k.n, k.e);
    // Readable (strict 2.11 answers CKR_ATTRIBUTE_TYPE_INVALID here).
    const auto a = query_attribute(t.s, rsa, attribute_type::always_authenticate);
    REQUIRE(a.code == rv::ok);
    CHECK(bool_attribute(t.s, rsa, attribute_type::always_authenticate));
    CHECK_FALSE(bool_attribute(t.s, rsa_private(t.s, k), attribute_type::always_authenticate));

    const auto msg = str("abc");
    // Without the context login: CKR_USER_NOT_LOGGED_IN.
    REQUIRE(sign_init(t.s, mechanism_type::sha256_rsa_pkcs, rsa) == rv::ok);
    CHECK(sign_into(t.s, msg, 512).code == rv::user_not_logged_in);
    // C_SignInit, C_Login(CKU_CONTEXT_SPECIFIC), C_Sign: a valid signature.
    REQUIRE(sign_init(t.s, mechanism_type::sha256_rsa_pkcs, rsa) == rv::ok);
    CHECK(login_raw(t.s, user_type::context_specific, "wrong-pin") == rv::pin_incorrect);
    REQUIRE(login_raw(t.s, user_type::context_specific, user_pin) == rv::ok);
    const auto sig = sign_into(t.s, msg, 512);
    REQUIRE(sig.code == rv::ok);
    if (listed(t.m, mechanism_type::rsa_x_509))
        CHECK(must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(sig.data))) == sha256_abc_encoded());
    // No operation waiting for it: CKR_OPERATION_NOT_INITIALIZED (2.01).
    CHECK(login_raw(t.s, user_type::context_specific, user_pin) == rv::operation_not_initialized);
    // p11forge's own client learns the attribute and logs in again itself.
    const auto via_client = must(t.s.sign(rsa, mechanism_type::sha256_rsa_pkcs, bv(msg), [](object_handle) {
        return std::optional<std::string>(std::string(user_pin));
    }));
    CHECK(via_client == sig.data);
    // ... and a template may set it.
    CHECK(t.s.create({attr::cls = object_class::private_key, attr::key_type = key_type::rsa, attr::token = false,
                      attr::modulus = sp(k.n), attr::public_exponent = sp(k.e), attr::private_exponent = sp(k.d),
                      attr::always_authenticate = true})
              .code() == rv::ok);
}

TEST_CASE("2.11-extended returns only codes it admits", "[profiles][extended]") {
    token_fixture t(P11FORGE_MODULE_2_11_EXTENDED_PATH);
    const auto frozen = must(t.s.create({attr::cls = object_class::data, attr::token = false, attr::modifiable = false}));
    const auto r = t.s.set(frozen, {attr::label = "changed"}).code();
    CHECK(r != rv::action_prohibited);  // 2.40
    CHECK(r == downgrade(rv::action_prohibited, profiles::v2_11_extended));
    const auto curve = t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                             {attr::token = false, attr::ec_params = sp(secp256k1_params)},
                                             {attr::token = false})
                           .code();
    CHECK(curve == rv::domain_params_invalid);  // CKR_CURVE_NOT_SUPPORTED is 2.40
    for (auto c : {r, curve, code(t.fn()->C_Login(t.h(), 7, nullptr, 0)),
                   t.s.create({attr::cls = object_class::data, attr::token = false, attr::destroyable = false}).code()}) {
        INFO(to_string(c).view());
        CHECK(exists_in(c, profiles::v2_11_extended));
    }
}
