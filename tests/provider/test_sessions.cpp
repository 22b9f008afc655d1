// Session management: C_OpenSession, C_CloseSession, C_CloseAllSessions,
// C_GetSessionInfo, C_Get/SetOperationState, C_Login, C_Logout,
// C_GetFunctionStatus, C_CancelFunction; 3.0 C_LoginUser and C_SessionCancel;
// re-authentication (CKU_CONTEXT_SPECIFIC).
#include <set>

#include "harness.hpp"

using namespace pt;
using S = p11::session_state;

namespace {

key_pair pin_always_pair(const env& e, CK_SESSION_HANDLE s) {
    tmpl priv;
    priv.flag(A::always_authenticate, true).flag(A::private_, true).flag(A::sign_recover, false);
    return generate_rsa(e, s, {}, std::move(priv));
}

rv sign(const env& e, CK_SESSION_HANDLE s, bytes& sig) {
    CK_BYTE data[] = "to be signed";
    CK_ULONG len = static_cast<CK_ULONG>(sig.size());
    const auto r = R(e.f->C_Sign(s, data, sizeof data, sig.data(), &len));
    if (r == rv::ok) sig.resize(len);
    return r;
}

} // namespace

TEST_CASE("C_OpenSession", "[sessions]") {
    env e;
    CK_SESSION_HANDLE h = 0;
    CHECK(R(e.f->C_OpenSession(fixed, serial, nullptr, nullptr, nullptr)) == rv::arguments_bad);
    CHECK(R(e.f->C_OpenSession(99, serial, nullptr, nullptr, &h)) == rv::slot_id_invalid);
    CHECK(R(e.f->C_OpenSession(fixed, rw, nullptr, nullptr, &h)) == rv::session_parallel_not_supported);
    CHECK(R(e.f->C_OpenSession(fixed, 0, nullptr, nullptr, &h)) == rv::session_parallel_not_supported);
    e.m.remove_token();
    CHECK(R(e.f->C_OpenSession(reader, serial, nullptr, nullptr, &h)) == rv::token_not_present);

    const auto ro = e.open(fixed, false);
    const auto rws = e.open(fixed, true);
    CK_SESSION_INFO info{};
    CHECK(R(e.f->C_GetSessionInfo(ro, nullptr)) == rv::arguments_bad);
    REQUIRE(R(e.f->C_GetSessionInfo(ro, &info)) == rv::ok);
    CHECK(info.slotID == fixed);
    CHECK(info.flags == serial);
    CHECK(info.state == ck(S::ro_public_session));
    CHECK(info.ulDeviceError == 0);
    REQUIRE(R(e.f->C_GetSessionInfo(rws, &info)) == rv::ok);
    CHECK(info.flags == (serial | rw));
    CHECK(info.state == ck(S::rw_public_session));
}

TEST_CASE("Session handles are never reused", "[sessions]") {
    env e;
    std::set<CK_SESSION_HANDLE> seen;
    for (int round = 0; round < 3; ++round) {
        std::vector<CK_SESSION_HANDLE> opened;
        for (int i = 0; i < 5; ++i) {
            const auto h = e.open(i % 2 ? reader : fixed, i % 3 == 0);
            CHECK(seen.insert(h).second);
            opened.push_back(h);
        }
        if (round == 0)
            for (auto h : opened) REQUIRE(R(e.f->C_CloseSession(h)) == rv::ok);
        else
            REQUIRE(R(e.f->C_CloseAllSessions(round == 1 ? fixed : reader)) == rv::ok);
    }
    // ... nor object handles, across destroy/create.
    const auto s = e.open();
    std::set<CK_OBJECT_HANDLE> objects;
    for (int i = 0; i < 5; ++i) {
        const auto h = create_data(e, s, "x", i % 2 == 0);
        CHECK(objects.insert(h).second);
        REQUIRE(R(e.f->C_DestroyObject(s, h)) == rv::ok);
    }
}

