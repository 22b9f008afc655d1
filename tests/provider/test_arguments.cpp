// Argument checks, function by function: every pointer a function needs,
// given as NULL, is CKR_ARGUMENTS_BAD (with the session and any operation
// otherwise in order, so that nothing else can explain the code); every
// object or key handle never issued gets the function's specific
// *_HANDLE_INVALID code.
#include "harness.hpp"

using namespace pt;

namespace {

struct setup {
    env e;
    CK_SESSION_HANDLE s;
    CK_OBJECT_HANDLE aes, hmac, data;
    key_pair rsa;
    cbc_pad cbc;
    setup() : s(e.open()) {
        REQUIRE(e.login(s) == rv::ok);
        aes = open_aes_key(e, s);
        tmpl t;
        t.flag(A::private_, false);
        hmac = generate_secret(e, s, std::move(t), M::generic_secret_key_gen, 32);
        data = create_data(e, s, "d");
        rsa = generate_rsa(e, s);
    }
};

constexpr CK_OBJECT_HANDLE never = 0x7ffffff1;

} // namespace

TEST_CASE("NULL pointers: slot, token, session and object functions", "[arguments]") {
    setup x;
    auto* f = x.e.f;
    const auto s = x.s;
    CK_ULONG n = 0;
    CHECK(R(f->C_GetSlotList(0, nullptr, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GetSlotInfo(fixed, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GetTokenInfo(fixed, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GetMechanismList(fixed, nullptr, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GetMechanismInfo(fixed, ck(M::sha_1), nullptr)) == rv::arguments_bad);
    CK_UTF8CHAR label[32] = {};
    CHECK(R(f->C_InitToken(reader, nullptr, 8, label)) == rv::arguments_bad);
    CHECK(R(f->C_InitToken(reader, env::pin_ptr(p11mock::so_pin), 8, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_InitPIN(s, nullptr, 4)) == rv::arguments_bad);
    CHECK(R(f->C_SetPIN(s, nullptr, 4, env::pin_ptr("5678"), 4)) == rv::arguments_bad);
    CHECK(R(f->C_SetPIN(s, env::pin_ptr("1234"), 4, nullptr, 4)) == rv::arguments_bad);
    CHECK(R(f->C_OpenSession(fixed, serial, nullptr, nullptr, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GetSessionInfo(s, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GetOperationState(s, nullptr, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_SetOperationState(s, nullptr, 4, 0, 0)) == rv::arguments_bad);
    CHECK(R(f->C_Login(s, cku_user, nullptr, 4)) == rv::arguments_bad);
    tmpl t = data_object("x");
    CK_OBJECT_HANDLE h = 0;
    CHECK(R(f->C_CreateObject(s, nullptr, 1, &h)) == rv::arguments_bad);
    CHECK(R(f->C_CreateObject(s, t.data(), t.size(), nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_CopyObject(s, x.data, nullptr, 1, &h)) == rv::arguments_bad);
    CHECK(R(f->C_CopyObject(s, x.data, t.data(), 0, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GetObjectSize(s, x.data, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GetAttributeValue(s, x.data, nullptr, 1)) == rv::arguments_bad);
    CHECK(R(f->C_SetAttributeValue(s, x.data, nullptr, 1)) == rv::arguments_bad);
    CHECK(R(f->C_FindObjectsInit(s, nullptr, 1)) == rv::arguments_bad);
    REQUIRE(R(f->C_FindObjectsInit(s, nullptr, 0)) == rv::ok);  // NULL with no attributes: find all
    CK_OBJECT_HANDLE found[2];
    CHECK(R(f->C_FindObjects(s, nullptr, 2, &n)) == rv::arguments_bad);
    CHECK(R(f->C_FindObjects(s, found, 2, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_FindObjectsFinal(s)) == rv::ok);  // the bad calls did not end the search
    CHECK(R(f->C_WaitForSlotEvent(ck(p11::wait_flags::dont_block), nullptr, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_GenerateRandom(s, nullptr, 1)) == rv::arguments_bad);
    CHECK(R(f->C_SeedRandom(s, nullptr, 1)) == rv::arguments_bad);
}

TEST_CASE("NULL pointers: cryptographic functions", "[arguments]") {
    setup x;
    auto* f = x.e.f;
    const auto s = x.s;
    CK_BYTE buf[64] = {};
    CK_ULONG len = sizeof buf;
    auto sha = mech(M::sha_1);
    auto mac = mech(M::sha256_hmac);
    auto rsa = mech(M::rsa_pkcs);

    // Init functions: a NULL mechanism.
    CHECK(R(f->C_EncryptInit(s, nullptr, x.aes)) == rv::arguments_bad);
    CHECK(R(f->C_DecryptInit(s, nullptr, x.aes)) == rv::arguments_bad);
    CHECK(R(f->C_DigestInit(s, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_SignInit(s, nullptr, x.hmac)) == rv::arguments_bad);
    CHECK(R(f->C_VerifyInit(s, nullptr, x.hmac)) == rv::arguments_bad);
    CHECK(R(f->C_SignRecoverInit(s, nullptr, x.rsa.priv)) == rv::arguments_bad);
    CHECK(R(f->C_VerifyRecoverInit(s, nullptr, x.rsa.pub)) == rv::arguments_bad);

    // Each use function, with its operation active: NULL input (with a
    // length) and NULL output length.  Each error ends the operation, so it
    // is started again every time.
    auto encrypt = [&] { REQUIRE(R(f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok); };
    auto decrypt = [&] { REQUIRE(R(f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok); };
    auto digest = [&] { REQUIRE(R(f->C_DigestInit(s, &sha)) == rv::ok); };
    auto sign = [&] { REQUIRE(R(f->C_SignInit(s, &mac, x.hmac)) == rv::ok); };
    auto verify = [&] { REQUIRE(R(f->C_VerifyInit(s, &mac, x.hmac)) == rv::ok); };
    auto sign_recover = [&] { REQUIRE(R(f->C_SignRecoverInit(s, &rsa, x.rsa.priv)) == rv::ok); };
    auto verify_recover = [&] { REQUIRE(R(f->C_VerifyRecoverInit(s, &rsa, x.rsa.pub)) == rv::ok); };
#define PT_BAD(start, call)                               \
    do {                                                  \
        start();                                          \
        INFO(#call);                                      \
        CHECK(R(f->call) == rv::arguments_bad);           \
    } while (0)
    PT_BAD(encrypt, C_Encrypt(s, nullptr, 16, buf, &len));
    PT_BAD(encrypt, C_Encrypt(s, buf, 16, buf, nullptr));
    PT_BAD(encrypt, C_EncryptUpdate(s, nullptr, 16, buf, &len));
    PT_BAD(encrypt, C_EncryptUpdate(s, buf, 16, buf, nullptr));
    PT_BAD(encrypt, C_EncryptFinal(s, buf, nullptr));
    PT_BAD(decrypt, C_Decrypt(s, nullptr, 16, buf, &len));
    PT_BAD(decrypt, C_Decrypt(s, buf, 16, buf, nullptr));
    PT_BAD(decrypt, C_DecryptUpdate(s, nullptr, 16, buf, &len));
    PT_BAD(decrypt, C_DecryptUpdate(s, buf, 16, buf, nullptr));
    PT_BAD(decrypt, C_DecryptFinal(s, buf, nullptr));
    PT_BAD(digest, C_Digest(s, nullptr, 16, buf, &len));
    PT_BAD(digest, C_Digest(s, buf, 16, buf, nullptr));
    PT_BAD(digest, C_DigestUpdate(s, nullptr, 16));
    PT_BAD(digest, C_DigestFinal(s, buf, nullptr));
    PT_BAD(sign, C_Sign(s, nullptr, 16, buf, &len));
    PT_BAD(sign, C_Sign(s, buf, 16, buf, nullptr));
    PT_BAD(sign, C_SignUpdate(s, nullptr, 16));
    PT_BAD(sign, C_SignFinal(s, buf, nullptr));
    PT_BAD(sign_recover, C_SignRecover(s, nullptr, 16, buf, &len));
    PT_BAD(sign_recover, C_SignRecover(s, buf, 16, buf, nullptr));
    PT_BAD(verify, C_Verify(s, nullptr, 16, buf, 32));
    PT_BAD(verify, C_Verify(s, buf, 16, nullptr, 32));
    PT_BAD(verify, C_VerifyUpdate(s, nullptr, 16));
    PT_BAD(verify, C_VerifyFinal(s, nullptr, 32));
    PT_BAD(verify_recover, C_VerifyRecover(s, nullptr, 64, buf, &len));
    PT_BAD(verify_recover, C_VerifyRecover(s, buf, 64, buf, nullptr));
    auto encrypt_digest = [&] { encrypt(), digest(); };
    auto encrypt_sign = [&] { encrypt(), sign(); };
    auto decrypt_digest = [&] { decrypt(), digest(); };
    auto decrypt_verify = [&] { decrypt(), verify(); };
    // The dual functions: the failing half ends, the other is finished here.
    auto finish_digest = [&] {
        len = sizeof buf;
        REQUIRE(R(f->C_DigestFinal(s, buf, &len)) == rv::ok);
    };
    PT_BAD(encrypt_digest, C_DigestEncryptUpdate(s, nullptr, 16, buf, &len));
    finish_digest();
    PT_BAD(encrypt_digest, C_DigestEncryptUpdate(s, buf, 16, buf, nullptr));
    finish_digest();
    PT_BAD(encrypt_sign, C_SignEncryptUpdate(s, nullptr, 16, buf, &len));
    len = sizeof buf;
    REQUIRE(R(f->C_SignFinal(s, buf, &len)) == rv::ok);
    PT_BAD(decrypt_digest, C_DecryptDigestUpdate(s, nullptr, 16, buf, &len));
    finish_digest();
    PT_BAD(decrypt_verify, C_DecryptVerifyUpdate(s, buf, 16, buf, nullptr));
    CHECK(R(f->C_VerifyFinal(s, buf, 32)) == rv::signature_invalid);
#undef PT_BAD

    // Key management.
    tmpl t;
    t.ulong(A::value_len, 16);
    auto gen = mech(M::aes_key_gen);
    CK_OBJECT_HANDLE h = 0, h2 = 0;
    CHECK(R(f->C_GenerateKey(s, nullptr, t.data(), t.size(), &h)) == rv::arguments_bad);
    CHECK(R(f->C_GenerateKey(s, &gen, nullptr, 1, &h)) == rv::arguments_bad);
    CHECK(R(f->C_GenerateKey(s, &gen, t.data(), t.size(), nullptr)) == rv::arguments_bad);
    tmpl pub;
    pub.ulong(A::modulus_bits, 512);
    auto pair = mech(M::rsa_pkcs_key_pair_gen);
    CHECK(R(f->C_GenerateKeyPair(s, &pair, nullptr, 1, nullptr, 0, &h, &h2)) == rv::arguments_bad);
    CHECK(R(f->C_GenerateKeyPair(s, &pair, pub.data(), pub.size(), nullptr, 1, &h, &h2)) == rv::arguments_bad);
    CHECK(R(f->C_GenerateKeyPair(s, &pair, pub.data(), pub.size(), nullptr, 0, nullptr, &h2)) == rv::arguments_bad);
    CHECK(R(f->C_GenerateKeyPair(s, &pair, pub.data(), pub.size(), nullptr, 0, &h, nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_WrapKey(s, nullptr, x.aes, x.aes, buf, &len)) == rv::arguments_bad);
    CHECK(R(f->C_WrapKey(s, x.cbc.ptr(), x.aes, x.aes, buf, nullptr)) == rv::arguments_bad);
    tmpl u;
    u.cls(O::secret_key).key(K::aes);
    CHECK(R(f->C_UnwrapKey(s, nullptr, x.aes, buf, 32, u.data(), u.size(), &h)) == rv::arguments_bad);
    CHECK(R(f->C_UnwrapKey(s, x.cbc.ptr(), x.aes, nullptr, 32, u.data(), u.size(), &h)) == rv::arguments_bad);
    CHECK(R(f->C_UnwrapKey(s, x.cbc.ptr(), x.aes, buf, 32, nullptr, 2, &h)) == rv::arguments_bad);
    CHECK(R(f->C_UnwrapKey(s, x.cbc.ptr(), x.aes, buf, 32, u.data(), u.size(), nullptr)) == rv::arguments_bad);
    CHECK(R(f->C_DeriveKey(s, nullptr, x.hmac, nullptr, 0, &h)) == rv::arguments_bad);
}

TEST_CASE("Handles never issued: the specific codes", "[arguments]") {
    setup x;
    auto* f = x.e.f;
    const auto s = x.s;
    CK_BYTE buf[64] = {};
    CK_ULONG len = sizeof buf;
    auto sha = mech(M::sha_1);
    auto mac = mech(M::sha256_hmac);
    auto rsa = mech(M::rsa_pkcs);
    tmpl t;
    t.str(A::label, "x");
    CK_OBJECT_HANDLE h = 0;
    CK_ATTRIBUTE a{ck(A::label), buf, sizeof buf};

    CHECK(R(f->C_GetSlotInfo(never, nullptr)) == rv::slot_id_invalid);
    CHECK(R(f->C_GetTokenInfo(never, nullptr)) == rv::slot_id_invalid);
    CHECK(R(f->C_GetMechanismList(never, nullptr, &len)) == rv::slot_id_invalid);
    CHECK(R(f->C_GetMechanismInfo(never, ck(M::sha_1), nullptr)) == rv::slot_id_invalid);
    CHECK(R(f->C_InitToken(never, nullptr, 0, nullptr)) == rv::slot_id_invalid);
    CHECK(R(f->C_OpenSession(never, serial, nullptr, nullptr, &h)) == rv::slot_id_invalid);
    CHECK(R(f->C_CloseAllSessions(never)) == rv::slot_id_invalid);

    CHECK(R(f->C_CopyObject(s, never, t.data(), t.size(), &h)) == rv::object_handle_invalid);
    CHECK(R(f->C_DestroyObject(s, never)) == rv::object_handle_invalid);
    CHECK(R(f->C_GetObjectSize(s, never, &len)) == rv::object_handle_invalid);
    CHECK(R(f->C_GetAttributeValue(s, never, &a, 1)) == rv::object_handle_invalid);
    CHECK(R(f->C_SetAttributeValue(s, never, t.data(), t.size())) == rv::object_handle_invalid);

    CHECK(R(f->C_EncryptInit(s, x.cbc.ptr(), never)) == rv::key_handle_invalid);
    CHECK(R(f->C_DecryptInit(s, x.cbc.ptr(), never)) == rv::key_handle_invalid);
    CHECK(R(f->C_SignInit(s, &mac, never)) == rv::key_handle_invalid);
    CHECK(R(f->C_VerifyInit(s, &mac, never)) == rv::key_handle_invalid);
    CHECK(R(f->C_SignRecoverInit(s, &rsa, never)) == rv::key_handle_invalid);
    CHECK(R(f->C_VerifyRecoverInit(s, &rsa, never)) == rv::key_handle_invalid);
    REQUIRE(R(f->C_DigestInit(s, &sha)) == rv::ok);
    CHECK(R(f->C_DigestKey(s, never)) == rv::key_handle_invalid);
    CHECK(R(f->C_WrapKey(s, x.cbc.ptr(), never, x.aes, buf, &len)) == rv::wrapping_key_handle_invalid);
    CHECK(R(f->C_WrapKey(s, x.cbc.ptr(), x.aes, never, buf, &len)) == rv::key_handle_invalid);
    tmpl u;
    u.cls(O::secret_key).key(K::aes);
    CHECK(R(f->C_UnwrapKey(s, x.cbc.ptr(), never, buf, 32, u.data(), u.size(), &h)) ==
          rv::unwrapping_key_handle_invalid);
    bytes d{1};
    CK_KEY_DERIVATION_STRING_DATA p{d.data(), 1};
    auto derive = mech(M::xor_base_and_data, &p, sizeof p);
    CHECK(R(f->C_DeriveKey(s, &derive, never, nullptr, 0, &h)) == rv::key_handle_invalid);

    // An object handle of the other slot is no handle here.
    const auto r = x.e.open(reader);
    CHECK(R(f->C_GetObjectSize(r, x.data, &len)) == rv::object_handle_invalid);
    CHECK(R(f->C_EncryptInit(r, x.cbc.ptr(), x.aes)) == rv::key_handle_invalid);
}
