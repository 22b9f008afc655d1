// The APDU layer against a scripted card: encodings, chaining, 61 XX,
// 6C XX, short responses, and status words as errors and CKRs.
#include <catch2/catch.hpp>

#include "fake_channel.hpp"
#include "p11/card/apdu.hpp"

using namespace p11::card;
using testing::fake_channel;
using testing::to_hex;

namespace {
command cmd(byte ins, std::size_t data_size, std::size_t ne) {
    command c{0x00, ins, 0x01, 0x02, {}, ne};
    c.data.assign(data_size, 0xAB);
    return c;
}
std::string hex_of(const p11::secure_bytes& b) { return to_hex(bytes_view{b.data(), b.size()}); }
} // namespace

TEST_CASE("short encodings: the four ISO cases") {
    CHECK(hex_of(encode(cmd(0x20, 0, 0), false)) == "00200102");
    CHECK(hex_of(encode(cmd(0x20, 0, 256), false)) == "0020010200");
    CHECK(hex_of(encode(cmd(0x20, 0, 5), false)) == "0020010205");
    CHECK(hex_of(encode(cmd(0x20, 2, 0), false)) == "0020010202ABAB");
    CHECK(hex_of(encode(cmd(0x20, 2, 256), false)) == "0020010202ABAB00");
}

TEST_CASE("extended encodings") {
    CHECK(hex_of(encode(cmd(0x20, 0, 65536), true)) == "00200102000000");
    CHECK(hex_of(encode(cmd(0x20, 0, 300), true)) == "0020010200012C");
    CHECK(hex_of(encode(cmd(0x20, 1, 0), true)) == "00200102000001AB");
    CHECK(hex_of(encode(cmd(0x20, 1, 65536), true)) == "00200102000001AB0000");
}

TEST_CASE("a response shorter than a status word is an error") {
    fake_channel ch;
    ch.expect("*", "");
    auto r = exchange(ch, cmd(0xCB, 0, 256));
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::malformed);
    CHECK(to_rv(r.err()) == p11::rv::device_error);

    fake_channel one;
    one.expect("*", "90");
    CHECK_FALSE(exchange(one, cmd(0xCB, 0, 256)));
}

TEST_CASE("61 XX collects the rest with GET RESPONSE") {
    fake_channel ch;
    ch.expect("00CB010202ABAB00", "0102036105");
    ch.expect("00C0000005", "0405060708" "6102");
    ch.expect("00C0000002", "090A" "9000");
    auto r = exchange(ch, cmd(0xCB, 2, 256));
    REQUIRE(r);
    CHECK(r->ok());
    CHECK(hex_of(r->data) == "0102030405060708090A");
    CHECK(ch.done());
}

TEST_CASE("6C XX sends the command again with that Le") {
    fake_channel ch;
    ch.expect("00CB010208", "6C0A");
    ch.expect("00CB01020A", "00112233445566778899" "9000");
    auto r = exchange(ch, cmd(0xCB, 0, 8));
    REQUIRE(r);
    CHECK(r->data.size() == 10);
    CHECK(ch.done());

    fake_channel stubborn;
    stubborn.expect("*", "6C0A");
    stubborn.expect("*", "6C0B");
    CHECK_FALSE(exchange(stubborn, cmd(0xCB, 0, 8)));
}

TEST_CASE("command chaining splits data over 255 bytes") {
    fake_channel ch;
    ch.expect("*", "9000");
    ch.expect("*", "7C00" "9000");
    auto r = exchange(ch, cmd(0x87, 300, 256));
    REQUIRE(r);
    REQUIRE(ch.sent.size() == 2);
    CHECK(ch.sent[0].substr(0, 10) == "10870102FF");   // CLA 10, 255 bytes, no Le
    CHECK(ch.sent[0].size() == 2 * (5 + 255));
    CHECK(ch.sent[1].substr(0, 10) == "008701022D");   // the last 45 bytes, with Le
    CHECK(ch.sent[1].size() == 2 * (5 + 45 + 1));
}

TEST_CASE("a chained segment the card refuses ends the exchange") {
    fake_channel ch;
    ch.expect("*", "6A80");
    auto r = exchange(ch, cmd(0x87, 300, 256));
    REQUIRE(r);
    CHECK(r->sw == 0x6A80);
    CHECK(ch.sent.size() == 1);
}

TEST_CASE("extended length when the channel has it: no chaining") {
    fake_channel ch(true);
    ch.expect("*", "9000");
    auto r = exchange(ch, cmd(0x87, 300, 65536));
    REQUIRE(r);
    CHECK(ch.sent.size() == 1);
    CHECK(ch.sent[0].substr(0, 14) == "0087010200012C");
}

TEST_CASE("an extended APDU refused with 67 00 goes again chained, and short APDUs from then on") {
    fake_channel ch(true);
    ch.expect("*", "6700");
    ch.expect("*", "9000");
    ch.expect("*", "7C00" "9000");
    auto r = exchange(ch, cmd(0x87, 300, 65536));
    REQUIRE(r);
    CHECK(r->sw == 0x9000);
    REQUIRE(ch.sent.size() == 3);
    CHECK(ch.sent[0].substr(0, 14) == "0087010200012C");
    CHECK(ch.sent[1].substr(0, 10) == "10870102FF");
    CHECK(ch.sent[2].substr(0, 10) == "008701022D");
    CHECK_FALSE(ch.extended_length());
    // A short command is never "refused as extended": 67 00 is its answer.
    fake_channel plain(true);
    plain.expect("*", "6700");
    auto s = exchange(plain, cmd(0x20, 8, 0));
    REQUIRE(s);
    CHECK(s->sw == 0x6700);
    CHECK(plain.sent.size() == 1);
    CHECK(plain.extended_length());
}

TEST_CASE("a card that says 61 00 forever is cut off") {
    fake_channel ch;
    for (int i = 0; i < 5000; ++i) ch.expect("*", "6100");
    auto r = exchange(ch, cmd(0xCB, 0, 256));
    CHECK_FALSE(r);
}

TEST_CASE("status words: categories and CKRs") {
    using p11::rv;
    CHECK(error_of_status(0x63C2).code == errc::pin_incorrect);
    CHECK(error_of_status(0x63C2).tries_left == 2);
    CHECK(error_of_status(0x6302).tries_left == 2);  // the 63 0X quirk
    CHECK(to_rv(error_of_status(0x63C2)) == rv::pin_incorrect);
    CHECK(to_rv(error_of_status(0x63C0)) == rv::pin_locked);
    CHECK(to_rv(error_of_status(0x6983)) == rv::pin_locked);
    CHECK(to_rv(error_of_status(0x6982)) == rv::user_not_logged_in);
    CHECK(to_rv(error{errc::removed}) == rv::device_removed);
    CHECK(error_of_status(0x6A82).code == errc::not_found);
    CHECK(to_rv(error_of_status(0x6F00)) == rv::device_error);

    fake_channel ch;
    ch.expect("*", "63C1");
    auto r = exchange_ok(ch, cmd(0x20, 8, 0));
    REQUIRE_FALSE(r);
    CHECK(r.err().tries_left == 1);
}

TEST_CASE("a transaction ends what it began") {
    fake_channel ch;
    {
        transaction tx(ch);
        CHECK(tx.ok());
    }
    CHECK(ch.transactions == 1);
}
