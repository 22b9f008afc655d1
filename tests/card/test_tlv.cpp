// The card BER-TLV parser: shapes PIV cards send, and every way a hostile
// card could try to make us read outside its answer.
#include <catch2/catch.hpp>

#include "fake_channel.hpp"
#include "p11/card/tlv.hpp"

using namespace p11::card;
using testing::from_hex;

TEST_CASE("one-byte, two-byte and three-byte tags") {
    auto b = from_hex("5301AA");
    auto t = read_tlv(b);
    REQUIRE(t);
    CHECK(t->tag == 0x53);
    CHECK(t->value.size() == 1);
    CHECK(t->encoded_size == 3);

    b = from_hex("7F490200FF");
    t = read_tlv(b);
    REQUIRE(t);
    CHECK(t->tag == 0x7F49);
    CHECK(t->constructed());
    CHECK(t->value.size() == 2);

    b = from_hex("5FC10200");
    t = read_tlv(b);
    REQUIRE(t);
    CHECK(t->tag == 0x5FC102);
    CHECK(t->value.empty());
}

TEST_CASE("long lengths, minimal and not") {
    bytes b = {0x70, 0x81, 0x80};
    b.resize(3 + 0x80, 0x11);
    auto t = read_tlv(b);
    REQUIRE(t);
    CHECK(t->value.size() == 0x80);

    b = {0x70, 0x82, 0x01, 0x00};
    b.resize(4 + 0x100, 0x22);
    t = read_tlv(b);
    REQUIRE(t);
    CHECK(t->value.size() == 0x100);

    // BER allows a non-minimal length; cards send them.
    b = from_hex("70820002ABCD");
    t = read_tlv(b);
    REQUIRE(t);
    CHECK(t->value.size() == 2);
}

TEST_CASE("malformed TLVs are errors, never reads beyond the buffer") {
    for (const char* hex : {"",            // nothing
                            "53",          // no length
                            "5302AA",      // value cut short
                            "5380",        // indefinite length
                            "5385000000000001",  // five length bytes
                            "5381",        // length bytes missing
                            "538201",      // length bytes cut
                            "5F",          // continuation without the next tag byte
                            "5F8080800100",  // a tag that goes on and on
                            "1F8001AA",    // leading zero in the tag number
                            "00", "FF",    // padding bytes
                            "5384FFFFFFFF00"}) {  // a length far beyond the buffer
        INFO(hex);
        auto b = from_hex(hex);
        auto t = read_tlv(b);
        CHECK_FALSE(t);
        if (!t) CHECK(t.err().code == errc::malformed);
    }
}

TEST_CASE("sequences: every byte belongs to a TLV") {
    auto b = from_hex("4F0101" "500141" "AC00");
    auto all = read_tlvs(b);
    REQUIRE(all);
    CHECK(all->size() == 3);
    auto label = find_tlv(b, 0x50);
    REQUIRE(label);
    CHECK((*label)[0] == 0x41);
    CHECK_FALSE(find_tlv(b, 0x79));

    b = from_hex("4F0101" "50");  // trailing garbage
    CHECK_FALSE(read_tlvs(b));
    CHECK_FALSE(find_tlv(b, 0x4F));
}

TEST_CASE("read_exact wants exactly one TLV of the tag") {
    auto b = from_hex("530100");
    CHECK(read_exact(b, 0x53));
    CHECK_FALSE(read_exact(b, 0x7C));
    b = from_hex("53010000");
    CHECK_FALSE(read_exact(b, 0x53));
}

TEST_CASE("encoding round trips") {
    for (std::size_t n : {0u, 1u, 0x7Fu, 0x80u, 0xFFu, 0x100u, 0xFFFFu, 0x10000u}) {
        bytes value(n, 0x5A);
        auto enc = make_tlv(0x5FC105, value);
        auto t = read_tlv(enc);
        REQUIRE(t);
        CHECK(t->tag == 0x5FC105);
        CHECK(t->value.size() == n);
        CHECK(t->encoded_size == enc.size());
    }
}
