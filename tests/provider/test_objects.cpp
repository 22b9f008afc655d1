// Object management: C_CreateObject, C_CopyObject, C_DestroyObject,
// C_GetObjectSize, C_GetAttributeValue, C_SetAttributeValue, C_FindObjects*,
// with the object rules of the attribute tables and the visibility of
// private objects.
#include <algorithm>

#include "harness.hpp"

using namespace pt;

namespace {

rv create_rv(const env& e, CK_SESSION_HANDLE s, tmpl& t, CK_OBJECT_HANDLE* out = nullptr) {
    CK_OBJECT_HANDLE h = 0;
    return R(e.f->C_CreateObject(s, t.data(), t.size(), out ? out : &h));
}
rv set_rv(const env& e, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, tmpl& t) {
    return R(e.f->C_SetAttributeValue(s, h, t.data(), t.size()));
}
rv copy_rv(const env& e, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, tmpl& t, CK_OBJECT_HANDLE* out = nullptr) {
    CK_OBJECT_HANDLE dummy = 0;
    return R(e.f->C_CopyObject(s, h, t.data(), t.size(), out ? out : &dummy));
}

tmpl aes_import(bool sensitive = true, bool extractable = false) {
    tmpl t;
    t.cls(O::secret_key).key(K::aes).add(A::value, bytes(16, 0x11)).flag(A::sensitive, sensitive)
        .flag(A::extractable, extractable).flag(A::private_, false);
    return t;
}

tmpl certificate(bool trusted) {
    tmpl t;
    t.cls(O::certificate).ulong(A::certificate_type, 0).str(A::subject, "CN=x").add(A::value, bytes{0x30, 0x00})
        .flag(A::trusted, trusted).flag(A::token, false);
    return t;
}

} // namespace

TEST_CASE("C_CreateObject: arguments and template checks", "[objects][create]") {
    env e;
    const auto s = e.open();
    auto t = data_object("d");
    CHECK(R(e.f->C_CreateObject(s, t.data(), t.size(), nullptr)) == rv::arguments_bad);
    CK_OBJECT_HANDLE h = 0;
    CHECK(R(e.f->C_CreateObject(s, nullptr, 2, &h)) == rv::arguments_bad);

    SECTION("CKA_CLASS is required") {
        tmpl u;
        u.str(A::label, "no class");
        CHECK(create_rv(e, s, u) == rv::template_incomplete);
    }
    SECTION("an attribute of another class") {
        auto u = data_object("d");
        u.key(K::aes);
        CHECK(create_rv(e, s, u) == rv::attribute_type_invalid);
        auto u2 = data_object("d");
        u2.add(A::modulus, bytes{1, 2, 3});
        CHECK(create_rv(e, s, u2) == rv::attribute_type_invalid);
    }
    SECTION("attributes only the token sets are read-only") {
        for (A a : {A::local, A::always_sensitive, A::never_extractable, A::key_gen_mechanism, A::value_len}) {
            auto u = aes_import();
            if (a == A::key_gen_mechanism || a == A::value_len) u.ulong(a, 16);
            else u.flag(a, true);
            INFO(p11::to_string(a).view());
            CHECK(create_rv(e, s, u) == rv::attribute_read_only);
        }
    }
    SECTION("required attributes of the class") {
        tmpl key_without_type;
        key_without_type.cls(O::secret_key).add(A::value, bytes(16, 1)).flag(A::private_, false);
        CHECK(create_rv(e, s, key_without_type) == rv::template_incomplete);
        tmpl key_without_value;
        key_without_value.cls(O::secret_key).key(K::aes).flag(A::private_, false);
        CHECK(create_rv(e, s, key_without_value) == rv::template_incomplete);
        tmpl cert_without_type;
        cert_without_type.cls(O::certificate).add(A::value, bytes{0x30, 0});
        CHECK(create_rv(e, s, cert_without_type) == rv::template_incomplete);
        tmpl rsa_without_modulus;
        rsa_without_modulus.cls(O::public_key).key(K::rsa).add(A::public_exponent, bytes{1, 0, 1});
        CHECK(create_rv(e, s, rsa_without_modulus) == rv::template_incomplete);
    }
    SECTION("malformed templates") {
        tmpl bad_bool = data_object("d");
        bad_bool.add(A::modifiable, bytes{1, 0});
        CHECK(create_rv(e, s, bad_bool) == rv::attribute_value_invalid);
        tmpl unknown = data_object("d");
        unknown.raw(0x7ffffff0, bytes{1});
        CHECK(create_rv(e, s, unknown) == rv::attribute_type_invalid);
        tmpl twice = data_object("d");
        twice.str(A::label, "again");
        CHECK(create_rv(e, s, twice) == rv::template_inconsistent);
        tmpl null_value = data_object("d");
        null_value.null(A::application, 4);
        CHECK(create_rv(e, s, null_value) == rv::attribute_value_invalid);
        tmpl hw;
        hw.cls(O::hw_feature);
        CHECK(create_rv(e, s, hw) == rv::attribute_value_invalid);
    }
    SECTION("CKA_TRUSTED only by the SO") {
        auto cert = certificate(true);
        CHECK(create_rv(e, s, cert) == rv::attribute_read_only);
        auto untrusted = certificate(false);
        CHECK(create_rv(e, s, untrusted) == rv::ok);
        REQUIRE(e.login(s, cku_so) == rv::ok);
        auto again = certificate(true);
        CK_OBJECT_HANDLE c = 0;
        CHECK(create_rv(e, s, again, &c) == rv::ok);
        CHECK(get_bool(e, s, c, A::trusted) == true);
    }
}

