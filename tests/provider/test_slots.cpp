// Slot and token management: C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo,
// C_GetMechanismList, C_GetMechanismInfo, C_InitToken, C_InitPIN, C_SetPIN,
// C_WaitForSlotEvent (non-blocking; the blocking cases are in
// test_threads.cpp), and token removal.
#include <algorithm>

#include "harness.hpp"

using namespace pt;

namespace {

std::vector<CK_MECHANISM_TYPE> mechanism_list(const env& e, CK_SLOT_ID slot) {
    CK_ULONG n = 0;
    REQUIRE(R(e.f->C_GetMechanismList(slot, nullptr, &n)) == rv::ok);
    std::vector<CK_MECHANISM_TYPE> out(n);
    REQUIRE(R(e.f->C_GetMechanismList(slot, out.data(), &n)) == rv::ok);
    out.resize(n);
    return out;
}
bool contains(const std::vector<CK_MECHANISM_TYPE>& v, M m) { return std::find(v.begin(), v.end(), ck(m)) != v.end(); }

// Every bit of `flags` is a CKF_ mechanism flag a caller of `p` knows.
bool flags_known_in(CK_FLAGS flags, p11::profile p) {
    for (CK_FLAGS bit = 1; bit != 0; bit <<= 1) {
        if (!(flags & bit)) continue;
        if (!p11::exists_in(static_cast<p11::mechanism_flags>(bit), p)) return false;
    }
    return true;
}

std::string label(const CK_TOKEN_INFO& i) { return std::string(reinterpret_cast<const char*>(i.label), 32); }
std::string padded(std::string_view s, std::size_t n) { return std::string(s) + std::string(n - s.size(), ' '); }

bool has_flag(CK_FLAGS flags, p11::token_flags f) { return (flags & ck(f)) != 0; }

} // namespace

TEST_CASE("C_GetSlotList: two-call convention and tokenPresent", "[slots]") {
    env e;
    CK_ULONG n = 0;
    CHECK(R(e.f->C_GetSlotList(0, nullptr, nullptr)) == rv::arguments_bad);
    REQUIRE(R(e.f->C_GetSlotList(0, nullptr, &n)) == rv::ok);
    CHECK(n == 2);
    CK_SLOT_ID one[1] = {0};
    CK_ULONG small = 1;
    CHECK(R(e.f->C_GetSlotList(0, one, &small)) == rv::buffer_too_small);
    CHECK(small == 2);
    CK_SLOT_ID ids[4] = {};
    CK_ULONG big = 4;
    REQUIRE(R(e.f->C_GetSlotList(0, ids, &big)) == rv::ok);
    REQUIRE(big == 2);
    CHECK(ids[0] == fixed);
    CHECK(ids[1] == reader);

    e.m.remove_token();
    REQUIRE(R(e.f->C_GetSlotList(1, nullptr, &n)) == rv::ok);
    CHECK(n == 1);
    big = 4;
    REQUIRE(R(e.f->C_GetSlotList(1, ids, &big)) == rv::ok);
    REQUIRE(big == 1);
    CHECK(ids[0] == fixed);
    REQUIRE(R(e.f->C_GetSlotList(0, nullptr, &n)) == rv::ok);
    CHECK(n == 2);  // the reader is still there, empty
    e.m.insert_token();
    REQUIRE(R(e.f->C_GetSlotList(1, nullptr, &n)) == rv::ok);
    CHECK(n == 2);
}

