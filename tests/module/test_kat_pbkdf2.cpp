// CKM_PKCS5_PBKD2 (C_GenerateKey) through PKCS #11 calls on the real module:
// RFC 6070 (PBKDF2-HMAC-SHA1) and RFC 7914 §11 (PBKDF2-HMAC-SHA256), the
// other HMAC PRFs against RFC 8018's definition on the token's HMAC (whose
// RFC 4231 vectors pass in test_kat_symmetric.cpp), both parameter structs
// (2.x CK_PKCS5_PBKD2_PARAMS with a pointer to the password length, 3.0
// CK_PKCS5_PBKD2_PARAMS2 with the length), key types, and the spec's codes.
#include "p11/constants/pbkdf2_prf.hpp"
#include "p11/constants/pbkdf2_salt_source.hpp"
#include "support.hpp"

using namespace mt;

namespace {

// The parameter, with the buffers it points to.  `legacy` gives the 2.x
// struct (ulPasswordLen a CK_ULONG_PTR), otherwise PARAMS2.
struct pbkd2 {
    bytes password, salt;
    abi::CK_ULONG iterations = 1;
    pbkdf2_prf prf = pbkdf2_prf::hmac_sha1;
    bool legacy = false;
    abi::CK_ULONG password_len = 0;  // what the 2.x pointer points to

    // The struct's bytes, pointing into this object.
    bytes raw() {
        password_len = static_cast<abi::CK_ULONG>(password.size());
        abi::CK_PKCS5_PBKD2_PARAMS2 p{};
        p.saltSource = static_cast<abi::CK_ULONG>(pbkdf2_salt_source::salt_specified);
        p.pSaltSourceData = salt.data();
        p.ulSaltSourceDataLen = static_cast<abi::CK_ULONG>(salt.size());
        p.iterations = iterations;
        p.prf = static_cast<abi::CK_ULONG>(prf);
        p.pPassword = password.data();
        p.ulPasswordLen = password_len;
        bytes raw(sizeof p);
        std::memcpy(raw.data(), &p, sizeof p);
        if (legacy) {
            // The same fields, then the pointer (the structs differ in size where Cryptoki packs them).
            abi::CK_PKCS5_PBKD2_PARAMS old{};
            std::memcpy(&old, &p, offsetof(abi::CK_PKCS5_PBKD2_PARAMS, ulPasswordLen));
            old.ulPasswordLen = &password_len;
            raw.resize(sizeof old);
            std::memcpy(raw.data(), &old, sizeof old);
        }
        return raw;
    }
    mechanism get() { return raw_mechanism(mechanism_type::pkcs5_pbkd2, raw()); }
};

// A generic secret of `length` bytes whose value can be read back.
bytes derive(const client::session& s, pbkd2& p, ck_ulong length) {
    const auto key = must(s.generate_key(p.get(), {attr::token = false, attr::value_len = length, attr::sensitive = false,
                                                   attr::extractable = true}),
                          "C_GenerateKey(CKM_PKCS5_PBKD2)");
    return must(attribute(s, key, attribute_type::value));
}

rv generate_code(const client::session& s, const mechanism& m, attribute_template t = {attr::token = false,
                                                                                       attr::value_len = ck_ulong{16}}) {
    return s.generate_key(m, t).code();
}

} // namespace