TEST_CASE("C_CreateObject: sessions, login, defaults, origin attributes", "[objects][create]") {
    env e;
    const auto ro = e.open(fixed, false);
    const auto s = e.open(fixed, true);
    auto token_obj = data_object("t", true);
    CHECK(create_rv(e, ro, token_obj) == rv::session_read_only);
    auto session_obj = data_object("s", false);
    CHECK(create_rv(e, ro, session_obj) == rv::ok);  // R/O sessions make session objects
    auto priv = data_object("p", false, true);
    CHECK(create_rv(e, s, priv) == rv::user_not_logged_in);

    // Defaults of the object rules.
    tmpl minimal;
    minimal.cls(O::data);
    CK_OBJECT_HANDLE d = 0;
    REQUIRE(create_rv(e, s, minimal, &d) == rv::ok);
    CHECK(get_bool(e, s, d, A::token) == false);
    CHECK(get_bool(e, s, d, A::private_) == false);
    CHECK(get_bool(e, s, d, A::modifiable) == true);
    CHECK(get_bool(e, s, d, A::copyable) == true);
    CHECK(get_bool(e, s, d, A::destroyable) == true);
    CHECK(get_attr(e, s, d, A::label).value.empty());

    REQUIRE(e.login(s) == rv::ok);
    tmpl key;
    key.cls(O::secret_key).key(K::aes).add(A::value, bytes(16, 7));
    CK_OBJECT_HANDLE k = 0;
    REQUIRE(create_rv(e, s, key, &k) == rv::ok);
    CHECK(get_bool(e, s, k, A::private_) == true);    // secret keys are private unless asked
    CHECK(get_bool(e, s, k, A::sensitive) == true);
    CHECK(get_bool(e, s, k, A::extractable) == false);
    // An imported key was known outside the token.
    CHECK(get_bool(e, s, k, A::local) == false);
    CHECK(get_ulong(e, s, k, A::key_gen_mechanism) == unavailable);
    CHECK(get_bool(e, s, k, A::always_sensitive) == false);
    CHECK(get_bool(e, s, k, A::never_extractable) == false);
}

