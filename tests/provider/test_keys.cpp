// Key management and random numbers: C_GenerateKey, C_GenerateKeyPair,
// C_WrapKey, C_UnwrapKey, C_DeriveKey, C_GenerateRandom, C_SeedRandom, with
// the attributes only the framework sets (CKA_LOCAL, CKA_KEY_GEN_MECHANISM,
// CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE).
#include "harness.hpp"

using namespace pt;
using C = p11mock::counter;

namespace {

rv generate_rv(const env& e, CK_SESSION_HANDLE s, M m, tmpl& t, CK_OBJECT_HANDLE* out = nullptr) {
    auto mm = mech(m);
    CK_OBJECT_HANDLE h = 0;
    return R(e.f->C_GenerateKey(s, &mm, t.data(), t.size(), out ? out : &h));
}
rv generate_pair_rv(const env& e, CK_SESSION_HANDLE s, M m, tmpl& pub, tmpl& priv) {
    auto mm = mech(m);
    CK_OBJECT_HANDLE a = 0, b = 0;
    return R(e.f->C_GenerateKeyPair(s, &mm, pub.data(), pub.size(), priv.data(), priv.size(), &a, &b));
}

// A secret key with a known value, imported.
CK_OBJECT_HANDLE known_key(const env& e, CK_SESSION_HANDLE s, const bytes& value, K type, tmpl extra = {}) {
    tmpl t = std::move(extra);
    t.cls(O::secret_key).key(type).add(A::value, value).flag(A::sensitive, false).flag(A::extractable, true)
        .flag(A::private_, false);
    return create(e, s, t);
}

bytes wrap(const env& e, CK_SESSION_HANDLE s, cbc_pad& m, CK_OBJECT_HANDLE wrapping, CK_OBJECT_HANDLE key) {
    CK_ULONG len = 0;
    REQUIRE(R(e.f->C_WrapKey(s, m.ptr(), wrapping, key, nullptr, &len)) == rv::ok);
    bytes out(len);
    REQUIRE(R(e.f->C_WrapKey(s, m.ptr(), wrapping, key, out.data(), &len)) == rv::ok);
    out.resize(len);
    return out;
}

} // namespace

TEST_CASE("C_GenerateKey: checks and derived attributes", "[keys][generate]") {
    env e;
    const auto ro = e.open(fixed, false);
    const auto s = e.open();
    tmpl t;
    t.ulong(A::value_len, 16);
    CK_OBJECT_HANDLE h = 0;
    CHECK(R(e.f->C_GenerateKey(s, nullptr, t.data(), t.size(), &h)) == rv::arguments_bad);
    auto gen = mech(M::aes_key_gen);
    CHECK(R(e.f->C_GenerateKey(s, &gen, t.data(), t.size(), nullptr)) == rv::arguments_bad);
    CHECK(generate_rv(e, s, M::aes_cbc_pad, t) == rv::mechanism_invalid);
    CHECK(generate_rv(e, s, M::aes_key_gen, t) == rv::user_not_logged_in);  // secret keys are private by default

    tmpl pub_class;
    pub_class.ulong(A::value_len, 16).cls(O::public_key);
    CHECK(generate_rv(e, s, M::aes_key_gen, pub_class) == rv::template_inconsistent);
    tmpl other_type;
    other_type.ulong(A::value_len, 16).key(K::generic_secret);
    CHECK(generate_rv(e, s, M::aes_key_gen, other_type) == rv::template_inconsistent);
    tmpl with_value;
    with_value.ulong(A::value_len, 16).add(A::value, bytes(16)).flag(A::private_, false);
    CHECK(generate_rv(e, s, M::aes_key_gen, with_value) == rv::attribute_read_only);
    tmpl with_local;
    with_local.ulong(A::value_len, 16).flag(A::local, true).flag(A::private_, false);
    CHECK(generate_rv(e, s, M::aes_key_gen, with_local) == rv::attribute_read_only);
    tmpl on_token;
    on_token.ulong(A::value_len, 16).flag(A::token, true).flag(A::private_, false);
    CHECK(generate_rv(e, ro, M::aes_key_gen, on_token) == rv::session_read_only);
    tmpl no_length;
    no_length.flag(A::private_, false);
    CHECK(generate_rv(e, s, M::aes_key_gen, no_length) == rv::template_incomplete);
    CHECK(e.m.count(C::c_generate) == 1);  // only the last one reached the token

    REQUIRE(e.login(s) == rv::ok);
    const auto k = generate_secret(e, s);
    CHECK(get_ulong(e, s, k, A::cls) == ck(O::secret_key));
    CHECK(get_ulong(e, s, k, A::key_type) == ck(K::aes));
    CHECK(get_ulong(e, s, k, A::value_len) == 16);
    CHECK(get_bool(e, s, k, A::local) == true);
    CHECK(get_ulong(e, s, k, A::key_gen_mechanism) == ck(M::aes_key_gen));
    CHECK(get_bool(e, s, k, A::always_sensitive) == true);
    CHECK(get_bool(e, s, k, A::never_extractable) == true);
    CHECK(get_attr(e, s, k, A::value).code == rv::attribute_sensitive);

    tmpl open_key;
    open_key.flag(A::sensitive, false).flag(A::extractable, true);
    const auto k2 = generate_secret(e, s, std::move(open_key), M::generic_secret_key_gen, 24);
    CHECK(get_ulong(e, s, k2, A::key_type) == ck(K::generic_secret));
    CHECK(get_ulong(e, s, k2, A::key_gen_mechanism) == ck(M::generic_secret_key_gen));
    CHECK(get_bool(e, s, k2, A::always_sensitive) == false);
    CHECK(get_bool(e, s, k2, A::never_extractable) == false);
    CHECK(get_attr(e, s, k2, A::value).value.size() == 24);
}