TEST_CASE("C_GetSlotInfo", "[slots]") {
    env e;
    CK_SLOT_INFO info{};
    CHECK(R(e.f->C_GetSlotInfo(99, &info)) == rv::slot_id_invalid);
    CHECK(R(e.f->C_GetSlotInfo(fixed, nullptr)) == rv::arguments_bad);
    REQUIRE(R(e.f->C_GetSlotInfo(fixed, &info)) == rv::ok);
    CHECK(info.flags == (ck(p11::slot_flags::hw_slot) | ck(p11::slot_flags::token_present)));
    CHECK(std::string(reinterpret_cast<const char*>(info.slotDescription), 64) == padded("mock built-in slot", 64));
    CHECK(info.hardwareVersion.major == 3);
    CHECK(info.hardwareVersion.minor == 1);
    REQUIRE(R(e.f->C_GetSlotInfo(reader, &info)) == rv::ok);
    const CK_FLAGS reader_flags = ck(p11::slot_flags::hw_slot) | ck(p11::slot_flags::removable_device);
    CHECK(info.flags == (reader_flags | ck(p11::slot_flags::token_present)));
    // The framework, not the slot's description, decides CKF_TOKEN_PRESENT.
    e.m.remove_token();
    REQUIRE(R(e.f->C_GetSlotInfo(reader, &info)) == rv::ok);
    CHECK(info.flags == reader_flags);
}

TEST_CASE("C_GetTokenInfo: fields, session counts, PIN counters", "[slots]") {
    env e;
    CK_TOKEN_INFO info{};
    CHECK(R(e.f->C_GetTokenInfo(99, &info)) == rv::slot_id_invalid);
    CHECK(R(e.f->C_GetTokenInfo(fixed, nullptr)) == rv::arguments_bad);
    info = e.token_info();
    CHECK(label(info) == padded(p11mock::token_label, 32));
    CHECK(std::string(reinterpret_cast<const char*>(info.serialNumber), 16) == padded("fixed-0003", 16));
    for (auto f : {p11::token_flags::rng, p11::token_flags::login_required, p11::token_flags::user_pin_initialized,
                   p11::token_flags::token_initialized})
        CHECK(has_flag(info.flags, f));
    CHECK(info.ulSessionCount == 0);
    CHECK(info.ulMaxPinLen == 32);
    CHECK(info.ulMinPinLen == 4);
    CHECK(std::string(reinterpret_cast<const char*>(info.utcTime), 16) == std::string(16, ' '));

    const auto a = e.open(fixed, false);
    const auto b = e.open(fixed, false);
    e.open(fixed, true);
    e.open(reader, true);
    info = e.token_info();
    CHECK(info.ulSessionCount == 3);
    CHECK(info.ulRwSessionCount == 1);
    REQUIRE(R(e.f->C_CloseSession(a)) == rv::ok);
    CHECK(e.token_info().ulSessionCount == 2);

    SECTION("user PIN counter") {
        CHECK(e.login(b, cku_user, "0000") == rv::pin_incorrect);
        info = e.token_info();
        CHECK(has_flag(info.flags, p11::token_flags::user_pin_count_low));
        CHECK_FALSE(has_flag(info.flags, p11::token_flags::user_pin_final_try));
        CHECK(e.login(b, cku_user, "0000") == rv::pin_incorrect);
        info = e.token_info();
        CHECK(has_flag(info.flags, p11::token_flags::user_pin_final_try));
        CHECK(e.login(b, cku_user, "0000") == rv::pin_locked);
        info = e.token_info();
        CHECK(has_flag(info.flags, p11::token_flags::user_pin_locked));
        CHECK(e.login(b, cku_user) == rv::pin_locked);  // the right PIN no longer helps
        CHECK(e.state(b) == ck(p11::session_state::ro_public_session));
    }
    SECTION("a correct PIN resets the counter") {
        CHECK(e.login(b, cku_user, "0000") == rv::pin_incorrect);
        CHECK(e.login(b, cku_user) == rv::ok);
        info = e.token_info();
        CHECK_FALSE(has_flag(info.flags, p11::token_flags::user_pin_count_low));
    }
    SECTION("SO PIN counter") {
        const auto w = e.open(reader, true);
        CHECK(e.login(w, cku_so, "00000000") == rv::pin_incorrect);
        CHECK(has_flag(e.token_info(reader).flags, p11::token_flags::so_pin_count_low));
        CHECK_FALSE(has_flag(e.token_info(fixed).flags, p11::token_flags::so_pin_count_low));
    }
}