TEST_CASE("The SO creates public objects only, unless the token lets it write private ones", "[objects][create]") {
    // The test token keeps the default (token::so_creates_private_objects()
    // false): PKCS #11's rule.  The PIV token's exception is tested on the
    // card (tests/card/test_enroll.sh).
    env e;
    const auto s = e.open(fixed, true);
    REQUIRE(e.login(s, cku_so) == rv::ok);
    auto priv = data_object("p", false, true);
    CHECK(create_rv(e, s, priv) == rv::user_not_logged_in);
    auto token_priv = data_object("tp", true, true);
    CHECK(create_rv(e, s, token_priv) == rv::user_not_logged_in);
    auto pub = data_object("q", true, false);
    CHECK(create_rv(e, s, pub) == rv::ok);
}

TEST_CASE("C_GetAttributeValue: the output rules", "[objects][get]") {
    env e;
    const auto s = e.open();
    tmpl t = aes_import(true, false);
    t.str(A::label, "secret").nested(A::wrap_template, [] {
        tmpl w;
        w.cls(O::secret_key).flag(A::extractable, true);
        return w;
    }());
    CK_OBJECT_HANDLE k = 0;
    REQUIRE(create_rv(e, s, t, &k) == rv::ok);
    CK_BYTE label[16], value[32], small[2];

    CHECK(R(e.f->C_GetAttributeValue(s, k, nullptr, 1)) == rv::arguments_bad);
    CK_ATTRIBUTE one{ck(A::label), nullptr, 0};
    CHECK(R(e.f->C_GetAttributeValue(s, 0xbad, &one, 1)) == rv::object_handle_invalid);

    SECTION("length query, then value") {
        REQUIRE(R(e.f->C_GetAttributeValue(s, k, &one, 1)) == rv::ok);
        CHECK(one.ulValueLen == 6);
        one.pValue = label;
        REQUIRE(R(e.f->C_GetAttributeValue(s, k, &one, 1)) == rv::ok);
        CHECK(std::string(reinterpret_cast<char*>(label), one.ulValueLen) == "secret");
    }
    SECTION("a sensitive attribute; the others are still filled") {
        CK_ATTRIBUTE a[2] = {{ck(A::value), value, sizeof value}, {ck(A::label), label, sizeof label}};
        CHECK(R(e.f->C_GetAttributeValue(s, k, a, 2)) == rv::attribute_sensitive);
        CHECK(a[0].ulValueLen == unavailable);
        CHECK(a[1].ulValueLen == 6);
    }
    SECTION("an attribute the object does not have") {
        CK_ATTRIBUTE a[2] = {{ck(A::modulus), nullptr, 0}, {ck(A::label), label, sizeof label}};
        CHECK(R(e.f->C_GetAttributeValue(s, k, a, 2)) == rv::attribute_type_invalid);
        CHECK(a[0].ulValueLen == unavailable);
        CHECK(a[1].ulValueLen == 6);
    }
    SECTION("a buffer too small") {
        CK_ATTRIBUTE a[2] = {{ck(A::label), small, sizeof small}, {ck(A::key_type), value, sizeof value}};
        CHECK(R(e.f->C_GetAttributeValue(s, k, a, 2)) == rv::buffer_too_small);
        CHECK(a[0].ulValueLen == unavailable);
        CHECK(a[1].ulValueLen == sizeof(CK_ULONG));
    }
    SECTION("precedence: sensitive > type invalid > buffer too small") {
        CK_ATTRIBUTE a[3] = {{ck(A::label), small, sizeof small}, {ck(A::modulus), nullptr, 0},
                             {ck(A::value), value, sizeof value}};
        CHECK(R(e.f->C_GetAttributeValue(s, k, a, 3)) == rv::attribute_sensitive);
        CK_ATTRIBUTE b[2] = {{ck(A::label), small, sizeof small}, {ck(A::modulus), nullptr, 0}};
        CHECK(R(e.f->C_GetAttributeValue(s, k, b, 2)) == rv::attribute_type_invalid);
    }
    SECTION("an attribute array (CKA_WRAP_TEMPLATE)") {
        CK_ATTRIBUTE a{ck(A::wrap_template), nullptr, 0};
        REQUIRE(R(e.f->C_GetAttributeValue(s, k, &a, 1)) == rv::ok);
        REQUIRE(a.ulValueLen == 2 * sizeof(CK_ATTRIBUTE));
        CK_ATTRIBUTE inner[2] = {};
        a.pValue = inner;
        REQUIRE(R(e.f->C_GetAttributeValue(s, k, &a, 1)) == rv::ok);
        CHECK(inner[0].type == ck(A::cls));
        CHECK(inner[0].ulValueLen == sizeof(CK_ULONG));
        CHECK(inner[1].type == ck(A::extractable));
        CHECK(inner[1].ulValueLen == 1);
        CK_ULONG cls = 0;
        CK_BBOOL ex = 0;
        inner[0].pValue = &cls;
        inner[1].pValue = &ex;
        REQUIRE(R(e.f->C_GetAttributeValue(s, k, &a, 1)) == rv::ok);
        CHECK(cls == ck(O::secret_key));
        CHECK(ex == 1);
        CK_ATTRIBUTE too_few[1] = {};
        CK_ATTRIBUTE b{ck(A::wrap_template), too_few, sizeof too_few};
        CHECK(R(e.f->C_GetAttributeValue(s, k, &b, 1)) == rv::buffer_too_small);
        CHECK(b.ulValueLen == unavailable);
    }
    SECTION("an unextractable key hides its value even when not sensitive") {
        auto u = aes_import(false, false);
        CK_OBJECT_HANDLE k2 = 0;
        REQUIRE(create_rv(e, s, u, &k2) == rv::ok);
        CHECK(get_attr(e, s, k2, A::value).code == rv::attribute_sensitive);
        auto x = aes_import(false, true);
        CK_OBJECT_HANDLE k3 = 0;
        REQUIRE(create_rv(e, s, x, &k3) == rv::ok);
        CHECK(get_attr(e, s, k3, A::value).value == bytes(16, 0x11));
    }
}

