// An operation is used either single-part (C_Encrypt, C_Digest, C_Sign ...)
// or multi-part (C_XxxUpdate, C_DigestKey, C_XxxFinal), never both: "C_Encrypt
// cannot be used to terminate a multi-part operation, and must be called after
// C_EncryptInit without intervening C_EncryptUpdate calls" (2.40 base, §5.8;
// likewise for C_Decrypt, C_Digest, C_Sign, C_Verify).  A call of the other
// form is CKR_OPERATION_ACTIVE, and like every error of these calls but
// CKR_BUFFER_TOO_SMALL it ends the operation ("always terminates the active
// operation unless it returns CKR_BUFFER_TOO_SMALL or is a successful call
// ... to determine the length"; "a call ... which results in an error
// terminates the current operation").  A single-part call that answered a
// length query or CKR_BUFFER_TOO_SMALL has taken the single-part form, since
// the operation waits for its second call.
#include "support.hpp"

using namespace mt;

namespace {

constexpr auto active = rv::operation_active;

struct mode_fixture : token_fixture {
    object_handle aes = aes_key(s, bytes(16, 0x41));
    object_handle hmac = secret_key(s, key_type::generic_secret, bytes(32, 0x42));
    bytes block = bytes(16, 0x43);
    bytes part = str("the first part");

    abi::CK_BYTE_PTR in() { return block.data(); }
    auto in_len() const { return static_cast<abi::CK_ULONG>(block.size()); }

    rv update(bool encrypt, abi::CK_BYTE_PTR out, abi::CK_ULONG* n) {
        return code(encrypt ? fn()->C_EncryptUpdate(h(), in(), in_len(), out, n)
                            : fn()->C_DecryptUpdate(h(), in(), in_len(), out, n));
    }
    rv single(bool encrypt, abi::CK_BYTE_PTR out, abi::CK_ULONG* n) {
        return code(encrypt ? fn()->C_Encrypt(h(), in(), in_len(), out, n)
                            : fn()->C_Decrypt(h(), in(), in_len(), out, n));
    }
    rv final(bool encrypt, abi::CK_BYTE_PTR out, abi::CK_ULONG* n) {
        return code(encrypt ? fn()->C_EncryptFinal(h(), out, n) : fn()->C_DecryptFinal(h(), out, n));
    }
    rv init(bool encrypt) {
        return encrypt ? encrypt_init(s, mechanism_type::aes_ecb, aes) : decrypt_init(s, mechanism_type::aes_ecb, aes);
    }
    rv digest_init() {
        auto ck = plain_ck(mechanism_type::sha256);
        return code(fn()->C_DigestInit(h(), &ck));
    }
    bytes sha256(const bytes& data) { return must(s.digest(mechanism_type::sha256, bv(data))); }
    bytes hmac_of(const bytes& data) { return must(s.sign(hmac, mechanism_type::sha256_hmac, bv(data))); }
};

} // namespace

TEST_CASE("encryption and decryption: single-part and multi-part calls do not mix", "[errors][modes]") {
    mode_fixture t;
    for (const bool encrypt : {true, false}) {
        INFO((encrypt ? "encrypt" : "decrypt"));
        bytes out(64);
        abi::CK_ULONG n = 64;
        // Update, then the single-part call: refused, and the operation is over.
        REQUIRE(t.init(encrypt) == rv::ok);
        REQUIRE(t.update(encrypt, out.data(), &n) == rv::ok);
        const bytes by_parts = first(out, n);
        n = 64;
        CHECK(t.single(encrypt, out.data(), &n) == active);
        n = 64;
        CHECK(t.final(encrypt, out.data(), &n) == rv::operation_not_initialized);
        CHECK(t.init(encrypt) == rv::ok);
        // ... also for a length query by the single-part call.
        n = 64;
        REQUIRE(t.update(encrypt, out.data(), &n) == rv::ok);
        n = 64;
        CHECK(t.single(encrypt, nullptr, &n) == active);
        CHECK(t.final(encrypt, out.data(), &n) == rv::operation_not_initialized);

        // A length query by the single-part call, then Update or Final: refused.
        for (const bool by_update : {true, false}) {
            REQUIRE(t.init(encrypt) == rv::ok);
            n = 0;
            REQUIRE(t.single(encrypt, nullptr, &n) == rv::ok);
            CHECK(n >= 16);
            n = 64;
            CHECK((by_update ? t.update(encrypt, out.data(), &n) : t.final(encrypt, out.data(), &n)) == active);
            n = 64;
            CHECK(t.single(encrypt, out.data(), &n) == rv::operation_not_initialized);
        }
        // Undisturbed, the single-part call gives the whole result, over the one block.
        REQUIRE(t.init(encrypt) == rv::ok);
        n = 0;
        REQUIRE(t.single(encrypt, nullptr, &n) == rv::ok);
        n = 64;
        REQUIRE(t.single(encrypt, out.data(), &n) == rv::ok);
        CHECK(first(out, n) == by_parts);

        // CKR_BUFFER_TOO_SMALL likewise makes the operation single-part.
        REQUIRE(t.init(encrypt) == rv::ok);
        n = 4;
        REQUIRE(t.single(encrypt, out.data(), &n) == rv::buffer_too_small);
        n = 64;
        CHECK(t.update(encrypt, out.data(), &n) == active);
        n = 64;
        CHECK(t.single(encrypt, out.data(), &n) == rv::operation_not_initialized);

        // A length query by Update makes it multi-part too.
        REQUIRE(t.init(encrypt) == rv::ok);
        n = 0;
        REQUIRE(t.update(encrypt, nullptr, &n) == rv::ok);
        n = 64;
        CHECK(t.single(encrypt, out.data(), &n) == active);
        n = 64;
        CHECK(t.final(encrypt, out.data(), &n) == rv::operation_not_initialized);
    }
}