TEST_CASE("PIN counter flags exist in a 2.11 build", "[slots][profile]") {
    env e(variant::v2_11);
    const auto s = e.open();
    CHECK(e.login(s, cku_user, "0000") == rv::pin_incorrect);
    CHECK(has_flag(e.token_info().flags, p11::token_flags::user_pin_count_low));
}

TEST_CASE("C_GetMechanismList / C_GetMechanismInfo", "[slots][mechanisms]") {
    env e;
    CK_ULONG n = 0;
    CHECK(R(e.f->C_GetMechanismList(99, nullptr, &n)) == rv::slot_id_invalid);
    CHECK(R(e.f->C_GetMechanismList(fixed, nullptr, nullptr)) == rv::arguments_bad);
    REQUIRE(R(e.f->C_GetMechanismList(fixed, nullptr, &n)) == rv::ok);
    REQUIRE(n == 12);
    std::vector<CK_MECHANISM_TYPE> list(n);
    CK_ULONG small = 3;
    CHECK(R(e.f->C_GetMechanismList(fixed, list.data(), &small)) == rv::buffer_too_small);
    CHECK(small == n);
    const auto all = mechanism_list(e, fixed);
    CHECK(contains(all, M::aes_gcm));
    CHECK(contains(all, M::sha256));

    CK_MECHANISM_INFO info{};
    CHECK(R(e.f->C_GetMechanismInfo(99, ck(M::sha_1), &info)) == rv::slot_id_invalid);
    CHECK(R(e.f->C_GetMechanismInfo(fixed, ck(M::sha_1), nullptr)) == rv::arguments_bad);
    CHECK(R(e.f->C_GetMechanismInfo(fixed, ck(M::md5), &info)) == rv::mechanism_invalid);
    REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::aes_cbc_pad), &info)) == rv::ok);
    CHECK(info.ulMinKeySize == 16);
    CHECK(info.ulMaxKeySize == 32);
    using F = p11::mechanism_flags;
    CHECK(info.flags == ck(F::encrypt | F::decrypt | F::wrap | F::unwrap));
    // The token claims CKF_SIGN for a digest: masked by the CKM_ table.
    REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::sha_1), &info)) == rv::ok);
    CHECK(info.flags == ck(F::digest));
    // CKF_HW is not an operation: it passes.
    REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::rsa_pkcs_key_pair_gen), &info)) == rv::ok);
    CHECK(info.flags == ck(F::generate_key_pair | F::hw));
    // 3.0 and 3.2 flags are not shown to a 2.40 caller.
    REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::aes_gcm), &info)) == rv::ok);
    CHECK(info.flags == ck(F::encrypt | F::decrypt));
    REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::rsa_pkcs), &info)) == rv::ok);
    CHECK_FALSE(info.flags & ck(F::encapsulate));
    REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::ec_key_pair_gen), &info)) == rv::ok);
    CHECK(info.flags == ck(F::generate_key_pair | F::ec_f_p | F::ec_oid | F::ec_uncompress));
    for (auto m : all) {
        REQUIRE(R(e.f->C_GetMechanismInfo(fixed, m, &info)) == rv::ok);
        INFO(p11::to_string(static_cast<M>(m)).view());
        CHECK(flags_known_in(info.flags, p11::profiles::v2_40));
    }

    e.m.remove_token();
    CHECK(R(e.f->C_GetMechanismList(reader, nullptr, &n)) == rv::token_not_present);
    CHECK(R(e.f->C_GetMechanismInfo(reader, ck(M::sha_1), &info)) == rv::token_not_present);
}