TEST_CASE("C_GenerateKeyPair: checks and derived attributes", "[keys][generate]") {
    env e;
    const auto s = e.open();
    tmpl pub, priv;
    pub.ulong(A::modulus_bits, 512);
    CHECK(generate_pair_rv(e, s, M::rsa_pkcs_key_pair_gen, pub, priv) == rv::user_not_logged_in);
    REQUIRE(e.login(s) == rv::ok);
    auto gen = mech(M::rsa_pkcs_key_pair_gen);
    CK_OBJECT_HANDLE a = 0;
    CHECK(R(e.f->C_GenerateKeyPair(s, &gen, pub.data(), pub.size(), priv.data(), priv.size(), &a, nullptr)) ==
          rv::arguments_bad);
    CHECK(R(e.f->C_GenerateKeyPair(s, nullptr, pub.data(), pub.size(), priv.data(), priv.size(), &a, &a)) ==
          rv::arguments_bad);
    CHECK(generate_pair_rv(e, s, M::aes_key_gen, pub, priv) == rv::mechanism_invalid);
    tmpl no_bits;
    CHECK(generate_pair_rv(e, s, M::rsa_pkcs_key_pair_gen, no_bits, priv) == rv::template_incomplete);
    tmpl with_modulus;
    with_modulus.ulong(A::modulus_bits, 512).add(A::modulus, bytes(64, 1));
    CHECK(generate_pair_rv(e, s, M::rsa_pkcs_key_pair_gen, with_modulus, priv) == rv::attribute_read_only);
    tmpl wrong_class;
    wrong_class.cls(O::secret_key);
    CHECK(generate_pair_rv(e, s, M::rsa_pkcs_key_pair_gen, pub, wrong_class) == rv::template_inconsistent);
    tmpl bad_size;
    bad_size.ulong(A::modulus_bits, 100);
    CHECK(generate_pair_rv(e, s, M::rsa_pkcs_key_pair_gen, bad_size, priv) == rv::key_size_range);

    const auto kp = generate_rsa(e, s);
    for (auto h : {kp.pub, kp.priv}) {
        CHECK(get_bool(e, s, h, A::local) == true);
        CHECK(get_ulong(e, s, h, A::key_gen_mechanism) == ck(M::rsa_pkcs_key_pair_gen));
        CHECK(get_ulong(e, s, h, A::key_type) == ck(K::rsa));
    }
    CHECK(get_ulong(e, s, kp.pub, A::cls) == ck(O::public_key));
    CHECK(get_ulong(e, s, kp.priv, A::cls) == ck(O::private_key));
    CHECK(get_bool(e, s, kp.priv, A::always_sensitive) == true);
    CHECK(get_bool(e, s, kp.priv, A::never_extractable) == true);
    CHECK(get_attr(e, s, kp.pub, A::always_sensitive).code == rv::attribute_type_invalid);  // not a public key's
    const auto modulus = get_attr(e, s, kp.pub, A::modulus);
    CHECK(modulus.value.size() == 64);
    CHECK(get_attr(e, s, kp.priv, A::modulus).value == modulus.value);
    CHECK(get_attr(e, s, kp.priv, A::private_exponent).code == rv::attribute_sensitive);
    CHECK(get_bool(e, s, kp.pub, A::private_) == false);
    CHECK(get_bool(e, s, kp.priv, A::private_) == true);

    // EC: CKA_EC_PARAMS is required in the public template.
    tmpl ec_pub, ec_priv;
    CHECK(generate_pair_rv(e, s, M::ec_key_pair_gen, ec_pub, ec_priv) == rv::template_incomplete);
    const bytes p256_oid{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    ec_pub.add(A::ec_params, p256_oid);
    auto ec = mech(M::ec_key_pair_gen);
    key_pair ekp;
    REQUIRE(R(e.f->C_GenerateKeyPair(s, &ec, ec_pub.data(), ec_pub.size(), ec_priv.data(), ec_priv.size(), &ekp.pub,
                                     &ekp.priv)) == rv::ok);
    CHECK(get_attr(e, s, ekp.pub, A::ec_point).value.size() == 65);
    CHECK(get_attr(e, s, ekp.priv, A::ec_params).value == p256_oid);
    CHECK(get_ulong(e, s, ekp.priv, A::key_type) == ck(K::ec));
}

TEST_CASE("C_WrapKey / C_UnwrapKey", "[keys][wrap]") {
    env e;
    const auto s = e.open();
    REQUIRE(e.login(s) == rv::ok);
    const bytes secret(16, 0x5a);
    const auto target = known_key(e, s, secret, K::aes);
    const auto wrapping = open_aes_key(e, s);
    cbc_pad m;

    SECTION("two-call convention: same bytes, wrapped once") {
        const auto wraps = e.m.count(C::c_wrap);
        CK_ULONG len = 0;
        REQUIRE(R(e.f->C_WrapKey(s, m.ptr(), wrapping, target, nullptr, &len)) == rv::ok);
        CHECK(len == 32);
        bytes small(4);
        len = 4;
        REQUIRE(R(e.f->C_WrapKey(s, m.ptr(), wrapping, target, small.data(), &len)) == rv::buffer_too_small);
        CHECK(len == 32);
        bytes wrapped(32);
        REQUIRE(R(e.f->C_WrapKey(s, m.ptr(), wrapping, target, wrapped.data(), &len)) == rv::ok);
        CHECK(len == 32);
        CHECK(e.m.count(C::c_wrap) == wraps + 1);

        // Unwrapped: the same key material, with the attributes of a key that came from outside.
        tmpl t;
        t.cls(O::secret_key).key(K::aes).flag(A::sensitive, false).flag(A::extractable, true);
        CK_OBJECT_HANDLE k = 0;
        REQUIRE(R(e.f->C_UnwrapKey(s, m.ptr(), wrapping, wrapped.data(), len, t.data(), t.size(), &k)) == rv::ok);
        CHECK(get_attr(e, s, k, A::value).value == secret);
        CHECK(get_ulong(e, s, k, A::value_len) == 16);
        CHECK(get_bool(e, s, k, A::local) == false);
        CHECK(get_ulong(e, s, k, A::key_gen_mechanism) == unavailable);
        CHECK(get_bool(e, s, k, A::always_sensitive) == false);
        CHECK(get_bool(e, s, k, A::never_extractable) == false);
        // A sensitive, unextractable unwrapped key was still known outside once.
        tmpl t2;
        t2.cls(O::secret_key).key(K::aes);
        CK_OBJECT_HANDLE k2 = 0;
        REQUIRE(R(e.f->C_UnwrapKey(s, m.ptr(), wrapping, wrapped.data(), len, t2.data(), t2.size(), &k2)) == rv::ok);
        CHECK(get_bool(e, s, k2, A::always_sensitive) == false);
        CHECK(get_bool(e, s, k2, A::never_extractable) == false);
    }
    SECTION("wrap: handles, key checks, policies") {
        CK_ULONG len = 64;
        bytes out(64);
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), 0xbad, target, out.data(), &len)) == rv::wrapping_key_handle_invalid);
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), wrapping, 0xbad, out.data(), &len)) == rv::key_handle_invalid);
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), wrapping, target, out.data(), nullptr)) == rv::arguments_bad);
        CHECK(R(e.f->C_WrapKey(s, nullptr, wrapping, target, out.data(), &len)) == rv::arguments_bad);
        const auto kp = generate_rsa(e, s);
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), kp.pub, target, out.data(), &len)) == rv::wrapping_key_type_inconsistent);
        tmpl no_wrap;
        no_wrap.flag(A::wrap, false);
        const auto cannot = generate_secret(e, s, std::move(no_wrap));
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), cannot, target, out.data(), &len)) == rv::key_function_not_permitted);
        const auto locked_in = generate_secret(e, s);  // sensitive, unextractable
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), wrapping, locked_in, out.data(), &len)) == rv::key_unextractable);
        tmpl trusted_only;
        trusted_only.flag(A::wrap_with_trusted, true);
        const auto picky = known_key(e, s, secret, K::aes, std::move(trusted_only));
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), wrapping, picky, out.data(), &len)) == rv::key_not_wrappable);
        // CKA_WRAP_TEMPLATE: the wrapped key must match it.
        tmpl policy;
        policy.nested(A::wrap_template, [] {
            tmpl w;
            w.key(K::generic_secret);
            return w;
        }());
        const auto restricted = known_key(e, s, bytes(16, 3), K::aes, std::move(policy));
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), restricted, target, out.data(), &len)) == rv::key_not_wrappable);
        const auto generic = known_key(e, s, bytes(16, 4), K::generic_secret);
        len = 64;
        CHECK(R(e.f->C_WrapKey(s, m.ptr(), restricted, generic, out.data(), &len)) == rv::ok);
    }
    SECTION("unwrap: handles, templates, policies") {
        auto wrapped = wrap(e, s, m, wrapping, target);
        const auto n = static_cast<CK_ULONG>(wrapped.size());
        CK_OBJECT_HANDLE k = 0;
        tmpl t;
        t.cls(O::secret_key).key(K::aes);
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), 0xbad, wrapped.data(), n, t.data(), t.size(), &k)) ==
              rv::unwrapping_key_handle_invalid);
        const auto kp = generate_rsa(e, s);
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), kp.priv, wrapped.data(), n, t.data(), t.size(), &k)) ==
              rv::unwrapping_key_type_inconsistent);
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), wrapping, wrapped.data(), n, t.data(), t.size(), nullptr)) ==
              rv::arguments_bad);
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), wrapping, nullptr, n, t.data(), t.size(), &k)) == rv::arguments_bad);
        tmpl no_class;
        no_class.key(K::aes);
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), wrapping, wrapped.data(), n, no_class.data(), no_class.size(), &k)) ==
              rv::template_incomplete);
        tmpl no_type;
        no_type.cls(O::secret_key);
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), wrapping, wrapped.data(), n, no_type.data(), no_type.size(), &k)) ==
              rv::template_incomplete);
        tmpl with_value;
        with_value.cls(O::secret_key).key(K::aes).add(A::value, bytes(16));
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), wrapping, wrapped.data(), n, with_value.data(), with_value.size(), &k)) ==
              rv::attribute_read_only);
        bytes garbage(32, 0);
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), wrapping, garbage.data(), 31, t.data(), t.size(), &k)) ==
              rv::wrapped_key_len_range);
        // CKA_UNWRAP_TEMPLATE: the new key must match it.
        tmpl policy;
        policy.nested(A::unwrap_template, [] {
            tmpl w;
            w.flag(A::extractable, false);
            return w;
        }());
        const auto restricted = known_key(e, s, bytes(16, 0x21), K::aes, std::move(policy));
        const auto wrapped2 = wrap(e, s, m, restricted, target);
        tmpl wants_extractable;
        wants_extractable.cls(O::secret_key).key(K::aes).flag(A::extractable, true);
        auto w2 = wrapped2;
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), restricted, w2.data(), static_cast<CK_ULONG>(w2.size()),
                                 wants_extractable.data(), wants_extractable.size(), &k)) == rv::template_inconsistent);
        tmpl fine;
        fine.cls(O::secret_key).key(K::aes).flag(A::extractable, false);
        CHECK(R(e.f->C_UnwrapKey(s, m.ptr(), restricted, w2.data(), static_cast<CK_ULONG>(w2.size()), fine.data(),
                                 fine.size(), &k)) == rv::ok);
    }
}