TEST_CASE("C_CloseSession and C_CloseAllSessions", "[sessions]") {
    env e;
    const auto a = e.open();
    const auto b = e.open();
    const auto other = e.open(reader);
    const auto obj = create_data(e, a, "a's session object");
    CK_ULONG size = 0;
    CHECK(R(e.f->C_GetObjectSize(b, obj, &size)) == rv::ok);  // visible to the application's other sessions
    REQUIRE(e.login(a) == rv::ok);

    REQUIRE(R(e.f->C_CloseSession(a)) == rv::ok);
    CHECK(R(e.f->C_CloseSession(a)) == rv::session_handle_invalid);
    // a's session objects went with it; the login stays while b is open.
    CHECK(R(e.f->C_GetObjectSize(b, obj, &size)) == rv::object_handle_invalid);
    CHECK(e.state(b) == ck(S::rw_user_functions));

    CHECK(R(e.f->C_CloseAllSessions(99)) == rv::slot_id_invalid);
    REQUIRE(R(e.f->C_CloseAllSessions(fixed)) == rv::ok);
    CK_SESSION_INFO info{};
    CHECK(R(e.f->C_GetSessionInfo(b, &info)) == rv::session_handle_invalid);
    CHECK(R(e.f->C_GetSessionInfo(other, &info)) == rv::ok);
    // Closing the last session logged the user out.
    const auto c = e.open();
    CHECK(e.state(c) == ck(S::rw_public_session));
}

TEST_CASE("The login state is shared by all sessions of the application", "[sessions][login]") {
    env e;
    const auto ro = e.open(fixed, false);
    const auto w = e.open(fixed, true);
    const auto elsewhere = e.open(reader, true);

    CHECK(R(e.f->C_Logout(w)) == rv::user_not_logged_in);
    CHECK(R(e.f->C_Login(w, cku_user, nullptr, 4)) == rv::arguments_bad);
    CHECK(R(e.f->C_Login(w, 7, env::pin_ptr("1234"), 4)) == rv::user_type_invalid);
    CHECK(e.login(w, cku_user, "9999") == rv::pin_incorrect);
    CHECK(e.state(w) == ck(S::rw_public_session));

    REQUIRE(e.login(ro) == rv::ok);
    CHECK(e.state(ro) == ck(S::ro_user_functions));
    CHECK(e.state(w) == ck(S::rw_user_functions));
    CHECK(e.state(elsewhere) == ck(S::rw_public_session));  // another token
    const auto later = e.open(fixed, false);
    CHECK(e.state(later) == ck(S::ro_user_functions));
    CHECK(e.login(w) == rv::user_already_logged_in);
    CHECK(e.login(later) == rv::user_already_logged_in);
    CHECK(e.login(w, cku_so) == rv::user_another_already_logged_in);

    REQUIRE(R(e.f->C_Logout(later)) == rv::ok);
    CHECK(e.state(ro) == ck(S::ro_public_session));
    CHECK(e.state(w) == ck(S::rw_public_session));
    CHECK(R(e.f->C_Logout(w)) == rv::user_not_logged_in);
}

TEST_CASE("SO sessions: no R/O sessions beside them", "[sessions][login]") {
    env e;
    const auto ro = e.open(fixed, false);
    const auto w = e.open(fixed, true);
    CHECK(e.login(w, cku_so) == rv::session_read_only_exists);
    REQUIRE(R(e.f->C_CloseSession(ro)) == rv::ok);
    REQUIRE(e.login(w, cku_so) == rv::ok);
    CHECK(e.state(w) == ck(S::rw_so_functions));
    CK_SESSION_HANDLE h = 0;
    CHECK(R(e.f->C_OpenSession(fixed, serial, nullptr, nullptr, &h)) == rv::session_read_write_so_exists);
    const auto w2 = e.open(fixed, true);
    CHECK(e.state(w2) == ck(S::rw_so_functions));
    CHECK(e.login(w2, cku_so) == rv::user_already_logged_in);
    CHECK(e.login(w2, cku_user) == rv::user_another_already_logged_in);
    // The SO sees no private objects.
    CHECK(find_label(e, w, "provisioned-private").empty());
    CHECK(find_label(e, w, "provisioned-public").size() == 1);
    // R/O sessions on another token are not affected.
    const auto other = e.open(reader, false);
    CHECK(e.state(other) == ck(S::ro_public_session));
    REQUIRE(R(e.f->C_Logout(w)) == rv::ok);
    CHECK(e.state(w2) == ck(S::rw_public_session));
    const auto ro2 = e.open(fixed, false);
    CHECK(e.state(ro2) == ck(S::ro_public_session));
}