TEST_CASE("Mechanisms are filtered by the build's profile", "[slots][mechanisms][profile]") {
    SECTION("2.11: no mechanism and no flag 2.11 did not define") {
        env e(variant::v2_11);
        const auto all = mechanism_list(e, fixed);
        CHECK_FALSE(contains(all, M::aes_gcm));
        CHECK_FALSE(contains(all, M::sha256));
        CHECK_FALSE(contains(all, M::sha256_hmac));
        CHECK(contains(all, M::aes_cbc_pad));
        CHECK(contains(all, M::sha_1));
        CHECK(all.size() == 9);
        CK_MECHANISM_INFO info{};
        for (auto m : all) {
            INFO(p11::to_string(static_cast<M>(m)).view());
            CHECK(p11::exists_in(static_cast<M>(m), p11::profiles::v2_11));
            REQUIRE(R(e.f->C_GetMechanismInfo(fixed, m, &info)) == rv::ok);
            CHECK(flags_known_in(info.flags, p11::profiles::v2_11));
        }
        CHECK(R(e.f->C_GetMechanismInfo(fixed, ck(M::aes_gcm), &info)) == rv::mechanism_invalid);
        // ... and unusable.
        const auto s = e.open();
        auto d = mech(M::sha256);
        CHECK(R(e.f->C_DigestInit(s, &d)) == rv::mechanism_invalid);
    }
    SECTION("3.0: the 3.0 flags appear") {
        env e(variant::v3_0);
        CK_MECHANISM_INFO info{};
        using F = p11::mechanism_flags;
        REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::aes_gcm), &info)) == rv::ok);
        CHECK(info.flags == ck(F::encrypt | F::decrypt | F::message_encrypt | F::message_decrypt));
        REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::ec_key_pair_gen), &info)) == rv::ok);
        CHECK(info.flags & ck(F::ec_curvename));
        REQUIRE(R(e.f->C_GetMechanismInfo(fixed, ck(M::rsa_pkcs), &info)) == rv::ok);
        CHECK_FALSE(info.flags & ck(F::encapsulate));  // 3.2
    }
}

TEST_CASE("C_InitToken", "[slots][token]") {
    env e;
    const auto s = e.open(fixed);
    const auto doomed = create_data(e, s, "doomed", true);
    CK_UTF8CHAR new_label[32];
    std::memset(new_label, ' ', sizeof new_label);
    std::memcpy(new_label, "fresh", 5);
    auto so = env::pin_ptr(p11mock::so_pin);
    const auto so_len = p11mock::so_pin.size();

    CHECK(R(e.f->C_InitToken(99, so, so_len, new_label)) == rv::slot_id_invalid);
    CHECK(R(e.f->C_InitToken(fixed, so, so_len, new_label)) == rv::session_exists);
    REQUIRE(R(e.f->C_CloseSession(s)) == rv::ok);
    CHECK(R(e.f->C_InitToken(fixed, so, so_len, nullptr)) == rv::arguments_bad);
    CHECK(R(e.f->C_InitToken(fixed, nullptr, 4, new_label)) == rv::arguments_bad);
    CHECK(R(e.f->C_InitToken(fixed, env::pin_ptr("wrong-so"), 8, new_label)) == rv::pin_incorrect);
    REQUIRE(R(e.f->C_InitToken(fixed, so, so_len, new_label)) == rv::ok);

    const auto info = e.token_info();
    CHECK(label(info) == padded("fresh", 32));
    CHECK_FALSE(has_flag(info.flags, p11::token_flags::user_pin_initialized));
    const auto s2 = e.open(fixed);
    CHECK(find_label(e, s2, "doomed").empty());
    CK_ULONG size = 0;
    CHECK(R(e.f->C_GetObjectSize(s2, doomed, &size)) == rv::object_handle_invalid);  // gone with the old contents
    CHECK(find_label(e, s2, "provisioned-public").empty());
    CHECK(e.login(s2, cku_user) == rv::user_pin_not_initialized);

    // The SO sets the user PIN (C_InitPIN), then the user can log in.
    CHECK(R(e.f->C_InitPIN(s2, env::pin_ptr("5678"), 4)) == rv::user_not_logged_in);
    REQUIRE(e.login(s2, cku_so) == rv::ok);
    CHECK(R(e.f->C_InitPIN(s2, nullptr, 4)) == rv::arguments_bad);
    CHECK(R(e.f->C_InitPIN(s2, env::pin_ptr("56"), 2)) == rv::pin_len_range);
    REQUIRE(R(e.f->C_InitPIN(s2, env::pin_ptr("5678"), 4)) == rv::ok);
    CHECK(has_flag(e.token_info().flags, p11::token_flags::user_pin_initialized));
    REQUIRE(R(e.f->C_Logout(s2)) == rv::ok);
    CHECK(e.login(s2, cku_user, "1234") == rv::pin_incorrect);
    CHECK(e.login(s2, cku_user, "5678") == rv::ok);
    // C_InitPIN needs the SO, not the user.
    CHECK(R(e.f->C_InitPIN(s2, env::pin_ptr("9999"), 4)) == rv::user_not_logged_in);
}