TEST_CASE("C_DeriveKey", "[keys][derive]") {
    env e;
    const auto s = e.open();
    REQUIRE(e.login(s) == rv::ok);
    const bytes base_value{0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80};
    tmpl derive_ok;
    derive_ok.flag(A::derive, true);
    const auto base = known_key(e, s, base_value, K::generic_secret, std::move(derive_ok));
    bytes data{0x01, 0x02};
    CK_KEY_DERIVATION_STRING_DATA param{data.data(), 2};
    auto m = mech(M::xor_base_and_data, &param, sizeof param);
    tmpl t;
    t.flag(A::sensitive, false).flag(A::extractable, true);
    CK_OBJECT_HANDLE k = 0;

    CHECK(R(e.f->C_DeriveKey(s, &m, base, t.data(), t.size(), nullptr)) == rv::arguments_bad);
    CHECK(R(e.f->C_DeriveKey(s, &m, 0xbad, t.data(), t.size(), &k)) == rv::key_handle_invalid);
    auto short_param = mech(M::xor_base_and_data, &param, sizeof param - 1);
    CHECK(R(e.f->C_DeriveKey(s, &short_param, base, t.data(), t.size(), &k)) == rv::mechanism_param_invalid);
    const auto no_derive = known_key(e, s, base_value, K::generic_secret);
    CHECK(R(e.f->C_DeriveKey(s, &m, no_derive, t.data(), t.size(), &k)) == rv::key_function_not_permitted);
    tmpl pub;
    pub.cls(O::public_key);
    CHECK(R(e.f->C_DeriveKey(s, &m, base, pub.data(), pub.size(), &k)) == rv::template_inconsistent);
    tmpl local;
    local.flag(A::local, true);
    CHECK(R(e.f->C_DeriveKey(s, &m, base, local.data(), local.size(), &k)) == rv::attribute_read_only);

    REQUIRE(R(e.f->C_DeriveKey(s, &m, base, t.data(), t.size(), &k)) == rv::ok);
    bytes expected = base_value;
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] ^= data[i % 2];
    CHECK(get_attr(e, s, k, A::value).value == expected);
    CHECK(get_ulong(e, s, k, A::key_type) == ck(K::generic_secret));
    CHECK(get_bool(e, s, k, A::local) == false);
    CHECK(get_ulong(e, s, k, A::key_gen_mechanism) == unavailable);
    CHECK(get_bool(e, s, k, A::always_sensitive) == false);  // the base was imported
    CHECK(get_bool(e, s, k, A::never_extractable) == false);

    // From a base that was always sensitive and never extractable.
    tmpl gen;
    gen.flag(A::derive, true);
    const auto strong = generate_secret(e, s, std::move(gen), M::generic_secret_key_gen, 16);
    tmpl kept;
    CK_OBJECT_HANDLE k2 = 0;
    REQUIRE(R(e.f->C_DeriveKey(s, &m, strong, kept.data(), kept.size(), &k2)) == rv::ok);
    CHECK(get_bool(e, s, k2, A::always_sensitive) == true);
    CHECK(get_bool(e, s, k2, A::never_extractable) == true);
    CK_OBJECT_HANDLE k3 = 0;
    REQUIRE(R(e.f->C_DeriveKey(s, &m, strong, t.data(), t.size(), &k3)) == rv::ok);
    CHECK(get_bool(e, s, k3, A::always_sensitive) == false);  // this one was made readable
    CHECK(get_bool(e, s, k3, A::never_extractable) == false);

    // CKA_DERIVE_TEMPLATE on the base binds the derived key.
    tmpl policy;
    policy.flag(A::derive, true).nested(A::derive_template, [] {
        tmpl w;
        w.flag(A::sensitive, true);
        return w;
    }());
    const auto bound = known_key(e, s, base_value, K::generic_secret, std::move(policy));
    CHECK(R(e.f->C_DeriveKey(s, &m, bound, t.data(), t.size(), &k)) == rv::template_inconsistent);
    tmpl sensitive;
    sensitive.flag(A::sensitive, true);
    CHECK(R(e.f->C_DeriveKey(s, &m, bound, sensitive.data(), sensitive.size(), &k)) == rv::ok);
}

TEST_CASE("C_GenerateRandom and C_SeedRandom", "[keys][random]") {
    env e;
    const auto s = e.open(fixed, false);
    CK_BYTE buf[32] = {};
    CHECK(R(e.f->C_GenerateRandom(s, nullptr, 4)) == rv::arguments_bad);
    CHECK(R(e.f->C_GenerateRandom(s, nullptr, 0)) == rv::ok);
    CHECK(e.m.count(C::c_random) == 0);
    REQUIRE(R(e.f->C_GenerateRandom(s, buf, sizeof buf)) == rv::ok);
    CHECK(e.m.count(C::c_random) == 1);
    CHECK(bytes(buf, buf + 32) != bytes(32, 0));
    CHECK(R(e.f->C_SeedRandom(s, nullptr, 4)) == rv::arguments_bad);
    REQUIRE(R(e.f->C_SeedRandom(s, buf, 8)) == rv::ok);
    CHECK(e.m.count(C::c_seed) == 1);
}