TEST_CASE("digesting: C_Digest does not end what C_DigestUpdate or C_DigestKey began", "[errors][modes]") {
    mode_fixture t;
    const auto len = static_cast<abi::CK_ULONG>(t.part.size());
    bytes out(32);
    abi::CK_ULONG n = 32;
    REQUIRE(t.digest_init() == rv::ok);
    REQUIRE(code(t.fn()->C_DigestUpdate(t.h(), t.part.data(), len)) == rv::ok);
    CHECK(code(t.fn()->C_Digest(t.h(), t.part.data(), len, out.data(), &n)) == active);
    n = 32;
    CHECK(code(t.fn()->C_DigestFinal(t.h(), out.data(), &n)) == rv::operation_not_initialized);

    // C_DigestKey is multi-part digesting.
    REQUIRE(t.digest_init() == rv::ok);
    REQUIRE(code(t.fn()->C_DigestKey(t.h(), t.hmac)) == rv::ok);
    n = 32;
    CHECK(code(t.fn()->C_Digest(t.h(), t.part.data(), len, out.data(), &n)) == active);
    // Undisturbed, Update + DigestKey + Final digest exactly what they were given.
    REQUIRE(t.digest_init() == rv::ok);
    REQUIRE(code(t.fn()->C_DigestKey(t.h(), t.hmac)) == rv::ok);
    n = 32;
    REQUIRE(code(t.fn()->C_DigestFinal(t.h(), out.data(), &n)) == rv::ok);
    CHECK(out == t.sha256(bytes(32, 0x42)));

    // After a length query: no Update, no DigestKey, no Final.
    for (int which = 0; which < 3; ++which) {
        INFO("after the length query: " << (which == 0 ? "Update" : which == 1 ? "DigestKey" : "Final"));
        REQUIRE(t.digest_init() == rv::ok);
        n = 0;
        REQUIRE(code(t.fn()->C_Digest(t.h(), t.part.data(), len, nullptr, &n)) == rv::ok);
        CHECK(n == 32);
        const auto refused = which == 0   ? code(t.fn()->C_DigestUpdate(t.h(), t.part.data(), len))
                             : which == 1 ? code(t.fn()->C_DigestKey(t.h(), t.hmac))
                                          : code(t.fn()->C_DigestFinal(t.h(), out.data(), &n));
        CHECK(refused == active);
        n = 32;
        CHECK(code(t.fn()->C_Digest(t.h(), t.part.data(), len, out.data(), &n)) == rv::operation_not_initialized);
    }
    REQUIRE(t.digest_init() == rv::ok);
    n = 32;
    REQUIRE(code(t.fn()->C_Digest(t.h(), t.part.data(), len, out.data(), &n)) == rv::ok);
    CHECK(out == t.sha256(t.part));
}

