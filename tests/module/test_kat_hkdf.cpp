// CKM_HKDF_DERIVE, CKM_HKDF_DATA and CKM_HKDF_KEY_GEN (3.0 build) through
// PKCS #11 calls on the real module: RFC 5869 appendix A test cases 1-4 and
// 7 as extract-and-expand, extract alone (the PRK) and expand alone, the
// three salt types, CKK_HKDF and CKK_GENERIC_SECRET base keys, and the
// spec's codes for bad parameters and templates.
#include "support.hpp"

using namespace mt;

namespace {

// The parameter, with the buffers it points to.
struct hkdf_params {
    bool extract = true, expand = true;
    mechanism_type hash = mechanism_type::sha256;
    hkdf_salt_flags salt_type = hkdf_salt_flags::hkdf_salt_null;
    bytes salt, info;
    object_handle salt_key = 0;

    bytes raw() const {
        abi::CK_HKDF_PARAMS p{};
        p.bExtract = extract;
        p.bExpand = expand;
        p.prfHashMechanism = static_cast<abi::CK_MECHANISM_TYPE>(hash);
        p.ulSaltType = to_ulong(salt_type);
        p.pSalt = salt.empty() ? nullptr : const_cast<std::uint8_t*>(salt.data());
        p.ulSaltLen = static_cast<abi::CK_ULONG>(salt.size());
        p.hSaltKey = salt_key;
        p.pInfo = info.empty() ? nullptr : const_cast<std::uint8_t*>(info.data());
        p.ulInfoLen = static_cast<abi::CK_ULONG>(info.size());
        bytes out(sizeof p);
        std::memcpy(out.data(), &p, sizeof p);
        return out;
    }
    mechanism get(mechanism_type m = mechanism_type::hkdf_derive) const { return raw_mechanism(m, raw()); }
};

attribute_template readable(ck_ulong length) {
    return {attr::token = false, attr::value_len = length, attr::sensitive = false, attr::extractable = true,
            attr::derive = true};
}

bytes derived_value(const client::session& s, const mechanism& m, object_handle base, attribute_template t) {
    const auto key = must(s.derive(m, base, t), "C_DeriveKey(HKDF)");
    return must(attribute(s, key, attribute_type::value));
}

struct rfc5869_case {
    int number;
    mechanism_type hash;
    bytes ikm, salt, info;
    const char* prk;
    const char* okm;
};

std::vector<rfc5869_case> rfc5869() {
    auto range = [](int from, int to) {
        bytes b;
        for (int i = from; i < to; ++i) b.push_back(static_cast<std::uint8_t>(i));
        return b;
    };
    return {
        {1, mechanism_type::sha256, bytes(22, 0x0b), range(0x00, 0x0d), range(0xf0, 0xfa),
         "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
         "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
        {2, mechanism_type::sha256, range(0x00, 0x50), range(0x60, 0xb0), range(0xb0, 0x100),
         "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
         "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
         "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"},
        // Test cases 3 and 7: no salt, which is HashLen zeros: CKF_HKDF_SALT_NULL.
        {3, mechanism_type::sha256, bytes(22, 0x0b), {}, {},
         "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
         "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
        {4, mechanism_type::sha_1, bytes(11, 0x0b), range(0x00, 0x0d), range(0xf0, 0xfa),
         "9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243",
         "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896"},
        {7, mechanism_type::sha_1, bytes(22, 0x0c), {}, {}, "2adccada18779e7c2077ad2eb19d3f3e731385dd",
         "2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48"},
    };
}

hkdf_params params_of(const rfc5869_case& c) {
    hkdf_params p;
    p.hash = c.hash;
    p.salt = c.salt;
    p.salt_type = c.salt.empty() ? hkdf_salt_flags::hkdf_salt_null : hkdf_salt_flags::hkdf_salt_data;
    p.info = c.info;
    return p;
}

} // namespace

TEST_CASE("HKDF_DERIVE matches RFC 5869: extract and expand, each alone, salt as data or key", "[kat][hkdf]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    REQUIRE_LISTED(t.m, mechanism_type::hkdf_derive);
    for (const auto& c : rfc5869()) {
        INFO("RFC 5869 test case " << c.number);
        const auto prk = hex(c.prk), okm = hex(c.okm);
        // The IKM as a CKK_HKDF key, and as a generic secret.
        for (auto kt : {key_type::hkdf, key_type::generic_secret}) {
            INFO(to_string(kt).view());
            const auto ikm = secret_key(t.s, kt, c.ikm);
            auto p = params_of(c);
            CHECK(derived_value(t.s, p.get(), ikm, readable(okm.size())) == okm);
            // Extract alone: the PRK, one hash long (the length may be left out).
            p.expand = false;
            CHECK(derived_value(t.s, p.get(), ikm, {attr::token = false, attr::sensitive = false, attr::extractable = true}) ==
                  prk);
            // Expand alone, from the PRK as the base key.
            const auto prk_key = secret_key(t.s, key_type::hkdf, prk);
            p.extract = false;
            p.expand = true;
            CHECK(derived_value(t.s, p.get(), prk_key, readable(okm.size())) == okm);
        }
        // The salt as a key (CKF_HKDF_SALT_KEY).
        if (!c.salt.empty()) {
            auto p = params_of(c);
            p.salt_type = hkdf_salt_flags::hkdf_salt_key;
            p.salt.clear();
            p.salt_key = secret_key(t.s, key_type::generic_secret, c.salt);
            CHECK(derived_value(t.s, p.get(), secret_key(t.s, key_type::hkdf, c.ikm), readable(okm.size())) == okm);
        }
    }
    // The derived key is of the template's type: an AES key from test case 1's first 16 bytes.
    const auto c = rfc5869()[0];
    const auto aes = must(t.s.derive(params_of(c).get(), secret_key(t.s, key_type::hkdf, c.ikm),
                                     {attr::token = false, attr::key_type = key_type::aes,
                                      attr::value_len = ck_ulong{16}, attr::encrypt = true}));
    CHECK(must(t.s.encrypt(aes, mechanism_type::aes_ecb, bv(bytes(16, 0)))) ==
          must(t.s.encrypt(aes_key(t.s, first(hex(c.okm), 16)), mechanism_type::aes_ecb, bv(bytes(16, 0)))));
}

TEST_CASE("HKDF_DATA makes a data object; HKDF_KEY_GEN makes CKK_HKDF keys", "[kat][hkdf]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    REQUIRE_LISTED(t.m, mechanism_type::hkdf_data);
    const auto c = rfc5869()[0];
    auto p = params_of(c);
    p.expand = false;
    const auto data = must(t.s.derive(p.get(mechanism_type::hkdf_data), secret_key(t.s, key_type::hkdf, c.ikm),
                                      {attr::token = false}));
    CHECK(ulong_attribute(t.s, data, attribute_type::cls) == static_cast<ck_ulong>(object_class::data));
    CHECK(must(attribute(t.s, data, attribute_type::value)) == hex(c.prk));
    // Extract and expand: CKA_VALUE_LEN says how long, as for HKDF_DERIVE;
    // the data object does not keep it (data objects have none).
    const auto okm = must(t.s.derive(params_of(c).get(mechanism_type::hkdf_data), secret_key(t.s, key_type::hkdf, c.ikm),
                                     {attr::token = false, attr::value_len = ck_ulong{42}}));
    CHECK(must(attribute(t.s, okm, attribute_type::value)) == hex(c.okm));
    CHECK(query_attribute(t.s, okm, attribute_type::value_len).code == rv::attribute_type_invalid);
    CHECK(t.s.derive(params_of(c).get(mechanism_type::hkdf_data), secret_key(t.s, key_type::hkdf, c.ikm),
                     {attr::token = false})
              .code() == rv::template_incomplete);
    // A data object is no key: a key class in the template is inconsistent.
    CHECK(t.s.derive(p.get(mechanism_type::hkdf_data), secret_key(t.s, key_type::hkdf, c.ikm),
                     {attr::token = false, attr::cls = object_class::secret_key})
              .code() == rv::template_inconsistent);

    REQUIRE_LISTED(t.m, mechanism_type::hkdf_key_gen);
    const auto key = must(t.s.generate_key(mechanism_type::hkdf_key_gen,
                                           {attr::token = false, attr::value_len = ck_ulong{32}, attr::derive = true,
                                            attr::sensitive = false, attr::extractable = true}));
    CHECK(ulong_attribute(t.s, key, attribute_type::key_type) == static_cast<ck_ulong>(key_type::hkdf));
    const auto value = must(attribute(t.s, key, attribute_type::value));
    CHECK(value.size() == 32);
    // It derives as its value does.
    auto q = params_of(c);
    CHECK(derived_value(t.s, q.get(), key, readable(42)) ==
          derived_value(t.s, q.get(), secret_key(t.s, key_type::generic_secret, value), readable(42)));
    CHECK(t.s.generate_key(mechanism_type::hkdf_key_gen, {attr::token = false}).code() == rv::template_incomplete);
}

TEST_CASE("HKDF refuses bad parameters, keys and templates with the spec's codes", "[hkdf]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    REQUIRE_LISTED(t.m, mechanism_type::hkdf_derive);
    const auto c = rfc5869()[0];
    const auto ikm = secret_key(t.s, key_type::hkdf, c.ikm);
    const auto good = params_of(c);
    auto code_of = [&](const hkdf_params& p, attribute_template tmpl = readable(42), object_handle base = 0) {
        return t.s.derive(p.get(), base ? base : ikm, tmpl).code();
    };
    CHECK(code_of(good) == rv::ok);
    auto bad = good;
    bad.extract = bad.expand = false;  // neither step
    CHECK(code_of(bad) == rv::mechanism_param_invalid);
    bad = good;
    bad.hash = mechanism_type::aes_ecb;  // not a digest
    CHECK(code_of(bad) == rv::mechanism_param_invalid);
    for (ck_ulong salt_type : {ck_ulong{0}, ck_ulong{3}, ck_ulong{8}}) {
        INFO("ulSaltType " << salt_type);
        bad = good;
        bad.salt_type = static_cast<hkdf_salt_flags>(salt_type);
        CHECK(code_of(bad) == rv::mechanism_param_invalid);
    }
    bad = good;
    bad.salt.clear();  // CKF_HKDF_SALT_DATA with no salt
    CHECK(code_of(bad) == rv::mechanism_param_invalid);
    // NULL pointers with lengths, a parameter of the wrong size or none.
    auto raw = good.raw();
    abi::CK_HKDF_PARAMS s;
    std::memcpy(&s, raw.data(), sizeof s);
    s.pInfo = nullptr;
    std::memcpy(raw.data(), &s, sizeof s);
    CHECK(t.s.derive(raw_mechanism(mechanism_type::hkdf_derive, raw), ikm, readable(42)).code() ==
          rv::mechanism_param_invalid);
    // ... but what the step that does not run would read is ignored (3.0 mechanisms, HKDF derive).
    s.bExpand = false;
    s.pInfo = nullptr;
    s.ulSaltType = 0x77;
    s.bExtract = true;
    s.ulSaltType = to_ulong(hkdf_salt_flags::hkdf_salt_null);
    std::memcpy(raw.data(), &s, sizeof s);
    CHECK(t.s.derive(raw_mechanism(mechanism_type::hkdf_derive, raw), ikm, {attr::token = false}).has_value());
    s.bExpand = true;
    s.bExtract = false;
    s.ulSaltType = 0x77;
    s.pSalt = nullptr;
    s.pInfo = const_cast<std::uint8_t*>(good.info.data());
    std::memcpy(raw.data(), &s, sizeof s);
    CHECK(t.s.derive(raw_mechanism(mechanism_type::hkdf_derive, raw), ikm, readable(42)).has_value());
    raw = good.raw();
    raw.pop_back();
    CHECK(t.s.derive(raw_mechanism(mechanism_type::hkdf_derive, raw), ikm, readable(42)).code() ==
          rv::mechanism_param_invalid);
    CHECK(t.s.derive(mechanism_type::hkdf_derive, ikm, readable(42)).code() == rv::mechanism_param_invalid);
    // Salt keys: a handle that is none, a key of a type HKDF does not take.
    bad = good;
    bad.salt_type = hkdf_salt_flags::hkdf_salt_key;
    bad.salt_key = 0xdeadbeef;
    CHECK(code_of(bad) == rv::key_handle_invalid);
    bad.salt_key = aes_key(t.s, bytes(16, 1));
    CHECK(code_of(bad) == rv::mechanism_param_invalid);
    // Base keys HKDF does not take.
    CHECK(code_of(good, readable(42), aes_key(t.s, bytes(16, 1))) == rv::key_type_inconsistent);
    // Expanding needs a length; extracting alone makes exactly one hash.
    CHECK(code_of(good, {attr::token = false}) == rv::template_incomplete);
    CHECK(code_of(good, readable(513)) == rv::attribute_value_invalid);
    bad = good;
    bad.expand = false;
    CHECK(code_of(bad, readable(16)) == rv::template_inconsistent);
    // HKDF derives; it is no signature.
    CHECK(sign_init(t.s, good.get(), ikm) == rv::mechanism_invalid);
}

TEST_CASE("HKDF is the 3.0 build's only", "[hkdf]") {
    for (const char* path : {P11FORGE_MODULE_PATH, P11FORGE_MODULE_2_11_PATH}) {
        INFO(path);
        token_fixture t(path);
        for (auto m : {mechanism_type::hkdf_derive, mechanism_type::hkdf_data, mechanism_type::hkdf_key_gen}) {
            INFO(to_string(m).view());
            CHECK(t.m.mechanism(soft_slot, m).code() == rv::mechanism_invalid);
        }
        const auto base = secret_key(t.s, key_type::generic_secret, bytes(22, 0x0b));
        CHECK(t.s.derive(hkdf_params{}.get(), base, readable(42)).code() == rv::mechanism_invalid);
    }
}

// 3.0 mechanisms, HKDF derive: "The exception is a data object which has the
// same size as the underlying hash function, and which may be supplied as an
// input key. In this case bExtract should be true and non-null salt should be
// supplied."  RFC 5869 test case 1's PRK (one SHA-256 long) is the data
// object's value: extracting alone gives HMAC-SHA256(salt, value) (RFC 5869
// 2.2, the HMAC whose RFC 4231 answers pass), and extract and expand give what
// the same value as a generic secret gives (whose RFC 5869 answers pass above).
TEST_CASE("HKDF takes a data object one hash long as its input, extracted with a salt", "[kat][hkdf]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    REQUIRE_LISTED(t.m, mechanism_type::hkdf_derive);
    const auto c = rfc5869()[0];
    const auto value = hex(c.prk);
    REQUIRE(value.size() == 32);
    auto data_object = [&](const bytes& v) {
        return must(t.s.create({attr::cls = object_class::data, attr::token = false, attr::private_ = false,
                                attr::value = sp(v)}));
    };
    const auto data = data_object(value);
    auto p = params_of(c);
    CHECK(derived_value(t.s, p.get(), data, readable(42)) ==
          derived_value(t.s, p.get(), secret_key(t.s, key_type::generic_secret, value), readable(42)));
    p.expand = false;
    CHECK(derived_value(t.s, p.get(), data, {attr::token = false, attr::sensitive = false, attr::extractable = true}) ==
          must(t.s.sign(secret_key(t.s, key_type::generic_secret, c.salt), mechanism_type::sha256_hmac, bv(value))));
    // The salt as a key serves as well; so does CKM_HKDF_DATA (a data object from a data object).
    auto keyed = params_of(c);
    keyed.salt_type = hkdf_salt_flags::hkdf_salt_key;
    keyed.salt.clear();
    keyed.salt_key = secret_key(t.s, key_type::generic_secret, c.salt);
    const auto okm = derived_value(t.s, params_of(c).get(), data, readable(42));
    CHECK(derived_value(t.s, keyed.get(), data, readable(42)) == okm);
    const auto out = must(t.s.derive(params_of(c).get(mechanism_type::hkdf_data), data,
                                     {attr::cls = object_class::data, attr::token = false, attr::value_len = ck_ulong{42}}));
    CHECK(must(attribute(t.s, out, attribute_type::value)) == okm);
    // Not extracted, or extracted without a salt: refused, as the spec's exception asks.
    auto bad = params_of(c);
    bad.extract = false;
    CHECK(t.s.derive(bad.get(), data, readable(42)).code() == rv::mechanism_param_invalid);
    bad = params_of(c);
    bad.salt_type = hkdf_salt_flags::hkdf_salt_null;
    bad.salt.clear();
    CHECK(t.s.derive(bad.get(), data, readable(42)).code() == rv::mechanism_param_invalid);
    // Not one hash long (SHA-256: 32 bytes; SHA-1: 20).
    for (std::size_t n : {std::size_t{0}, std::size_t{31}, std::size_t{33}}) {
        INFO(n << " bytes");
        CHECK(t.s.derive(params_of(c).get(), data_object(bytes(n, 0x0b)), readable(42)).code() == rv::key_size_range);
    }
    auto sha1 = params_of(c);
    sha1.hash = mechanism_type::sha_1;
    CHECK(t.s.derive(sha1.get(), data, readable(42)).code() == rv::key_size_range);
    CHECK(t.s.derive(sha1.get(), data_object(first(value, 20)), readable(42)).has_value());
    // HKDF's exception only: no other mechanism takes a data object as its key.
    CHECK(sign_init(t.s, mechanism_type::sha256_hmac, data) == rv::key_type_inconsistent);
    // Where the token has ECDH (Windows' CNG in wine has not, and answers
    // MECHANISM_INVALID first; the HMAC line above checks the rule there).
    if (t.m.mechanism(0, mechanism_type::ecdh1_derive)) {
        bytes peer(65, 1);
        peer[0] = 0x04;  // an uncompressed point's form; the base is refused before it is read
        CHECK(t.s.derive(ecdh(mechanism_type::ecdh1_derive, peer), data, readable(16)).code() ==
              rv::key_type_inconsistent);
    }
}