TEST_CASE("C_GetAttributeValue in a 2.11 build hides newer attributes", "[objects][get][profile]") {
    env e(variant::v2_11);
    const auto s = e.open();
    REQUIRE(e.login(s) == rv::ok);
    const auto kp = generate_rsa(e, s);
    CHECK(get_attr(e, s, kp.priv, A::always_authenticate).code == rv::attribute_type_invalid);  // 2.20
    CHECK(get_attr(e, s, kp.priv, A::copyable).code == rv::attribute_type_invalid);             // 2.40
    CHECK(get_attr(e, s, kp.priv, A::modulus).code == rv::ok);
    auto t = data_object("d");
    t.flag(A::copyable, false);
    CHECK(create_rv(e, s, t) == rv::attribute_type_invalid);
}

TEST_CASE("C_SetAttributeValue: modifiable, read-only and sticky attributes", "[objects][set]") {
    env e;
    const auto ro = e.open(fixed, false);
    const auto s = e.open();
    const auto d = create_data(e, s, "before");
    tmpl relabel;
    relabel.str(A::label, "after");
    REQUIRE(set_rv(e, s, d, relabel) == rv::ok);
    CHECK(get_string(e, s, d, A::label) == "after");
    CHECK(R(e.f->C_SetAttributeValue(s, 0xbad, relabel.data(), relabel.size())) == rv::object_handle_invalid);
    CHECK(R(e.f->C_SetAttributeValue(s, d, nullptr, 1)) == rv::arguments_bad);

    tmpl to_token;
    to_token.flag(A::token, true);
    CHECK(set_rv(e, s, d, to_token) == rv::attribute_read_only);
    tmpl to_class;
    to_class.cls(O::certificate);
    CHECK(set_rv(e, s, d, to_class) == rv::attribute_read_only);
    tmpl same_class;
    same_class.cls(O::data);
    CHECK(set_rv(e, s, d, same_class) == rv::ok);  // restating a value is no change
    tmpl foreign;
    foreign.add(A::modulus, bytes{1});
    CHECK(set_rv(e, s, d, foreign) == rv::attribute_type_invalid);

    // Session objects may be changed in R/O sessions; token objects not.
    CHECK(set_rv(e, ro, d, relabel) == rv::ok);
    const auto t = create_data(e, s, "token", true);
    CHECK(set_rv(e, ro, t, relabel) == rv::session_read_only);
    CHECK(set_rv(e, s, t, relabel) == rv::ok);
    CHECK(get_string(e, ro, t, A::label) == "after");

    SECTION("sticky CKA_SENSITIVE and CKA_EXTRACTABLE") {
        auto open = aes_import(false, true);
        CK_OBJECT_HANDLE k = 0;
        REQUIRE(create_rv(e, s, open, &k) == rv::ok);
        tmpl unextractable;
        unextractable.flag(A::extractable, false);
        REQUIRE(set_rv(e, s, k, unextractable) == rv::ok);
        tmpl extractable;
        extractable.flag(A::extractable, true);
        CHECK(set_rv(e, s, k, extractable) == rv::attribute_read_only);
        tmpl sensitive;
        sensitive.flag(A::sensitive, true);
        REQUIRE(set_rv(e, s, k, sensitive) == rv::ok);
        tmpl insensitive;
        insensitive.flag(A::sensitive, false);
        CHECK(set_rv(e, s, k, insensitive) == rv::attribute_read_only);
        CHECK(get_bool(e, s, k, A::sensitive) == true);
        CHECK(get_bool(e, s, k, A::extractable) == false);
        // Becoming sensitive later does not make it "always" sensitive.
        CHECK(get_bool(e, s, k, A::always_sensitive) == false);
        tmpl local;
        local.flag(A::local, true);
        CHECK(set_rv(e, s, k, local) == rv::attribute_read_only);
    }
    SECTION("CKA_TRUSTED only by the SO") {
        auto cert = certificate(false);
        CK_OBJECT_HANDLE c = 0;
        REQUIRE(create_rv(e, s, cert, &c) == rv::ok);
        tmpl trust;
        trust.flag(A::trusted, true);
        CHECK(set_rv(e, s, c, trust) == rv::attribute_read_only);
    }
    SECTION("private objects need the user") {
        REQUIRE(e.login(s) == rv::ok);
        const auto p = create_data(e, s, "private", false, true);
        CHECK(set_rv(e, s, p, relabel) == rv::ok);
        REQUIRE(R(e.f->C_Logout(s)) == rv::ok);
        CHECK(set_rv(e, s, p, relabel) == rv::object_handle_invalid);
    }
}

