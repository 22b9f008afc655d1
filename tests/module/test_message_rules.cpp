// The rules of the 3.0 message-based functions (provider/functions/
// message_calls.hpp), on AES-GCM: the process from Init to Final, one
// message at a time, Begin/Next/CKF_END_OF_MESSAGE, C_SessionCancel, the
// parameter checks, NULL pointers and short buffers; and a 2.40 build that
// shows none of it.
#include "message_support.hpp"

using namespace mt;

namespace {

using G = generator_function;
const bytes key16 = bytes(16, 0x42);
const bytes plain = str("the message, plain"), aad = str("aad");
constexpr auto end_flag = static_cast<abi::CK_FLAGS>(message_flags::end_of_message);

struct rules_fixture : message_fixture {
    object_handle key = aes_key(s, key16);
    bytes out = bytes(64);
    abi::CK_ULONG n = 64;

    rv message(gcm_message& m) {
        n = static_cast<abi::CK_ULONG>(out.size());
        return code(fn()->C_EncryptMessage(h(), m.ptr(), m.len, ptr(aad), len(aad), ptr(plain), len(plain),
                                           out.data(), &n));
    }
    rv begin(gcm_message& m) { return code(fn()->C_EncryptMessageBegin(h(), m.ptr(), m.len, ptr(aad), len(aad))); }
    rv next(gcm_message& m, abi::CK_FLAGS flags) {
        n = static_cast<abi::CK_ULONG>(out.size());
        return code(fn()->C_EncryptMessageNext(h(), m.ptr(), m.len, ptr(plain), len(plain), out.data(), &n, flags));
    }
    rv final() { return code(fn()->C_MessageEncryptFinal(h())); }
};

} // namespace

TEST_CASE("message-based encryption: from Init to Final, one message at a time", "[message][rules]") {
    rules_fixture t;
    gcm_message m(bytes(12, 1));
    // Nothing before the Init.
    CHECK(t.message(m) == rv::operation_not_initialized);
    CHECK(t.begin(m) == rv::operation_not_initialized);
    CHECK(t.next(m, end_flag) == rv::operation_not_initialized);
    CHECK(t.final() == rv::operation_not_initialized);

    REQUIRE(t.encrypt_init(t.key) == rv::ok);
    CHECK(t.encrypt_init(t.key) == rv::operation_active);
    // A C_EncryptInit operation is another kind: both may run.
    auto cbc = mech::aes_cbc(bytes(16, 0));
    CHECK(encrypt_init(t.s, cbc, t.key) == rv::ok);
    REQUIRE(t.message(m) == rv::ok);
    REQUIRE(t.message(m) == rv::ok);  // the process outlives its messages

    // Next without a Begin; then a message in parts, and nothing else meanwhile.
    CHECK(t.next(m, 0) == rv::operation_not_initialized);
    REQUIRE(t.begin(m) == rv::ok);
    CHECK(t.begin(m) == rv::operation_active);
    CHECK(t.message(m) == rv::operation_active);
    REQUIRE(t.next(m, 0) == rv::ok);
    REQUIRE(t.next(m, end_flag) == rv::ok);
    // The message is over: Next again has no message; a whole message may follow.
    CHECK(t.next(m, 0) == rv::operation_not_initialized);
    CHECK(t.message(m) == rv::ok);

    // A flag other than CKF_END_OF_MESSAGE: CKR_ARGUMENTS_BAD, and the message is over.
    REQUIRE(t.begin(m) == rv::ok);
    CHECK(t.next(m, end_flag << 1) == rv::arguments_bad);
    CHECK(t.next(m, end_flag) == rv::operation_not_initialized);

    // Final ends the process, an open message with it.
    REQUIRE(t.begin(m) == rv::ok);
    CHECK(t.final() == rv::ok);
    CHECK(t.next(m, end_flag) == rv::operation_not_initialized);
    CHECK(t.message(m) == rv::operation_not_initialized);
    CHECK(t.final() == rv::operation_not_initialized);
    CHECK(t.encrypt_init(t.key) == rv::ok);
}

