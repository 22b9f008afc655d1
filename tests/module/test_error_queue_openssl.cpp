// The module leaves the application's OpenSSL error queue as it found it.
// An application that uses OpenSSL itself shares the per-thread queue with
// a module built on OpenSSL (one libcrypto per process); OpenSSL's own code
// reads the newest entry to decide what happened (e.g. PEM's "no start
// line" at the end of a file), so an entry of ours left behind, or a mark
// left on one of the application's, changes what the application sees.
// The message-based functions keep the queue with one call on success
// (crypto::error_batch::succeeded), which this checks most closely:
// successes and failures, with the queue empty and with an application's
// error on it.  On a module built on mbedTLS the same checks hold trivially.
#include <openssl/err.h>

#include "../common/gcm_spec_vectors.hpp"
#include "message_support.hpp"

using namespace mt;

namespace {

// An error of the application's own, as its code would queue one.
unsigned long queue_application_error() {
    ERR_raise(ERR_LIB_USER, 42);
    return ERR_peek_last_error();
}

// The queue's entries, oldest first; it is empty afterwards.
std::vector<unsigned long> take_queue() {
    std::vector<unsigned long> seen;
    for (unsigned long e; (e = ERR_get_error()) != 0;) seen.push_back(e);
    return seen;
}

// Whether an entry carries a mark: without one, ERR_pop_to_mark empties the
// queue; a mark stops it at the marked entry.  The queue is empty afterwards.
bool marked_entry_left() {
    ERR_raise(ERR_LIB_USER, 7);
    ERR_pop_to_mark();
    const bool left = ERR_peek_error() != 0;
    ERR_clear_error();
    return left;
}

// Ten GCM messages each way with the GCM specification's test case 4, one
// decryption with a wrong tag: the results must be right, and the queue as
// before.
void run_messages(message_fixture& t) {
    const auto& c = gcm_spec::cases[3];
    const auto key = aes_key(t.s, hex(c.key));
    const bytes tag = hex(c.tag);  // copied into the message's buffer (a move would take pTag's buffer away)
    REQUIRE(t.encrypt_init(key) == rv::ok);
    REQUIRE(t.decrypt_init(key) == rv::ok);
    bytes out;
    for (int i = 0; i < 10; ++i) {
        gcm_message m(hex(c.iv));
        REQUIRE(t.encrypt(m, hex(c.aad), hex(c.plaintext), out) == rv::ok);
        CHECK(out == hex(c.ciphertext));
        CHECK(m.tag_bytes() == hex(c.tag));
    }
    for (int i = 0; i < 10; ++i) {
        gcm_message m(hex(c.iv));
        m.tag = tag;
        REQUIRE(t.decrypt(m, hex(c.aad), hex(c.ciphertext), out) == rv::ok);
        CHECK(out == hex(c.plaintext));
    }
    gcm_message bad(hex(c.iv));
    bad.tag = tag;
    bad.tag[0] ^= 0x80;
    CHECK(t.decrypt(bad, hex(c.aad), hex(c.ciphertext), out) == rv::encrypted_data_invalid);
    CHECK(code(t.fn()->C_MessageEncryptFinal(t.h())) == rv::ok);
    CHECK(code(t.fn()->C_MessageDecryptFinal(t.h())) == rv::ok);
}

} // namespace

TEST_CASE("the module leaves an empty OpenSSL error queue empty", "[error-queue]") {
    message_fixture t;
    ERR_clear_error();
    run_messages(t);
    CHECK(take_queue().empty());
}

TEST_CASE("the module leaves the application's queued OpenSSL error, and no mark on it", "[error-queue]") {
    message_fixture t;
    ERR_clear_error();
    const auto mine = queue_application_error();
    run_messages(t);
    CHECK(take_queue() == std::vector<unsigned long>{mine});
    queue_application_error();
    run_messages(t);
    CHECK_FALSE(marked_entry_left());
}

TEST_CASE("this file's checks see an entry and a mark left behind", "[error-queue]") {
    ERR_clear_error();
    const auto mine = queue_application_error();
    ERR_raise(ERR_LIB_USER, 43);
    CHECK(take_queue().size() == 2);
    queue_application_error();
    CHECK_FALSE(marked_entry_left());
    queue_application_error();
    ERR_set_mark();  // what a module that marked and never popped would leave
    CHECK(marked_entry_left());
    CHECK(take_queue().empty());
    (void)mine;
}