TEST_CASE("C_Logout destroys private session objects and invalidates private handles", "[sessions][login]") {
    env e;
    const auto s = e.open();
    REQUIRE(e.login(s) == rv::ok);
    const auto priv_session = create_data(e, s, "private session object", false, true);
    const auto pub_session = create_data(e, s, "public session object", false, false);
    const auto priv_token = find_label(e, s, "provisioned-private");
    REQUIRE(priv_token.size() == 1);
    const auto pub_token = find_label(e, s, "provisioned-public");
    REQUIRE(pub_token.size() == 1);

    REQUIRE(R(e.f->C_Logout(s)) == rv::ok);
    REQUIRE(e.login(s) == rv::ok);
    CK_ULONG size = 0;
    // "even if a user is later logged back into the token, those handles remain invalid"
    CHECK(R(e.f->C_GetObjectSize(s, priv_token[0], &size)) == rv::object_handle_invalid);
    CHECK(R(e.f->C_GetObjectSize(s, priv_session, &size)) == rv::object_handle_invalid);
    CHECK(find_label(e, s, "private session object").empty());  // destroyed
    CHECK(R(e.f->C_GetObjectSize(s, pub_session, &size)) == rv::ok);
    CHECK(R(e.f->C_GetObjectSize(s, pub_token[0], &size)) == rv::ok);
    // The private token object is still on the token, under a new handle.
    const auto again = find_label(e, s, "provisioned-private");
    REQUIRE(again.size() == 1);
    CHECK(again[0] != priv_token[0]);
}

TEST_CASE("C_Logout ends operations that use private keys", "[sessions][login]") {
    env e;
    const auto s = e.open();
    const auto other = e.open();
    REQUIRE(e.login(s) == rv::ok);
    const auto kp = generate_rsa(e, s);
    auto m = mech(M::rsa_pkcs);
    REQUIRE(R(e.f->C_SignInit(other, &m, kp.priv)) == rv::ok);
    auto d = mech(M::sha_1);
    REQUIRE(R(e.f->C_DigestInit(other, &d)) == rv::ok);
    REQUIRE(R(e.f->C_Logout(s)) == rv::ok);
    bytes sig(64);
    CHECK(sign(e, other, sig) == rv::operation_not_initialized);
    CHECK(R(e.f->C_DigestInit(other, &d)) == rv::operation_active);  // not a key operation: kept
}