TEST_CASE("C_SetPIN", "[slots][token]") {
    env e;
    const auto ro = e.open(fixed, false);
    const auto s = e.open(fixed, true);
    auto old_pin = env::pin_ptr(p11mock::user_pin);
    const auto old_len = p11mock::user_pin.size();
    CHECK(R(e.f->C_SetPIN(ro, old_pin, old_len, env::pin_ptr("4321"), 4)) == rv::session_read_only);
    CHECK(R(e.f->C_SetPIN(s, nullptr, 4, env::pin_ptr("4321"), 4)) == rv::arguments_bad);
    CHECK(R(e.f->C_SetPIN(s, old_pin, old_len, nullptr, 4)) == rv::arguments_bad);
    CHECK(R(e.f->C_SetPIN(s, env::pin_ptr("0000"), 4, env::pin_ptr("4321"), 4)) == rv::pin_incorrect);
    CHECK(R(e.f->C_SetPIN(s, old_pin, old_len, env::pin_ptr("43"), 2)) == rv::pin_len_range);
    // In a public R/W session: the user's PIN.
    REQUIRE(R(e.f->C_SetPIN(s, old_pin, old_len, env::pin_ptr("4321"), 4)) == rv::ok);
    CHECK(e.login(s, cku_user) == rv::pin_incorrect);
    REQUIRE(e.login(s, cku_user, "4321") == rv::ok);
    // In a user session: still the user's.
    REQUIRE(R(e.f->C_SetPIN(s, env::pin_ptr("4321"), 4, env::pin_ptr("2468"), 4)) == rv::ok);
    REQUIRE(R(e.f->C_Logout(s)) == rv::ok);
    CHECK(e.login(s, cku_user, "2468") == rv::ok);
    REQUIRE(R(e.f->C_Logout(s)) == rv::ok);
    // In an SO session: the SO's.
    REQUIRE(R(e.f->C_CloseSession(ro)) == rv::ok);
    REQUIRE(e.login(s, cku_so) == rv::ok);
    REQUIRE(R(e.f->C_SetPIN(s, env::pin_ptr(p11mock::so_pin), p11mock::so_pin.size(), env::pin_ptr("11112222"), 8)) ==
            rv::ok);
    REQUIRE(R(e.f->C_Logout(s)) == rv::ok);
    CHECK(e.login(s, cku_so) == rv::pin_incorrect);
    CHECK(e.login(s, cku_so, "11112222") == rv::ok);
}

