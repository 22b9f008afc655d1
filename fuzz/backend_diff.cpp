// Differential fuzzing of the two crypto backends: the same mechanism,
// parameters, key and data go through a build of libp11forge.so on mbedTLS
// and one on OpenSSL, at the PKCS#11 level, and any difference is a finding:
//
//  * a different return value from any call, or a different reported length;
//  * different output where the output is deterministic (digests, HMAC,
//    CMAC, AES ECB/CBC/CBC-PAD/CTR/GCM/key wrap, RSA PKCS#1 v1.5 signatures,
//    raw RSA, decryption of given ciphertexts, verification of given
//    signatures, ECDH, unwrapping, wrapping);
//  * for randomised outputs (PSS and ECDSA signatures, OAEP and PKCS#1 v1.5
//    encryption), one backend failing to verify or decrypt the other's;
//  * a return value outside the function's allowed list, or
//    CKR_GENERAL_ERROR / CKR_HOST_MEMORY (call_transcript.hpp).
//
// The two modules are dlopened RTLD_LOCAL (the client loader's default); the
// module exports only C_ functions, so their internals stay apart.  Each has
// its own throwaway token directory.  The RSA and EC keys are fixed
// (fixed_keys.hpp) and imported into both with C_CreateObject; secret keys
// are made per input from fuzz bytes.
//
//   P11FORGE_DIFF_MODULE_A, P11FORGE_DIFF_MODULE_B   the two builds (required)
//   P11FORGE_DIFF_TOKEN_A, P11FORGE_DIFF_TOKEN_B     their token directories (required)
// fuzz/run_backend_diff.sh sets these up.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "call_transcript.hpp"
#include "operation_calls.hpp"
#include "fixed_key_set.hpp"
#include "fuzz_input.hpp"
#include "hostile_mechanism.hpp"
#include "logged_in_session.hpp"
#include "p11/constants/mechanism.hpp"
#include "test_objects.hpp"

namespace {

using namespace p11;
using namespace p11::fuzzing;
using abi::CK_OBJECT_HANDLE;
using abi::CK_ULONG;
using M = mechanism_type;

constexpr const char* so_pin = "12345678";
constexpr const char* user_pin = "123456";

constexpr CK_ULONG mech(M m) { return static_cast<CK_ULONG>(m); }

struct backend {
    std::string label;
    client::module module;
    client::session session;  // holds the fixed keys for the whole run
    fixed_key_set keys;
    abi::CK_SLOT_ID slot = 0;
    abi::CK_SESSION_HANDLE work = 0;  // per input: closing it ends operations and drops its objects
    std::map<CK_ULONG, bool> offered_digests;  // offers()'s answers