TEST_CASE("Re-authentication: CKU_CONTEXT_SPECIFIC", "[sessions][login][context]") {
    env e;
    const auto s = e.open();
    auto ctx = [&](std::string_view pin = p11mock::user_pin) { return e.login(s, cku_context, pin); };

    SECTION("needs a logged-in user and an operation that asks for it") {
        CHECK(ctx() == rv::user_not_logged_in);
        REQUIRE(e.login(s) == rv::ok);
        CHECK(ctx() == rv::operation_not_initialized);
        const auto normal = generate_rsa(e, s);
        auto m = mech(M::rsa_pkcs);
        REQUIRE(R(e.f->C_SignInit(s, &m, normal.priv)) == rv::ok);
        CHECK(ctx() == rv::operation_not_initialized);  // the key does not ask for it ...
        bytes sig(64);
        CHECK(sign(e, s, sig) == rv::ok);  // ... and the operation was not affected
        CHECK(e.m.count(p11mock::c_context_login) == 0);
    }
    SECTION("Init, context login, use") {
        REQUIRE(e.login(s) == rv::ok);
        const auto kp = pin_always_pair(e, s);
        auto m = mech(M::rsa_pkcs);
        REQUIRE(R(e.f->C_SignInit(s, &m, kp.priv)) == rv::ok);
        REQUIRE(ctx() == rv::ok);
        CHECK(e.m.count(p11mock::c_context_login) == 1);
        // A length query does not end the authenticated state.
        CK_BYTE data[] = "to be signed";
        CK_ULONG len = 0;
        REQUIRE(R(e.f->C_Sign(s, data, sizeof data, nullptr, &len)) == rv::ok);
        bytes sig(len);
        CHECK(sign(e, s, sig) == rv::ok);
        CHECK(e.state(s) == ck(S::rw_user_functions));
        // Each use needs its own login.
        REQUIRE(R(e.f->C_SignInit(s, &m, kp.priv)) == rv::ok);
        CHECK(sign(e, s, sig) == rv::user_not_logged_in);
    }
    SECTION("skipping it gives CKR_USER_NOT_LOGGED_IN and ends the operation") {
        REQUIRE(e.login(s) == rv::ok);
        const auto kp = pin_always_pair(e, s);
        auto m = mech(M::rsa_pkcs);
        REQUIRE(R(e.f->C_SignInit(s, &m, kp.priv)) == rv::ok);
        bytes sig(64);
        CHECK(sign(e, s, sig) == rv::user_not_logged_in);
        CHECK(sign(e, s, sig) == rv::operation_not_initialized);
        CHECK(e.m.count(p11mock::c_sign) == 0);  // the token never signed
        REQUIRE(R(e.f->C_SignInit(s, &m, kp.priv)) == rv::ok);  // not left active
        // Multi-part too.
        auto m2 = mech(M::sha1_rsa_pkcs);
        // CKM_RSA_PKCS has no multi-part form: its Final is refused as such
        // before any login is asked for, and ends the operation.
        REQUIRE(R(e.f->C_SignFinal(s, nullptr, nullptr)) == rv::function_not_supported);
        REQUIRE(R(e.f->C_SignInit(s, &m2, kp.priv)) == rv::ok);
        CK_BYTE part[] = "part";
        CHECK(R(e.f->C_SignUpdate(s, part, sizeof part)) == rv::user_not_logged_in);
        CHECK(R(e.f->C_SignUpdate(s, part, sizeof part)) == rv::operation_not_initialized);
        CHECK(e.m.count(p11mock::c_sign_update) == 0);
        // Decryption with a PIN-always key.
        auto dm = mech(M::rsa_pkcs);
        REQUIRE(R(e.f->C_DecryptInit(s, &dm, kp.priv)) == rv::ok);
        CK_BYTE in[64] = {}, out[64];
        CK_ULONG out_len = sizeof out;
        CHECK(R(e.f->C_Decrypt(s, in, sizeof in, out, &out_len)) == rv::user_not_logged_in);
        CHECK(R(e.f->C_Decrypt(s, in, sizeof in, out, &out_len)) == rv::operation_not_initialized);
    }
    SECTION("a wrong PIN leaves the operation unauthenticated; the right one then works") {
        REQUIRE(e.login(s) == rv::ok);
        const auto kp = pin_always_pair(e, s);
        auto m = mech(M::rsa_pkcs);
        REQUIRE(R(e.f->C_SignInit(s, &m, kp.priv)) == rv::ok);
        CHECK(ctx("0000") == rv::pin_incorrect);
        CHECK(e.state(s) == ck(S::rw_user_functions));
        REQUIRE(ctx() == rv::ok);
        bytes sig(64);
        CHECK(sign(e, s, sig) == rv::ok);
    }
    SECTION("a PIN locked by re-authentication logs the user out") {
        REQUIRE(e.login(s) == rv::ok);
        const auto kp = pin_always_pair(e, s);
        auto m = mech(M::rsa_pkcs);
        REQUIRE(R(e.f->C_SignInit(s, &m, kp.priv)) == rv::ok);
        CHECK(ctx("0000") == rv::pin_incorrect);
        CHECK(ctx("0000") == rv::pin_incorrect);
        CHECK(ctx("0000") == rv::pin_locked);
        CHECK(e.state(s) == ck(S::rw_public_session));
        bytes sig(64);
        CHECK(sign(e, s, sig) == rv::operation_not_initialized);
    }
}