TEST_CASE("Unmodifiable, uncopyable and undestroyable objects", "[objects][policy]") {
    for (auto v : {variant::v2_40, variant::v2_11}) {
        env e(v);
        const bool modern = v == variant::v2_40;
        // What CKR_ACTION_PROHIBITED (2.40) is in this build.
        const rv prohibited = modern ? rv::action_prohibited : p11::downgrade(rv::action_prohibited, p11::profiles::v2_11);
        if (!modern) REQUIRE(prohibited != rv::action_prohibited);  // 2.11 never saw that code
        const auto s = e.open();
        auto fixed_obj = data_object("fixed");
        fixed_obj.flag(A::modifiable, false);
        if (modern) fixed_obj.flag(A::destroyable, false).flag(A::copyable, false);
        CK_OBJECT_HANDLE h = 0;
        REQUIRE(create_rv(e, s, fixed_obj, &h) == rv::ok);
        tmpl relabel;
        relabel.str(A::label, "changed");
        const auto set_result = set_rv(e, s, h, relabel);
        CHECK(set_result == prohibited);
        CHECK(get_string(e, s, h, A::label) == "fixed");
        if (modern) {
            CHECK(R(e.f->C_DestroyObject(s, h)) == rv::action_prohibited);
            CK_ULONG size = 0;
            CHECK(R(e.f->C_GetObjectSize(s, h, &size)) == rv::ok);  // still there
            tmpl none;
            CHECK(copy_rv(e, s, h, none) == rv::action_prohibited);
        }
    }
}