TEST_CASE("signing and verifying: single-part and multi-part calls do not mix", "[errors][modes]") {
    mode_fixture t;
    const auto len = static_cast<abi::CK_ULONG>(t.part.size());
    const auto expected = t.hmac_of(t.part);
    bytes mac(32);
    abi::CK_ULONG n = 32;
    REQUIRE(sign_init(t.s, mechanism_type::sha256_hmac, t.hmac) == rv::ok);
    REQUIRE(code(t.fn()->C_SignUpdate(t.h(), t.part.data(), len)) == rv::ok);
    CHECK(code(t.fn()->C_Sign(t.h(), t.part.data(), len, mac.data(), &n)) == active);
    n = 32;
    CHECK(code(t.fn()->C_SignFinal(t.h(), mac.data(), &n)) == rv::operation_not_initialized);

    // pkcs11-tool --test-ec's order: a length query, CKR_BUFFER_TOO_SMALL, then
    // C_SignFinal (refused) and a new C_SignInit, which must find no
    // operation left active.
    REQUIRE(sign_init(t.s, mechanism_type::sha256_hmac, t.hmac) == rv::ok);
    n = 0;
    REQUIRE(code(t.fn()->C_Sign(t.h(), t.part.data(), len, nullptr, &n)) == rv::ok);
    n = 4;
    REQUIRE(code(t.fn()->C_Sign(t.h(), t.part.data(), len, mac.data(), &n)) == rv::buffer_too_small);
    n = 32;
    CHECK(code(t.fn()->C_SignFinal(t.h(), mac.data(), &n)) == active);
    REQUIRE(sign_init(t.s, mechanism_type::sha256_hmac, t.hmac) == rv::ok);
    n = 0;
    REQUIRE(code(t.fn()->C_Sign(t.h(), t.part.data(), len, nullptr, &n)) == rv::ok);
    CHECK(code(t.fn()->C_SignUpdate(t.h(), t.part.data(), len)) == active);
    REQUIRE(sign_init(t.s, mechanism_type::sha256_hmac, t.hmac) == rv::ok);
    n = 32;
    REQUIRE(code(t.fn()->C_Sign(t.h(), t.part.data(), len, mac.data(), &n)) == rv::ok);
    CHECK(mac == expected);

    // C_Verify answers no length query, so only this order can mix.
    REQUIRE(verify_init(t.s, mechanism_type::sha256_hmac, t.hmac) == rv::ok);
    REQUIRE(code(t.fn()->C_VerifyUpdate(t.h(), t.part.data(), len)) == rv::ok);
    CHECK(verify_raw(t.s, t.part, expected) == active);
    CHECK(code(t.fn()->C_VerifyFinal(t.h(), const_cast<std::uint8_t*>(expected.data()), 32)) ==
          rv::operation_not_initialized);
    REQUIRE(verify_init(t.s, mechanism_type::sha256_hmac, t.hmac) == rv::ok);
    CHECK(verify_raw(t.s, t.part, expected) == rv::ok);
}

// A mechanism without a multi-part form (CKM_ECDSA, raw RSA) answers Update
// and Final with CKR_FUNCTION_NOT_SUPPORTED whatever came before, and ends.
TEST_CASE("a single-part-only mechanism refuses Update and Final", "[errors][modes]") {
    mode_fixture t;
    const auto key = ec_private(t.s, p256_params, bytes(32, 0x11));
    bytes sig(128);
    abi::CK_ULONG n = 0;
    const auto len = static_cast<abi::CK_ULONG>(t.block.size());
    REQUIRE(sign_init(t.s, mechanism_type::ecdsa, key) == rv::ok);
    REQUIRE(code(t.fn()->C_Sign(t.h(), t.block.data(), len, nullptr, &n)) == rv::ok);
    n = 128;
    CHECK(code(t.fn()->C_SignFinal(t.h(), sig.data(), &n)) == rv::function_not_supported);
    CHECK(sign_init(t.s, mechanism_type::ecdsa, key) == rv::ok);
    CHECK(code(t.fn()->C_SignUpdate(t.h(), t.block.data(), len)) == rv::function_not_supported);
    CHECK(sign_init(t.s, mechanism_type::ecdsa, key) == rv::ok);
}

// The dual functions are two Updates: an operation that took the single-part
// form refuses them before either half has consumed the part.
TEST_CASE("dual-function updates respect both operations' forms", "[errors][modes]") {
    mode_fixture t;
    bytes out(64), digest(32);
    abi::CK_ULONG n = 0;
    REQUIRE(t.digest_init() == rv::ok);
    REQUIRE(code(t.fn()->C_Digest(t.h(), t.in(), t.in_len(), nullptr, &n)) == rv::ok);  // digest: single-part
    REQUIRE(t.init(true) == rv::ok);
    n = 64;
    CHECK(code(t.fn()->C_DigestEncryptUpdate(t.h(), t.in(), t.in_len(), out.data(), &n)) == active);
    // The encryption half took nothing: it is still fresh, and may go either way.
    n = 64;
    REQUIRE(t.single(true, out.data(), &n) == rv::ok);
    CHECK(n == 16);
    n = 32;
    REQUIRE(code(t.fn()->C_Digest(t.h(), t.in(), t.in_len(), digest.data(), &n)) == rv::ok);
    CHECK(digest == t.sha256(t.block));
}