TEST_CASE("Operation state, parallel-function status", "[sessions]") {
    env e;
    const auto s = e.open();
    CK_ULONG len = 0;
    CHECK(R(e.f->C_GetOperationState(s, nullptr, nullptr)) == rv::arguments_bad);
    CHECK(R(e.f->C_GetOperationState(s, nullptr, &len)) == rv::function_not_supported);
    CK_BYTE state[4] = {};
    CHECK(R(e.f->C_SetOperationState(s, nullptr, 4, 0, 0)) == rv::arguments_bad);
    CHECK(R(e.f->C_SetOperationState(s, state, sizeof state, 0, 0)) == rv::function_not_supported);
    CHECK(R(e.f->C_GetFunctionStatus(s)) == rv::function_not_parallel);
    CHECK(R(e.f->C_CancelFunction(s)) == rv::function_not_parallel);
}

TEST_CASE("3.0: C_LoginUser and C_SessionCancel", "[sessions][interfaces]") {
    env e(variant::v3_0);
    auto get = e.m.sym<CK_C_GetInterface>("C_GetInterface");
    CK_INTERFACE* i = nullptr;
    REQUIRE(R(get(nullptr, nullptr, &i, 0)) == rv::ok);
    auto* v3 = static_cast<CK_FUNCTION_LIST_3_0*>(i->pFunctionList);
    const auto s = e.open();

    CHECK(R(v3->C_LoginUser(s, cku_user, env::pin_ptr("1234"), 4, nullptr, 3)) == rv::arguments_bad);
    // One user per role: a name selects nobody, so it is refused, not ignored (docs/module.md).
    CHECK(R(v3->C_LoginUser(s, cku_user, env::pin_ptr("1234"), 4, env::pin_ptr("alice"), 5)) == rv::user_type_invalid);
    CHECK(e.state(s) == ck(S::rw_public_session));
    REQUIRE(R(v3->C_LoginUser(s, cku_user, env::pin_ptr("1234"), 4, nullptr, 0)) == rv::ok);
    CHECK(e.state(s) == ck(S::rw_user_functions));
    CHECK(R(v3->C_LoginUser(s, cku_user, env::pin_ptr("1234"), 4, nullptr, 0)) == rv::user_already_logged_in);

    const auto kp = generate_rsa(e, s);
    auto m = mech(M::rsa_pkcs);
    REQUIRE(R(e.f->C_SignInit(s, &m, kp.priv)) == rv::ok);
    REQUIRE(R(e.f->C_EncryptInit(s, &m, kp.pub)) == rv::ok);
    tmpl all;
    REQUIRE(R(e.f->C_FindObjectsInit(s, all.data(), 0)) == rv::ok);
    using F = p11::mechanism_flags;
    REQUIRE(R(v3->C_SessionCancel(s, ck(F::sign | F::find_objects))) == rv::ok);
    bytes sig(64);
    CHECK(sign(e, s, sig) == rv::operation_not_initialized);
    CK_OBJECT_HANDLE h[1];
    CK_ULONG n = 0;
    CHECK(R(e.f->C_FindObjects(s, h, 1, &n)) == rv::operation_not_initialized);
    CHECK(R(e.f->C_EncryptInit(s, &m, kp.pub)) == rv::operation_active);  // not cancelled
    REQUIRE(R(v3->C_SessionCancel(s, ck(F::encrypt))) == rv::ok);
    CHECK(R(e.f->C_EncryptInit(s, &m, kp.pub)) == rv::ok);
}