TEST_CASE("C_CopyObject", "[objects][copy]") {
    env e;
    const auto ro = e.open(fixed, false);
    const auto s = e.open();
    const auto d = create_data(e, s, "original");
    tmpl relabel;
    relabel.str(A::label, "copy");
    CK_OBJECT_HANDLE c = 0;
    CHECK(R(e.f->C_CopyObject(s, d, relabel.data(), relabel.size(), nullptr)) == rv::arguments_bad);
    CHECK(copy_rv(e, s, 0xbad, relabel) == rv::object_handle_invalid);
    REQUIRE(copy_rv(e, s, d, relabel, &c) == rv::ok);
    CHECK(c != d);
    CHECK(get_string(e, s, c, A::label) == "copy");
    CHECK(get_string(e, s, d, A::label) == "original");
    CHECK(get_string(e, s, c, A::value) == "payload");

    // A copy may move to the token (a R/W session) and lower its policy flags.
    tmpl to_token;
    to_token.flag(A::token, true).flag(A::modifiable, false);
    CHECK(copy_rv(e, ro, d, to_token) == rv::session_read_only);
    REQUIRE(copy_rv(e, s, d, to_token, &c) == rv::ok);
    CHECK(get_bool(e, s, c, A::token) == true);
    CHECK(get_bool(e, s, c, A::modifiable) == false);
    tmpl raise;
    raise.flag(A::modifiable, true);
    CHECK(copy_rv(e, s, c, raise) == rv::attribute_read_only);
    tmpl cls;
    cls.cls(O::certificate);
    CHECK(copy_rv(e, s, d, cls) == rv::attribute_read_only);

    // Sticky attributes stay sticky; derived attributes are copied.
    REQUIRE(e.login(s) == rv::ok);
    const auto k = generate_secret(e, s);
    tmpl insensitive;
    insensitive.flag(A::sensitive, false);
    CHECK(copy_rv(e, s, k, insensitive) == rv::attribute_read_only);
    tmpl nothing;
    CK_OBJECT_HANDLE k2 = 0;
    REQUIRE(copy_rv(e, s, k, nothing, &k2) == rv::ok);
    CHECK(get_bool(e, s, k2, A::local) == true);
    CHECK(get_ulong(e, s, k2, A::key_gen_mechanism) == ck(M::aes_key_gen));
    // A private copy needs the user (who is logged in here): fine; after logout not visible.
    REQUIRE(R(e.f->C_Logout(s)) == rv::ok);
    CHECK(copy_rv(e, s, k, nothing) == rv::object_handle_invalid);
}

TEST_CASE("C_DestroyObject and C_GetObjectSize", "[objects][destroy]") {
    env e;
    const auto ro = e.open(fixed, false);
    const auto s = e.open();
    const auto t = create_data(e, s, "token", true);
    const auto d = create_data(e, s, "session");
    CK_ULONG size = 0;
    CHECK(R(e.f->C_GetObjectSize(s, d, nullptr)) == rv::arguments_bad);
    REQUIRE(R(e.f->C_GetObjectSize(s, d, &size)) == rv::ok);
    CHECK(size > 0);
    CHECK(R(e.f->C_DestroyObject(ro, t)) == rv::session_read_only);
    CHECK(R(e.f->C_DestroyObject(ro, d)) == rv::ok);
    CHECK(R(e.f->C_DestroyObject(ro, d)) == rv::object_handle_invalid);
    CHECK(R(e.f->C_DestroyObject(s, t)) == rv::ok);
    CHECK(R(e.f->C_GetObjectSize(s, t, &size)) == rv::object_handle_invalid);
    CHECK(find_label(e, s, "token").empty());
    CHECK(R(e.f->C_DestroyObject(s, 0xbad)) == rv::object_handle_invalid);
}