    const abi::CK_FUNCTION_LIST_3_0* f() const { return session.fn(); }
    call_target target() const { return {f(), work}; }
};

backend* backends[2] = {nullptr, nullptr};

[[noreturn]] void fail_setup(const std::string& why) {
    std::fprintf(stderr, "backend-diff: %s\n", why.c_str());
    std::exit(2);
}

backend* open_backend(const char* label, const char* module_variable, const char* token_variable) {
    const char* path = std::getenv(module_variable);
    const char* token = std::getenv(token_variable);
    if (path == nullptr || token == nullptr)
        fail_setup(std::string("set ") + module_variable + " and " + token_variable);
    // The module reads its token directory when it is initialised.
    setenv("P11FORGE_TOKEN_DIR", token, 1);
    auto m = client::module::load(path);
    if (!m) fail_setup(std::string("cannot load ") + path + ": " + std::string(to_string(m.code())));
    initialise_first_token(*m, so_pin, user_pin);
    auto s = open_logged_in_session(*m, user_pin);
    if (!s) fail_setup(std::string(path) + " has no initialised token");
    auto* b = new backend{std::string(label) + " (" + path + ")", std::move(*m), std::move(*s), {}, 0, 0, {}};
    abi::CK_SESSION_INFO info{};
    if (b->f()->C_GetSessionInfo(b->session.handle(), &info) != 0) fail_setup(b->label + ": C_GetSessionInfo failed");
    b->slot = info.slotID;
    b->keys = import_fixed_keys(b->f(), b->session.handle());
    return b;
}

// ---- comparing -------------------------------------------------------------

const hostile_mechanism* current_mechanism = nullptr;  // for reports

[[noreturn]] void report(const char* what, const transcript& a, const transcript& b) {
    std::fprintf(stderr, "backend-diff: %s\n", what);
    a.dump();
    b.dump();
    std::abort();
}

void compare(const transcript& a, const transcript& b) {
    if (a.events != b.events) report("the backends' calls went differently", a, b);
    if (a.output != b.output) report("the backends' deterministic outputs differ", a, b);
}

// ---- the fuzz input's choices ------------------------------------------------

std::vector<std::uint8_t> data_of(input& in) {
    std::size_t n = in.byte();
    if (n & 0x80) n = (n & 0x7f) * 16 + in.byte() % 16;  // up to 2 KiB, often whole blocks
    auto d = in.take(n);
    d.resize(n);
    return d;
}

output_mode mode_of(input& in) { return static_cast<output_mode>(in.byte() % 3); }

// Where a multi-part operation splits its data; empty: single-part.
std::vector<std::size_t> splits_of(input& in, std::size_t size) {
    std::vector<std::size_t> cuts;
    const unsigned parts = in.byte() % 4u;
    if (parts == 0) return cuts;
    for (unsigned i = 0; i < parts; ++i) cuts.push_back(size == 0 ? 0 : in.byte() % (size + 1));
    std::sort(cuts.begin(), cuts.end());
    cuts.push_back(size);
    return cuts;
}

// ---- one fuzz input ------------------------------------------------------------

// Whether an ECDH derivation with `kdf` succeeds on the backend (the fixed
// P-256 key with its own public point as the peer's).
bool derives_with(backend& b, CK_ULONG kdf) {
    const auto& point = b.keys.ec_raw_point[0];
    abi::CK_ECDH1_DERIVE_PARAMS p{kdf, 0, nullptr, static_cast<CK_ULONG>(point.size()),
                                  const_cast<abi::CK_BYTE_PTR>(point.data())};
    abi::CK_MECHANISM m{mech(M::ecdh1_derive), &p, sizeof p};
    object_template tmpl;
    tmpl.session_object().ulong(cka::cls, cko_secret_key).ulong(cka::key_type, ckk_generic_secret);
    tmpl.ulong(cka::value_len, 16);
    CK_OBJECT_HANDLE h = 0;
    if (b.f()->C_DeriveKey(b.session.handle(), &m, b.keys.ec[0].private_key, tmpl.data(), tmpl.size(), &h) != 0)
        return false;
    (void)b.f()->C_DestroyObject(b.session.handle(), h);
    return true;
}

// Whether the backend computes digest `d` where a parameter names it.  The
// mechanism list alone cannot say: a 2.40 profile lists no SHA-3 digest, yet
// takes 2.40's CKD_SHA3_*_KDF where its crypto has SHA-3.  So: listed, or an
// ECDH derivation with a KDF built on `d` succeeds.
bool offers(backend& b, CK_ULONG d) {
    const auto known = b.offered_digests.find(d);
    if (known != b.offered_digests.end()) return known->second;
    abi::CK_MECHANISM_INFO info{};
    bool offered = b.f()->C_GetMechanismInfo(b.slot, d, &info) == 0;  // CKR_OK
    for (CK_ULONG kdf = 1; kdf < 64 && !offered; ++kdf)
        if (digest_of_ec_kdf(kdf) == d) offered = derives_with(b, kdf);
    b.offered_digests[d] = offered;
    return offered;
}

// False when the current mechanism's parameter names a digest one backend
// offers and the other lacks (SHA-3 on OpenSSL, not on mbedTLS 2.28): the
// one without it refuses the parameter, as it must, and the two calls
// rightly differ.
bool comparable() {
    if (current_mechanism == nullptr) return true;
    for (const CK_ULONG d : current_mechanism->named_digests())
        if (d != 0 && offers(*backends[0], d) != offers(*backends[1], d)) return false;
    return true;
}

// Runs `body(backend, transcript)` on both backends and compares (both run
// even when not comparable: each must still survive the input).
template <class Body>
std::pair<transcript, transcript> on_both(Body body) {
    transcript t[2];
    for (int i = 0; i < 2; ++i) {
        t[i].backend = backends[i]->label;
        if (current_mechanism != nullptr) t[i].context = current_mechanism->describe();
        body(*backends[i], t[i]);
    }
    if (comparable()) compare(t[0], t[1]);
    return {std::move(t[0]), std::move(t[1])};
}

object_template secret_key_template(input& in, CK_ULONG key_type) {
    static constexpr std::size_t aes_sizes[] = {16, 24, 32, 16, 32, 0, 1, 15, 17, 33, 64};
    const std::size_t n = key_type == ckk_aes && in.byte() % 8 != 0 ? in.pick(aes_sizes) : in.byte() % 80;
    auto value = in.take(n);
    value.resize(n);
    return usable_secret_key(key_type, std::move(value));
}

// One object per backend, made from the same template.
using handle_pair = std::pair<CK_OBJECT_HANDLE, CK_OBJECT_HANDLE>;

CK_OBJECT_HANDLE on(backend& b, const handle_pair& objects) {
    return &b == backends[0] ? objects.first : objects.second;
}

// Creates the object on both; nullopt if refused (alike: on_both compares).
std::optional<handle_pair> create_on_both(object_template& tmpl) {
    handle_pair made{0, 0};
    bool ok = true;
    on_both([&](backend& b, transcript& t) {
        const auto h = run_create(b.target(), t, tmpl);
        ok = h.has_value();
        (&b == backends[0] ? made.first : made.second) = h.value_or(0);
    });
    if (!ok) return std::nullopt;
    return made;
}

std::optional<handle_pair> secret_key_on_both(input& in, CK_ULONG key_type) {
    auto tmpl = secret_key_template(in, key_type);
    return create_on_both(tmpl);
}

void fuzz_digest(input& in) {
    constexpr CK_ULONG digests[] = {mech(M::sha_1), mech(M::sha224), mech(M::sha256), mech(M::sha384), mech(M::sha512)};
    hostile_mechanism m(in, in.byte() % 16 == 0 ? in.byte() : in.pick(digests));
    current_mechanism = &m;
    const auto data = data_of(in);
    const auto cuts = splits_of(in, data.size());
    const auto mode = mode_of(in);
    on_both([&](backend& b, transcript& t) { run_sign(b.target(), t, true, m.get(), 0, data, cuts, mode, t.output); });
}

void fuzz_aes_cipher(input& in) {
    constexpr CK_ULONG modes[] = {mech(M::aes_ecb),          mech(M::aes_cbc),         mech(M::aes_cbc_pad),
                                  mech(M::aes_ctr),          mech(M::aes_gcm),         mech(M::aes_key_wrap),
                                  mech(M::aes_key_wrap_pad), mech(M::aes_key_wrap_kwp)};
    const auto key = secret_key_on_both(in, in.byte() % 16 == 0 ? ckk_generic_secret : ckk_aes);
    if (!key) return;
    hostile_mechanism m(in, in.pick(modes));
    current_mechanism = &m;
    const bool encrypt = in.byte() & 1;
    const auto data = data_of(in);
    const auto cuts = splits_of(in, data.size());
    const auto mode = mode_of(in);
    on_both([&](backend& b, transcript& t) {
        run_cipher(b.target(), t, encrypt, m.get(), on(b, *key), data, cuts, mode, t.output);
    });
}

void fuzz_mac(input& in) {
    constexpr CK_ULONG hmacs[] = {mech(M::sha_1_hmac),          mech(M::sha224_hmac),
                                  mech(M::sha256_hmac),         mech(M::sha384_hmac),
                                  mech(M::sha512_hmac),         mech(M::sha_1_hmac_general),
                                  mech(M::sha224_hmac_general), mech(M::sha256_hmac_general),
                                  mech(M::sha384_hmac_general), mech(M::sha512_hmac_general)};
    constexpr CK_ULONG cmacs[] = {mech(M::aes_cmac), mech(M::aes_cmac_general)};
    const bool cmac = in.byte() & 1;
    const auto key = secret_key_on_both(in, cmac ? ckk_aes : ckk_generic_secret);
    if (!key) return;
    hostile_mechanism m(in, cmac ? in.pick(cmacs) : in.pick(hmacs));
    current_mechanism = &m;
    const auto data = data_of(in);
    const auto cuts = splits_of(in, data.size());
    const auto mode = mode_of(in);
    auto [a, b] = on_both([&](backend& be, transcript& t) {
        run_sign(be.target(), t, false, m.get(), on(be, *key), data, cuts, mode, t.output);
    });
    // Verify a signature from the input, or (half the time) the right one.
    auto signature = in.byte() & 1 ? a.output : in.take(in.byte() % 80);
    on_both(
        [&](backend& be, transcript& t) { run_verify(be.target(), t, m.get(), on(be, *key), data, signature, cuts); });
}

constexpr CK_ULONG rsa_signatures[] = {mech(M::rsa_pkcs),        mech(M::rsa_x_509),       mech(M::sha1_rsa_pkcs),
                                       mech(M::sha224_rsa_pkcs), mech(M::sha256_rsa_pkcs), mech(M::sha384_rsa_pkcs),
                                       mech(M::sha512_rsa_pkcs)};
constexpr CK_ULONG pss_signatures[] = {mech(M::rsa_pkcs_pss),        mech(M::sha1_rsa_pkcs_pss),
                                       mech(M::sha224_rsa_pkcs_pss), mech(M::sha256_rsa_pkcs_pss),
                                       mech(M::sha384_rsa_pkcs_pss), mech(M::sha512_rsa_pkcs_pss)};
constexpr CK_ULONG ecdsa_signatures[] = {mech(M::ecdsa),        mech(M::ecdsa_sha1),   mech(M::ecdsa_sha224),
                                         mech(M::ecdsa_sha256), mech(M::ecdsa_sha384), mech(M::ecdsa_sha512)};

// Whether a signature mechanism's output changes from run to run: PSS (its
// salt), ECDSA and DSA (their nonces).  Judged by the mechanism, not by the
// family an input starts from: now and then an input swaps in any one-byte
// mechanism, CKM_SHA224_RSA_PKCS_PSS (0x47) among them.
bool randomised(CK_ULONG type) {
    const auto i = index_of(static_cast<mechanism_type>(type));
    if (i == npos) return false;
    const auto& row = constant_family<mechanism_type>::rows[i];
    return row.parameter == parameter_kind::rsa_pkcs_pss || row.key == key_type::ec || row.key == key_type::dsa;
}

// Deterministic signatures: the outputs must match.  Randomised ones: each
// backend must verify the other's.  Then both verify a signature from the input.
void fuzz_signature(input& in, int family) {
    const bool rsa = family != 2;
    const auto which = in.byte();
    const std::size_t rsa_index = which % 2, ec_index = which % 3;
    CK_ULONG type = family == 0   ? in.pick(rsa_signatures)
                    : family == 1 ? in.pick(pss_signatures)
                                  : in.pick(ecdsa_signatures);
    if (in.byte() % 32 == 0) type = in.byte();  // now and then a mechanism the key does not take
    hostile_mechanism m(in, type);
    current_mechanism = &m;
    const auto data = data_of(in);
    const auto cuts = splits_of(in, data.size());
    const auto mode = mode_of(in);
    auto private_key = [&](backend& b) {
        return rsa ? b.keys.rsa[rsa_index].private_key : b.keys.ec[ec_index].private_key;
    };
    auto public_key = [&](backend& b) {
        return rsa ? b.keys.rsa[rsa_index].public_key : b.keys.ec[ec_index].public_key;
    };
    const bool deterministic = !randomised(m.get()->mechanism);
    auto [a, b] = on_both([&](backend& be, transcript& t) {
        run_sign(be.target(), t, false, m.get(), private_key(be), data, cuts, mode,
                 deterministic ? t.output : t.produced);
    });
    if (!deterministic && comparable() && a.last == rv::ok && !a.produced.empty()) {
        // Each backend's signature verified by both.
        for (const auto* signer : {&a, &b}) {
            const auto signature = signer->produced;
            auto [va, vb] = on_both([&](backend& be, transcript& t) {
                run_verify(be.target(), t, m.get(), public_key(be), data, signature, cuts);
            });
            if (va.last != rv::ok) report("a signature one backend made does not verify", va, vb);
        }
    }
    std::vector<std::uint8_t> signature = in.take(in.byte() % 2 ? in.byte() * 2 : in.byte());
    if (in.byte() % 4 == 0 && !a.produced.empty()) {
        signature = a.produced;  // a valid signature with a flipped bit
        signature[in.byte() % signature.size()] ^= static_cast<std::uint8_t>(1u << (in.byte() % 8));
    } else if (in.byte() % 4 == 0) {
        signature = deterministic ? a.output : a.produced;
    }
    on_both([&](backend& be, transcript& t) {
        run_verify(be.target(), t, m.get(), public_key(be), data, signature, cuts);
    });
}

// RSA encryption: raw RSA is deterministic; OAEP and PKCS#1 v1.5 are
// randomised, so each backend decrypts the other's.  Then both decrypt a
// ciphertext from the input.
void fuzz_rsa_encryption(input& in) {
    constexpr CK_ULONG types[] = {mech(M::rsa_pkcs_oaep), mech(M::rsa_pkcs), mech(M::rsa_x_509),
                                  mech(M::rsa_pkcs_oaep)};
    const std::size_t index = in.byte() % 2;
    hostile_mechanism m(in, in.pick(types));
    current_mechanism = &m;
    const bool deterministic = m.get()->mechanism == mech(M::rsa_x_509);
    const auto data = data_of(in);
    const auto mode = mode_of(in);
    auto [a, b] = on_both([&](backend& be, transcript& t) {
        run_cipher(be.target(), t, true, m.get(), be.keys.rsa[index].public_key, data, {}, mode,
                   deterministic ? t.output : t.produced);
    });
    if (!deterministic && comparable() && a.last == rv::ok) {
        for (const auto* encryptor : {&a, &b}) {
            const auto ciphertext = encryptor->produced;
            auto [da, db] = on_both([&](backend& be, transcript& t) {
                run_cipher(be.target(), t, false, m.get(), be.keys.rsa[index].private_key, ciphertext, {},
                           output_mode::large_buffer, t.output);
            });
            if (da.output != data) report("a ciphertext one backend made does not decrypt to the plaintext", da, db);
        }
    }
    auto ciphertext = in.take(in.byte() % 2 ? 128 + in.byte() : in.byte());
    if (in.byte() % 4 == 0 && !a.produced.empty()) ciphertext = a.produced;
    if (in.byte() % 4 == 0 && !ciphertext.empty()) ciphertext[in.byte() % ciphertext.size()] ^= 1;
    on_both([&](backend& be, transcript& t) {
        run_cipher(be.target(), t, false, m.get(), be.keys.rsa[index].private_key, ciphertext, {}, mode, t.output);
    });
}

// A public key from the input (an RSA modulus and exponent, or an EC point on
// a named curve), then a verification with it.
void fuzz_imported_public_key(input& in) {
    const bool rsa = in.byte() & 1;
    object_template tmpl;
    tmpl.session_object()
        .ulong(cka::cls, cko_public_key)
        .ulong(cka::key_type, rsa ? ckk_rsa : ckk_ec)
        .flag(cka::verify, true);
    const fixed_keys::ec_key_hex* curves[] = {&fixed_keys::ec_p256, &fixed_keys::ec_p384, &fixed_keys::ec_p521};
    if (rsa) {
        tmpl.bytes(cka::modulus, in.take(in.byte() % 2 ? 128 + in.byte() % 2 * 128 : in.byte()));
        tmpl.bytes(cka::public_exponent, in.take(in.byte() % 9));
    } else {
        tmpl.bytes(cka::ec_params, unhex(in.pick(curves)->params)).bytes(cka::ec_point, in.take(in.byte() % 140));
    }
    const auto key = create_on_both(tmpl);
    if (!key) return;
    hostile_mechanism m(in, rsa ? (in.byte() & 1 ? in.pick(rsa_signatures) : in.pick(pss_signatures))
                                : in.pick(ecdsa_signatures));
    current_mechanism = &m;
    const auto data = data_of(in);
    const auto signature = in.take(in.byte() * 2 % 520);
    on_both([&](backend& b, transcript& t) { run_verify(b.target(), t, m.get(), on(b, *key), data, signature, {}); });
}

// The fixed RSA key with one component damaged: import, then a PKCS#1 v1.5
// signature (deterministic, so a backend that signs with a key the other
// refuses, or signs differently, shows).
void fuzz_damaged_rsa_key(input& in) {
    const fixed_keys::rsa_key_hex& k = in.byte() & 1 ? fixed_keys::rsa2048 : fixed_keys::rsa1024;
    std::vector<std::uint8_t> parts[] = {unhex(k.modulus),    unhex(k.public_exponent), unhex(k.private_exponent),
                                         unhex(k.prime_1),    unhex(k.prime_2),         unhex(k.exponent_1),
                                         unhex(k.exponent_2), unhex(k.coefficient)};
    auto& part = parts[in.byte() % 8];
    switch (in.byte() % 4) {
    case 0: part = in.take(in.byte()); break;
    case 1:
        if (!part.empty()) part[in.byte() % part.size()] ^= static_cast<std::uint8_t>(1u << (in.byte() % 8));
        break;
    case 2: part.resize(in.byte() % (part.size() + 1)); break;
    case 3: part.insert(part.begin(), in.byte() % 4, 0); break;  // leading zeros: the same number
    }
    constexpr CK_ULONG types[] = {cka::modulus, cka::public_exponent, cka::private_exponent, cka::prime_1,
                                  cka::prime_2, cka::exponent_1,      cka::exponent_2,       cka::coefficient};
    object_template tmpl;
    tmpl.session_object().ulong(cka::cls, cko_private_key).ulong(cka::key_type, ckk_rsa).flag(cka::sign, true);
    for (std::size_t i = 0; i < 8; ++i) tmpl.bytes(types[i], parts[i]);
    const auto key = create_on_both(tmpl);
    if (!key) return;
    hostile_mechanism m(in, in.pick(rsa_signatures));
    current_mechanism = &m;
    const auto data = data_of(in);
    on_both([&](backend& b, transcript& t) {
        run_sign(b.target(), t, false, m.get(), on(b, *key), data, {}, output_mode::large_buffer, t.output);
    });
}

// AES key wrap through C_WrapKey and C_UnwrapKey: wrapping a fuzz-made key is
// deterministic, and so is what unwrapping fuzz bytes gives.
void fuzz_key_wrap(input& in) {
    constexpr CK_ULONG wraps[] = {mech(M::aes_key_wrap), mech(M::aes_key_wrap_pad), mech(M::aes_key_wrap_kwp),
                                  mech(M::aes_cbc_pad),  mech(M::aes_ecb),          mech(M::aes_gcm)};
    const auto kek = secret_key_on_both(in, ckk_aes);
    if (!kek) return;
    const auto payload = secret_key_on_both(in, in.byte() & 1 ? ckk_aes : ckk_generic_secret);
    hostile_mechanism m(in, in.pick(wraps));
    current_mechanism = &m;
    const auto mode = mode_of(in);
    if (payload) {
        on_both([&](backend& b, transcript& t) {
            (void)fetch_output(t, function_id::C_WrapKey, mode, t.output, [&](abi::CK_BYTE* o, CK_ULONG* n) {
                return b.f()->C_WrapKey(b.work, m.get(), on(b, *kek), on(b, *payload), o, n);
            });
        });
    }
    const auto wrapped = in.take(in.byte() % 2 ? 8 * (in.byte() % 10) : in.byte() % 96);
    object_template tmpl;
    tmpl.session_object().ulong(cka::cls, cko_secret_key).ulong(cka::key_type, ckk_generic_secret);
    tmpl.flag(cka::sensitive, false).flag(cka::extractable, true);
    on_both([&](backend& b, transcript& t) {
        CK_OBJECT_HANDLE h = 0;
        auto w = wrapped;
        const auto r = t.call(function_id::C_UnwrapKey,
                              b.f()->C_UnwrapKey(b.work, m.get(), on(b, *kek), w.data(),
                                                 static_cast<CK_ULONG>(w.size()), tmpl.data(), tmpl.size(), &h));
        if (r == rv::ok) read_value(b.target(), t, h);
    });
}

// ECDH with a fixed private key and the fixed key of the same curve (or fuzz
// bytes) as the peer: the derived secret is deterministic.
void fuzz_ecdh(input& in) {
    const std::size_t curve = in.byte() % 3;
    const auto& peer =
        backends[0]->keys.ec_raw_point[(curve + in.byte() % 3) % 3];  // usually another curve's point is refused
    hostile_mechanism m(in, in.byte() % 4 ? mech(M::ecdh1_derive) : mech(M::ecdh1_cofactor_derive), &peer);
    current_mechanism = &m;
    object_template tmpl;
    tmpl.session_object().ulong(cka::cls, cko_secret_key).ulong(cka::key_type, ckk_generic_secret);
    tmpl.flag(cka::sensitive, false).flag(cka::extractable, true);
    static constexpr CK_ULONG lengths[] = {32, 16, 1, 0, 48, 66, 67, 1000};
    if (in.byte() % 4) tmpl.ulong(cka::value_len, in.pick(lengths));
    on_both([&](backend& b, transcript& t) {
        CK_OBJECT_HANDLE h = 0;
        const auto r =
            t.call(function_id::C_DeriveKey,
                   b.f()->C_DeriveKey(b.work, m.get(), b.keys.ec[curve].private_key, tmpl.data(), tmpl.size(), &h));
        if (r == rv::ok) read_value(b.target(), t, h);
    });
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    backends[0] = open_backend("A", "P11FORGE_DIFF_MODULE_A", "P11FORGE_DIFF_TOKEN_A");
    backends[1] = open_backend("B", "P11FORGE_DIFF_MODULE_B", "P11FORGE_DIFF_TOKEN_B");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (backends[0] == nullptr) LLVMFuzzerInitialize(nullptr, nullptr);
    for (auto* b : backends) {
        constexpr abi::CK_FLAGS rw_serial = 0x2 | 0x4;
        if (b->f()->C_OpenSession(b->slot, rw_serial, nullptr, nullptr, &b->work) != 0)
            fail_setup(b->label + ": cannot open a session");
    }
    input in(data, size);
    current_mechanism = nullptr;
    switch (in.byte() % 10) {
    case 0: fuzz_digest(in); break;
    case 1: fuzz_aes_cipher(in); break;
    case 2: fuzz_mac(in); break;
    case 3: fuzz_signature(in, 0); break;  // RSA PKCS#1 v1.5 and raw
    case 4: fuzz_signature(in, 1); break;  // RSA PSS
    case 5: fuzz_signature(in, 2); break;  // ECDSA
    case 6: fuzz_rsa_encryption(in); break;
    case 7: fuzz_imported_public_key(in); break;
    case 8: fuzz_key_wrap(in); break;
    case 9: in.byte() & 1 ? fuzz_ecdh(in) : fuzz_damaged_rsa_key(in); break;
    }
    current_mechanism = nullptr;
    for (auto* b : backends) (void)b->f()->C_CloseSession(b->work);
    return 0;
}