TEST_CASE("message-based encryption and decryption: C_SessionCancel ends what its flags name", "[message][rules]") {
    rules_fixture t;
    gcm_message m(bytes(12, 2));
    REQUIRE(t.encrypt_init(t.key) == rv::ok);
    REQUIRE(t.decrypt_init(t.key) == rv::ok);
    REQUIRE(t.begin(m) == rv::ok);
    // CKF_ENCRYPT names the C_EncryptInit operation, not the message-based one.
    REQUIRE(code(t.fn()->C_SessionCancel(t.h(), static_cast<abi::CK_FLAGS>(mechanism_flags::encrypt))) == rv::ok);
    CHECK(t.next(m, 0) == rv::ok);
    // Mid-message, CKF_MESSAGE_ENCRYPT ends the process; decryption stays.
    REQUIRE(code(t.fn()->C_SessionCancel(t.h(), static_cast<abi::CK_FLAGS>(mechanism_flags::message_encrypt))) ==
            rv::ok);
    CHECK(t.next(m, end_flag) == rv::operation_not_initialized);
    CHECK(t.message(m) == rv::operation_not_initialized);
    CHECK(t.decrypt_init(t.key) == rv::operation_active);
    REQUIRE(code(t.fn()->C_SessionCancel(t.h(), static_cast<abi::CK_FLAGS>(mechanism_flags::message_decrypt))) ==
            rv::ok);
    CHECK(t.decrypt_init(t.key) == rv::ok);
    CHECK(t.encrypt_init(t.key) == rv::ok);
    // Closing the session ends them all (a new session starts afresh).
    auto other = must(t.m.open_session(soft_slot, true));
    CHECK(code(other.fn()->C_MessageEncryptFinal(other.handle())) == rv::operation_not_initialized);
}

TEST_CASE("message-based Init: the mechanism, its parameter and the key", "[message][rules]") {
    rules_fixture t;
    CHECK(code(t.fn()->C_MessageEncryptInit(t.h(), nullptr, t.key)) == rv::arguments_bad);
    auto cbc = mech::aes_cbc(bytes(16, 0));
    auto cbc_ck = cbc.ck();
    CHECK(code(t.fn()->C_MessageEncryptInit(t.h(), &cbc_ck, t.key)) == rv::mechanism_invalid);
    // The Init takes no parameter: each message brings its own.
    auto gcm_init = mech::aes_gcm(bytes(12, 0), {}, 128);
    auto gcm_ck = gcm_init.ck();
    CHECK(code(t.fn()->C_MessageEncryptInit(t.h(), &gcm_ck, t.key)) == rv::mechanism_param_invalid);
    CHECK(code(t.fn()->C_MessageEncryptInit(t.h(), &t.gcm, 0xdead)) == rv::key_handle_invalid);
    const auto no_encrypt = aes_key(t.s, key16, {attr::encrypt = false});
    CHECK(code(t.fn()->C_MessageEncryptInit(t.h(), &t.gcm, no_encrypt)) == rv::key_function_not_permitted);
    const auto hmac = secret_key(t.s, key_type::generic_secret, key16);
    CHECK(code(t.fn()->C_MessageEncryptInit(t.h(), &t.gcm, hmac)) == rv::key_type_inconsistent);
    CHECK(code(t.fn()->C_MessageDecryptInit(t.h(), nullptr, t.key)) == rv::arguments_bad);
    // Signing: no mechanism of this token signs messages, so the functions are not supported.
    auto hmac_mech = plain_ck(mechanism_type::sha256_hmac);
    CHECK(code(t.fn()->C_MessageSignInit(t.h(), &hmac_mech, hmac)) == rv::function_not_supported);
    CHECK(code(t.fn()->C_MessageVerifyInit(t.h(), &hmac_mech, hmac)) == rv::function_not_supported);
    CHECK(code(t.fn()->C_SignMessageBegin(t.h(), nullptr, 0)) == rv::function_not_supported);
    CHECK(code(t.fn()->C_VerifyMessageBegin(t.h(), nullptr, 0)) == rv::function_not_supported);
    CHECK(code(t.fn()->C_MessageSignFinal(t.h())) == rv::function_not_supported);
    CHECK(code(t.fn()->C_MessageVerifyFinal(t.h())) == rv::function_not_supported);
    CHECK(code(t.fn()->C_MessageEncryptInit(0xdead, &t.gcm, t.key)) == rv::session_handle_invalid);
}