TEST_CASE("C_FindObjects: state machine and batches", "[objects][find]") {
    env e;
    const auto s = e.open();
    const auto other = e.open();
    CK_OBJECT_HANDLE out[3];
    CK_ULONG n = 0;
    CHECK(R(e.f->C_FindObjects(s, out, 3, &n)) == rv::operation_not_initialized);
    CHECK(R(e.f->C_FindObjectsFinal(s)) == rv::operation_not_initialized);
    for (int i = 0; i < 7; ++i) create_data(e, s, "batch", i % 2 == 0);
    tmpl q;
    q.str(A::label, "batch");
    CHECK(R(e.f->C_FindObjectsInit(s, nullptr, 1)) == rv::arguments_bad);
    REQUIRE(R(e.f->C_FindObjectsInit(s, q.data(), q.size())) == rv::ok);
    CHECK(R(e.f->C_FindObjectsInit(s, q.data(), q.size())) == rv::operation_active);
    REQUIRE(R(e.f->C_FindObjectsInit(other, q.data(), q.size())) == rv::ok);  // per session
    CHECK(R(e.f->C_FindObjects(s, out, 3, nullptr)) == rv::arguments_bad);
    CHECK(R(e.f->C_FindObjects(s, nullptr, 3, &n)) == rv::arguments_bad);
    std::vector<CK_ULONG> batches;
    std::vector<CK_OBJECT_HANDLE> all;
    do {
        REQUIRE(R(e.f->C_FindObjects(s, out, 3, &n)) == rv::ok);
        batches.push_back(n);
        all.insert(all.end(), out, out + n);
    } while (n != 0);
    CHECK(batches == std::vector<CK_ULONG>{3, 3, 1, 0});
    std::sort(all.begin(), all.end());
    CHECK(std::unique(all.begin(), all.end()) == all.end());
    REQUIRE(R(e.f->C_FindObjectsFinal(s)) == rv::ok);
    CHECK(R(e.f->C_FindObjectsFinal(s)) == rv::operation_not_initialized);
    REQUIRE(R(e.f->C_FindObjects(other, out, 3, &n)) == rv::ok);
    CHECK(n == 3);  // the other session's search was independent
    REQUIRE(R(e.f->C_FindObjectsFinal(other)) == rv::ok);

    tmpl bad;
    bad.raw(0x7ffffff0, bytes{1});
    CHECK(R(e.f->C_FindObjectsInit(s, bad.data(), bad.size())) == rv::attribute_type_invalid);
    // Another token's objects are not found.
    const auto r = e.open(reader);
    CHECK(find_label(e, r, "batch").empty());
    tmpl by_class;
    by_class.cls(O::data);
    CHECK(find(e, r, by_class).size() == 1);  // its own provisioned public object
}

TEST_CASE("Private objects are invisible before login", "[objects][private]") {
    env e;
    const auto s = e.open();
    tmpl everything;
    const auto before = find(e, s, everything);
    CHECK(before.size() == 1);  // provisioned-public
    REQUIRE(e.login(s) == rv::ok);
    const auto priv_data = find_label(e, s, "provisioned-private");
    REQUIRE(priv_data.size() == 1);
    const auto key = generate_secret(e, s, [] {
        tmpl t;
        t.flag(A::token, true).str(A::label, "private key");
        return t;
    }());
    const auto session_priv = create_data(e, s, "private session", false, true);
    CHECK(find(e, s, everything).size() == 4);

    // Another application's view: a fresh login state (C_Finalize + C_Initialize).
    REQUIRE(R(e.f->C_Finalize(nullptr)) == rv::ok);
    REQUIRE(R(e.f->C_Initialize(nullptr)) == rv::ok);
    const auto s2 = e.open();
    CHECK(find(e, s2, everything).size() == 1);
    CHECK(find_label(e, s2, "private key").empty());
    (void)key;
    (void)session_priv;
    // Log in, get the handles, log out: the handles are of no use.
    REQUIRE(e.login(s2) == rv::ok);
    const auto k = find_label(e, s2, "private key");
    REQUIRE(k.size() == 1);
    const auto p = find_label(e, s2, "provisioned-private");
    REQUIRE(p.size() == 1);
    REQUIRE(R(e.f->C_Logout(s2)) == rv::ok);
    CHECK(get_attr(e, s2, p[0], A::label).code == rv::object_handle_invalid);
    cbc_pad cp;
    CHECK(R(e.f->C_EncryptInit(s2, cp.ptr(), k[0])) == rv::key_handle_invalid);
    CK_ULONG size = 0;
    CHECK(R(e.f->C_GetObjectSize(s2, k[0], &size)) == rv::object_handle_invalid);
}