TEST_CASE("C_WaitForSlotEvent without blocking", "[slots][events]") {
    env e;
    CK_SLOT_ID slot = 0;
    const CK_FLAGS dont_block = ck(p11::wait_flags::dont_block);
    CHECK(R(e.f->C_WaitForSlotEvent(dont_block, nullptr, nullptr)) == rv::arguments_bad);
    int dummy = 0;
    CHECK(R(e.f->C_WaitForSlotEvent(dont_block, &slot, &dummy)) == rv::arguments_bad);
    CHECK(R(e.f->C_WaitForSlotEvent(dont_block, &slot, nullptr)) == rv::no_event);
    e.m.remove_token();
    REQUIRE(R(e.f->C_WaitForSlotEvent(dont_block, &slot, nullptr)) == rv::ok);
    CHECK(slot == reader);
    CHECK(R(e.f->C_WaitForSlotEvent(dont_block, &slot, nullptr)) == rv::no_event);
    e.m.insert_token();
    slot = 0;
    REQUIRE(R(e.f->C_WaitForSlotEvent(dont_block, &slot, nullptr)) == rv::ok);
    CHECK(slot == reader);
}

TEST_CASE("Token removal closes that slot's sessions; the token works again after re-insertion", "[slots][removal]") {
    env e;
    const auto r1 = e.open(reader);
    const auto r2 = e.open(reader, false);
    const auto f1 = e.open(fixed);
    REQUIRE(e.login(r1) == rv::ok);
    const auto obj = create_data(e, r1, "on the card", true);
    const auto session_obj = create_data(e, r1, "in the session");
    CHECK(e.state(r2) == ck(p11::session_state::ro_user_functions));

    e.m.remove_token();
    CK_SESSION_INFO info{};
    CHECK(R(e.f->C_GetSessionInfo(r1, &info)) == rv::session_handle_invalid);
    CHECK(R(e.f->C_GetSessionInfo(r2, &info)) == rv::session_handle_invalid);
    CHECK(R(e.f->C_GetSessionInfo(f1, &info)) == rv::ok);  // the other slot is untouched
    CK_SESSION_HANDLE h = 0;
    CHECK(R(e.f->C_OpenSession(reader, serial, nullptr, nullptr, &h)) == rv::token_not_present);
    CK_TOKEN_INFO ti{};
    CHECK(R(e.f->C_GetTokenInfo(reader, &ti)) == rv::token_not_present);
    CK_UTF8CHAR lbl[32] = {};
    CHECK(R(e.f->C_InitToken(reader, env::pin_ptr(p11mock::so_pin), 8, lbl)) == rv::token_not_present);

    e.m.insert_token();
    CHECK(R(e.f->C_GetSessionInfo(r1, &info)) == rv::session_handle_invalid);
    const auto r3 = e.open(reader);
    CHECK(r3 != r1);
    CHECK(r3 != r2);
    // The login went with the token.
    CHECK(e.state(r3) == ck(p11::session_state::rw_public_session));
    CHECK(e.token_info(reader).ulSessionCount == 1);
    CK_ULONG size = 0;
    CHECK(R(e.f->C_GetObjectSize(r3, obj, &size)) == rv::object_handle_invalid);
    CHECK(R(e.f->C_GetObjectSize(r3, session_obj, &size)) == rv::object_handle_invalid);
    // The token's objects are there, under new handles; the session object is gone.
    const auto found = find_label(e, r3, "on the card");
    REQUIRE(found.size() == 1);
    CHECK(found[0] != obj);
    CHECK(find_label(e, r3, "in the session").empty());
    REQUIRE(e.login(r3) == rv::ok);
    auto k = open_aes_key(e, r3);
    cbc_pad p;
    CHECK(R(e.f->C_EncryptInit(r3, p.ptr(), k)) == rv::ok);
}

TEST_CASE("A token swapped while no call was made still invalidates the old sessions", "[slots][removal]") {
    env e;
    const auto r1 = e.open(reader);
    REQUIRE(e.login(r1) == rv::ok);
    e.m.remove_token();
    e.m.insert_token();  // the module never saw the slot empty
    CK_SESSION_INFO info{};
    CHECK(R(e.f->C_GetSessionInfo(r1, &info)) == rv::session_handle_invalid);
    const auto r2 = e.open(reader);
    CHECK(e.state(r2) == ck(p11::session_state::rw_public_session));
}