TEST_CASE("a message's parameter: every bad field is CKR_MECHANISM_PARAM_INVALID, the message only", "[message][rules]") {
    rules_fixture t;
    REQUIRE(t.encrypt_init(t.key) == rv::ok);
    REQUIRE(t.decrypt_init(t.key) == rv::ok);
    const auto refused = [&](const std::function<void(gcm_message&)>& spoil) {
        gcm_message m(bytes(12, 3), G::generate_counter, 32);
        spoil(m);
        const rv whole = t.message(m);
        const rv begun = t.begin(m);
        bytes back(plain.size());
        auto bn = static_cast<abi::CK_ULONG>(back.size());
        const rv decrypted = code(t.fn()->C_DecryptMessage(t.h(), m.ptr(), m.len, nullptr, 0, t.ptr(plain),
                                                           t.len(plain), back.data(), &bn));
        // The process goes on.
        gcm_message good(bytes(12, 3));
        CHECK(t.message(good) == rv::ok);
        return whole == rv::mechanism_param_invalid && begun == rv::mechanism_param_invalid &&
               decrypted == rv::mechanism_param_invalid;
    };
    CHECK(refused([](gcm_message& m) { m.p.pIv = nullptr; }));
    CHECK(refused([](gcm_message& m) { m.p.ulIvLen = 0; }));
    CHECK(refused([](gcm_message& m) { m.p.ulIvLen = 257; }));
    CHECK(refused([](gcm_message& m) { m.p.ulIvFixedBits = 97; }));
    CHECK(refused([](gcm_message& m) { m.p.ivGenerator = 4; }));  // CKG_GENERATE_COUNTER_XOR is 3.1
    CHECK(refused([](gcm_message& m) { m.p.pTag = nullptr; }));
    CHECK(refused([](gcm_message& m) { m.p.ulTagBits = 0; }));
    CHECK(refused([](gcm_message& m) { m.p.ulTagBits = 24; }));
    CHECK(refused([](gcm_message& m) { m.p.ulTagBits = 100; }));
    CHECK(refused([](gcm_message& m) { m.p.ulTagBits = 136; }));

    gcm_message m(bytes(12, 3));
    CHECK(code(t.fn()->C_EncryptMessage(t.h(), nullptr, m.len, nullptr, 0, t.ptr(plain), t.len(plain), t.out.data(),
                                        &t.n)) == rv::arguments_bad);
    CHECK(code(t.fn()->C_EncryptMessage(t.h(), nullptr, 0, nullptr, 0, t.ptr(plain), t.len(plain), t.out.data(),
                                        &t.n)) == rv::mechanism_param_invalid);
    CHECK(code(t.fn()->C_EncryptMessage(t.h(), m.ptr(), m.len - 1, nullptr, 0, t.ptr(plain), t.len(plain),
                                        t.out.data(), &t.n)) == rv::mechanism_param_invalid);
    CHECK(code(t.fn()->C_EncryptMessageBegin(t.h(), m.ptr(), 0, nullptr, 0)) == rv::mechanism_param_invalid);
    // Next checks its parameter too, and an error ends the message.
    REQUIRE(t.begin(m) == rv::ok);
    CHECK(code(t.fn()->C_EncryptMessageNext(t.h(), m.ptr(), 3, t.ptr(plain), t.len(plain), t.out.data(), &t.n,
                                            end_flag)) == rv::mechanism_param_invalid);
    CHECK(t.next(m, end_flag) == rv::operation_not_initialized);
}