TEST_CASE("PKCS5_PBKD2 matches RFC 6070 and RFC 7914, with either parameter struct", "[kat][pbkdf2]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::pkcs5_pbkd2);
    const struct {
        const char* password;
        std::size_t password_len;
        const char* salt;
        std::size_t salt_len;
        abi::CK_ULONG iterations;
        pbkdf2_prf prf;
        const char* dk;
    } vectors[] = {
        // RFC 6070 §2 (the 16777216-iteration case left out: minutes of work).
        {"password", 8, "salt", 4, 1, pbkdf2_prf::hmac_sha1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
        {"password", 8, "salt", 4, 2, pbkdf2_prf::hmac_sha1, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
        {"password", 8, "salt", 4, 4096, pbkdf2_prf::hmac_sha1, "4b007901b765489abead49d926f721d065a429c1"},
        {"passwordPASSWORDpassword", 24, "saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096, pbkdf2_prf::hmac_sha1,
         "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"},
        {"pass\0word", 9, "sa\0lt", 5, 4096, pbkdf2_prf::hmac_sha1, "56fa6aa75548099dcc37d7f03425e0c3"},
        // RFC 7914 §11.
        {"passwd", 6, "salt", 4, 1, pbkdf2_prf::hmac_sha256,
         "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
         "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"},
        {"Password", 8, "NaCl", 4, 80000, pbkdf2_prf::hmac_sha256,
         "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
         "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"},
    };
    for (const auto& v : vectors) {
        for (bool legacy : {false, true}) {
            INFO(v.password_len << "-byte password, " << v.iterations << " iterations, "
                                << (legacy ? "CK_PKCS5_PBKD2_PARAMS" : "CK_PKCS5_PBKD2_PARAMS2"));
            pbkd2 p{bytes(v.password, v.password + v.password_len), bytes(v.salt, v.salt + v.salt_len), v.iterations,
                    v.prf, legacy};
            const auto expected = hex(v.dk);
            CHECK(derive(t.s, p, expected.size()) == expected);
        }
    }
}

TEST_CASE("PKCS5_PBKD2 with HMAC-SHA224/384/512 is RFC 8018's F(P, S, 1, 1)", "[kat][pbkdf2]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::pkcs5_pbkd2);
    // RFC 8018 §5.2: with c = 1 and dkLen = hLen, DK = T_1 = PRF(P, S || INT(1)).
    const bytes password = str("passwd"), salt = str("salt");
    const auto hmac_key = secret_key(t.s, key_type::generic_secret, password);
    const struct {
        pbkdf2_prf prf;
        mechanism_type hmac;
    } prfs[] = {{pbkdf2_prf::hmac_sha224, mechanism_type::sha224_hmac},
                {pbkdf2_prf::hmac_sha384, mechanism_type::sha384_hmac},
                {pbkdf2_prf::hmac_sha512, mechanism_type::sha512_hmac}};
    for (const auto& f : prfs) {
        INFO(to_string(f.prf).view());
        const auto t1 = must(t.s.sign(hmac_key, f.hmac, bv(cat(salt, hex("00000001")))));
        pbkd2 p{password, salt, 1, f.prf};
        CHECK(derive(t.s, p, t1.size()) == t1);
    }
}

TEST_CASE("PKCS5_PBKD2 makes the template's key type", "[kat][pbkdf2]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::pkcs5_pbkd2);
    pbkd2 p{str("password"), str("salt"), 2};
    const auto dk = hex("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");  // RFC 6070, c = 2
    // No key type: a generic secret.
    const auto generic = must(t.s.generate_key(p.get(), {attr::token = false, attr::value_len = ck_ulong{20}}));
    CHECK(ulong_attribute(t.s, generic, attribute_type::key_type) == static_cast<ck_ulong>(key_type::generic_secret));
    // An AES key of 16 bytes: the first 16 bytes of DK; it encrypts as an AES key with that value.
    const auto aes = must(t.s.generate_key(p.get(), {attr::token = false, attr::key_type = key_type::aes,
                                                     attr::value_len = ck_ulong{16}, attr::encrypt = true}));
    const auto same = aes_key(t.s, first(dk, 16));
    CHECK(must(t.s.encrypt(aes, mechanism_type::aes_ecb, bv(bytes(16, 7)))) ==
          must(t.s.encrypt(same, mechanism_type::aes_ecb, bv(bytes(16, 7)))));
    CHECK(generate_code(t.s, p.get(), {attr::token = false, attr::key_type = key_type::aes, attr::value_len = ck_ulong{20}}) ==
          rv::attribute_value_invalid);
    // A DES3 key needs no CKA_VALUE_LEN: 24 bytes (where the token has TDEA:
    // a CNG without it skips test_kat_des3.cpp's cases by name, not these).
    if (t.m.mechanism(soft_slot, mechanism_type::des3_ecb)) {
        const auto des = must(t.s.generate_key(p.get(), {attr::token = false, attr::key_type = key_type::des3,
                                                         attr::sensitive = false, attr::extractable = true}));
        CHECK(must(attribute(t.s, des, attribute_type::value)).size() == 24);
    }
}

TEST_CASE("PKCS5_PBKD2 refuses bad parameters and templates with the spec's codes", "[pbkdf2]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::pkcs5_pbkd2);
    auto good = [] { return pbkd2{str("password"), str("salt"), 1}; };
    CHECK(generate_code(t.s, good().get()) == rv::ok);
    // The template must say how long a generic secret is; not more than the token makes.
    CHECK(generate_code(t.s, good().get(), {attr::token = false}) == rv::template_incomplete);
    CHECK(generate_code(t.s, good().get(), {attr::token = false, attr::value_len = ck_ulong{0}}) ==
          rv::attribute_value_invalid);
    CHECK(generate_code(t.s, good().get(), {attr::token = false, attr::value_len = ck_ulong{1} << 20}) ==
          rv::attribute_value_invalid);
    // No parameter, one of the wrong size.
    CHECK(generate_code(t.s, mechanism_type::pkcs5_pbkd2) == rv::mechanism_param_invalid);
    auto raw = good().get();
    auto ck = raw.ck();
    ck.ulParameterLen -= 1;
    abi::CK_ATTRIBUTE len_attr{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::value_len), nullptr, 0};
    ck_ulong sixteen = 16;
    len_attr.pValue = &sixteen;
    len_attr.ulValueLen = sizeof sixteen;
    abi::CK_OBJECT_HANDLE h = 0;
    CHECK(code(t.fn()->C_GenerateKey(t.h(), &ck, &len_attr, 1, &h)) == rv::mechanism_param_invalid);
    ck.ulParameterLen += 1;
    ck.pParameter = nullptr;
    CHECK(code(t.fn()->C_GenerateKey(t.h(), &ck, &len_attr, 1, &h)) == rv::mechanism_param_invalid);
    // Fields: the salt source, zero iterations, a PRF that is none or not computed here.
    auto params_with = [&](auto change) {
        auto p = good();
        bytes b = p.raw();
        abi::CK_PKCS5_PBKD2_PARAMS2 s;
        std::memcpy(&s, b.data(), sizeof s);
        change(s);
        std::memcpy(b.data(), &s, sizeof s);
        return generate_code(t.s, raw_mechanism(mechanism_type::pkcs5_pbkd2, b));
    };
    using P = abi::CK_PKCS5_PBKD2_PARAMS2;
    CHECK(params_with([](P& s) { s.saltSource = 0; }) == rv::mechanism_param_invalid);
    CHECK(params_with([](P& s) { s.saltSource = 2; }) == rv::mechanism_param_invalid);
    CHECK(params_with([](P& s) { s.iterations = 0; }) == rv::mechanism_param_invalid);
    CHECK(params_with([](P& s) { s.prf = 0x99; }) == rv::mechanism_param_invalid);
    CHECK(params_with([](P& s) { s.prf = static_cast<abi::CK_ULONG>(pbkdf2_prf::hmac_gostr3411); }) ==
          rv::mechanism_param_invalid);
    // NULL pointers with lengths.
    CHECK(params_with([](P& s) { s.pSaltSourceData = nullptr; }) == rv::mechanism_param_invalid);
    CHECK(params_with([](P& s) { s.pPassword = nullptr; }) == rv::mechanism_param_invalid);
    CHECK(params_with([](P& s) { s.pPrfData = nullptr, s.ulPrfDataLen = 4; }) == rv::mechanism_param_invalid);
    // The 2.x struct whose pointer says more than the limit.
    auto legacy = good();
    legacy.legacy = true;
    bytes b = legacy.raw();
    abi::CK_PKCS5_PBKD2_PARAMS old;
    REQUIRE(b.size() == sizeof old);
    std::memcpy(&old, b.data(), sizeof old);
    abi::CK_ULONG huge = abi::CK_ULONG{1} << 20;
    old.ulPasswordLen = &huge;
    std::memcpy(b.data(), &old, sizeof old);
    CHECK(generate_code(t.s, raw_mechanism(mechanism_type::pkcs5_pbkd2, b)) == rv::mechanism_param_invalid);
    // The mechanism generates: it is no cipher.
    const auto k = aes_key(t.s, bytes(16, 1));
    CHECK(encrypt_init(t.s, good().get(), k) == rv::mechanism_invalid);
}

TEST_CASE("PKCS5_PBKD2 in the 2.11 build: HMAC-SHA1 only", "[pbkdf2]") {
    token_fixture t(P11FORGE_MODULE_2_11_PATH);
    REQUIRE_LISTED(t.m, mechanism_type::pkcs5_pbkd2);
    pbkd2 sha1{str("password"), str("salt"), 1};
    CHECK(derive(t.s, sha1, 20) == hex("0c60c80f961f0e71f3a9b524af6012062fe037a6"));
    // The SHA-2 PRFs are 2.40's: an invalid parameter for a 2.11 module.
    pbkd2 sha256{str("passwd"), str("salt"), 1, pbkdf2_prf::hmac_sha256};
    CHECK(generate_code(t.s, sha256.get()) == rv::mechanism_param_invalid);
}