TEST_CASE("Handles follow what another process did to a token object", "[objects][refresh]") {
    env e;
    const auto s = e.open();
    const auto found = find_label(e, s, "provisioned-public");
    REQUIRE(found.size() == 1);
    const auto h = found[0];
    REQUIRE(e.m.external_relabel(fixed, "provisioned-public", "renamed elsewhere") == 1);
    CHECK(get_string(e, s, h, A::label) == "renamed elsewhere");
    REQUIRE(e.m.external_delete(fixed, "renamed elsewhere") == 1);
    CHECK(get_attr(e, s, h, A::label).code == rv::object_handle_invalid);
}

// Searches among session objects go through an index by class, key type,
// CKA_ID and CKA_LABEL: every way a session object changes or goes must
// reach it, or a search finds a stale label or a handle that is gone.
TEST_CASE("Searches follow session objects through C_SetAttributeValue, destroy, close and logout",
          "[objects][find][session-index]") {
    // Few objects are only listed; from session_object_index::index_from on
    // they are indexed, built at the first search that meets that many.
    const int fillers = GENERATE(0, 40);
    INFO(fillers << " other session objects");
    env e;
    const auto s = e.open();
    const auto other = e.open();
    REQUIRE(e.login(s) == rv::ok);
    for (int i = 0; i < fillers; ++i) create_data(e, s, "filler " + std::to_string(i));
    const auto renamed = create_data(e, s, "before");
    const auto destroyed = create_data(e, s, "destroyed");
    const auto closed = create_data(e, other, "closed with its session");
    const auto priv = create_data(e, s, "private", false, true);
    CHECK(find_label(e, s, "before") == std::vector<CK_OBJECT_HANDLE>{renamed});
    CHECK(find_label(e, other, "closed with its session") == std::vector<CK_OBJECT_HANDLE>{closed});
    // One made after the first search (the index, if any, exists now).
    const auto late = create_data(e, s, "late");
    CHECK(find_label(e, s, "late") == std::vector<CK_OBJECT_HANDLE>{late});
    if (fillers > 0) CHECK(find_label(e, s, "filler 7").size() == 1);

    tmpl relabel;
    relabel.str(A::label, "after");
    REQUIRE(set_rv(e, s, renamed, relabel) == rv::ok);
    CHECK(find_label(e, s, "before").empty());
    CHECK(find_label(e, s, "after") == std::vector<CK_OBJECT_HANDLE>{renamed});

    REQUIRE(R(e.f->C_DestroyObject(s, destroyed)) == rv::ok);
    CHECK(find_label(e, s, "destroyed").empty());

    REQUIRE(R(e.f->C_CloseSession(other)) == rv::ok);
    CHECK(find_label(e, s, "closed with its session").empty());

    CHECK(find_label(e, s, "private") == std::vector<CK_OBJECT_HANDLE>{priv});
    REQUIRE(R(e.f->C_Logout(s)) == rv::ok);
    REQUIRE(e.login(s) == rv::ok);
    CHECK(find_label(e, s, "private").empty());  // destroyed at C_Logout, not hidden

    // Class narrows too, and the rest of the template still decides.
    tmpl data_after;
    data_after.cls(O::data).str(A::label, "after");
    CHECK(find(e, s, data_after) == std::vector<CK_OBJECT_HANDLE>{renamed});
    tmpl key_after;
    key_after.cls(O::secret_key).str(A::label, "after");
    CHECK(find(e, s, key_after).empty());
}