TEST_CASE("message-based encryption: NULL pointers and the two-call convention", "[message][lengths]") {
    rules_fixture t;
    // Run in the Windows lengths group too, where a CNG token lists no message flags.
    if (unlisted_for(t.m, mechanism_type::aes_gcm, mechanism_flags::message_encrypt, "C_EncryptMessage")) return;
    REQUIRE(t.encrypt_init(t.key) == rv::ok);
    gcm_message m(bytes(12, 4));
    const auto call = [&](abi::CK_BYTE_PTR a, abi::CK_ULONG a_len, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len,
                          abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
        return code(t.fn()->C_EncryptMessage(t.h(), m.ptr(), m.len, a, a_len, in, in_len, out, out_len));
    };
    abi::CK_ULONG n = 64;
    CHECK(call(nullptr, 3, t.ptr(plain), t.len(plain), t.out.data(), &n) == rv::arguments_bad);
    CHECK(call(nullptr, 0, nullptr, 5, t.out.data(), &n) == rv::arguments_bad);
    CHECK(call(nullptr, 0, t.ptr(plain), t.len(plain), t.out.data(), nullptr) == rv::arguments_bad);
    // The length query, a short buffer, then the message.
    n = 0;
    REQUIRE(call(t.ptr(aad), t.len(aad), t.ptr(plain), t.len(plain), nullptr, &n) == rv::ok);
    CHECK(n == plain.size());
    n = 1;
    CHECK(call(t.ptr(aad), t.len(aad), t.ptr(plain), t.len(plain), t.out.data(), &n) == rv::buffer_too_small);
    CHECK(n == plain.size());
    n = 64;
    REQUIRE(call(t.ptr(aad), t.len(aad), t.ptr(plain), t.len(plain), t.out.data(), &n) == rv::ok);
    CHECK(n == plain.size());
    const bytes whole = first(t.out, n), whole_tag = m.tag;

    // Next: the same convention; the message stays open until its last part succeeds.
    REQUIRE(t.begin(m) == rv::ok);
    abi::CK_ULONG q = 0;
    REQUIRE(code(t.fn()->C_EncryptMessageNext(t.h(), m.ptr(), m.len, t.ptr(plain), t.len(plain), nullptr, &q,
                                              end_flag)) == rv::ok);
    CHECK(q == plain.size());
    q = 2;
    CHECK(code(t.fn()->C_EncryptMessageNext(t.h(), m.ptr(), m.len, t.ptr(plain), t.len(plain), t.out.data(), &q,
                                            end_flag)) == rv::buffer_too_small);
    CHECK(q == plain.size());
    CHECK(code(t.fn()->C_EncryptMessageNext(t.h(), m.ptr(), m.len, t.ptr(plain), t.len(plain), t.out.data(), nullptr,
                                            end_flag)) == rv::arguments_bad);
    // That error ended the message; once more, whole.
    REQUIRE(t.begin(m) == rv::ok);
    q = 64;
    REQUIRE(code(t.fn()->C_EncryptMessageNext(t.h(), m.ptr(), m.len, t.ptr(plain), t.len(plain), t.out.data(), &q,
                                              end_flag)) == rv::ok);
    CHECK(first(t.out, q) == whole);
    CHECK(m.tag == whole_tag);

    // Decryption: the same, and a short buffer leaves the message to decrypt.
    REQUIRE(t.decrypt_init(t.key) == rv::ok);
    bytes back(64);
    abi::CK_ULONG b = 1;
    CHECK(code(t.fn()->C_DecryptMessage(t.h(), m.ptr(), m.len, t.ptr(aad), t.len(aad), const_cast<std::uint8_t*>(whole.data()),
                                        t.len(whole), back.data(), &b)) == rv::buffer_too_small);
    CHECK(b == whole.size());
    CHECK(code(t.fn()->C_DecryptMessage(t.h(), m.ptr(), m.len, t.ptr(aad), t.len(aad), const_cast<std::uint8_t*>(whole.data()),
                                        t.len(whole), back.data(), &b)) == rv::ok);
    CHECK(first(back, b) == plain);
    CHECK(code(t.fn()->C_DecryptMessage(t.h(), m.ptr(), m.len, nullptr, 1, const_cast<std::uint8_t*>(whole.data()),
                                        t.len(whole), back.data(), &b)) == rv::arguments_bad);
}

TEST_CASE("the message flags show in the 3.0 profile only", "[message][profile]") {
    {
        message_fixture t;
        abi::CK_MECHANISM_INFO info{};
        REQUIRE(code(t.fn()->C_GetMechanismInfo(soft_slot, static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::aes_gcm),
                                                &info)) == rv::ok);
        const auto wanted = static_cast<abi::CK_FLAGS>(mechanism_flags::message_encrypt | mechanism_flags::message_decrypt |
                                                       mechanism_flags::encrypt | mechanism_flags::decrypt);
        CHECK((info.flags & wanted) == wanted);
    }
    token_fixture t;  // 2.40
    abi::CK_MECHANISM_INFO info{};
    REQUIRE(code(t.fn()->C_GetMechanismInfo(soft_slot, static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::aes_gcm),
                                            &info)) == rv::ok);
    CHECK((info.flags & static_cast<abi::CK_FLAGS>(mechanism_flags::message_encrypt | mechanism_flags::message_decrypt |
                                                   mechanism_flags::message_sign | mechanism_flags::message_verify)) == 0);
    CHECK((info.flags & static_cast<abi::CK_FLAGS>(mechanism_flags::encrypt)) != 0);
    // No mechanism of the list carries a message flag either.
    for (const auto& row : must(t.m.mechanisms(soft_slot))) {
        INFO(to_string(row.type).view());
        CHECK((row.flags & (mechanism_flags::message_encrypt | mechanism_flags::message_decrypt)) == mechanism_flags{});
    }
}
