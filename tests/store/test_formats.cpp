// The file formats on their own: what is kept in clear, what a record and
// token.meta look like, and parsers that survive any input (random edits
// with the checksum recomputed, so the parser behind it is reached).
#include <catch2/catch.hpp>

#include <random>

#include "store/attribute_split.hpp"
#include "store/record.hpp"
#include "store/sealing.hpp"
#include "store/token_meta.hpp"
#include "support.hpp"

using namespace store_test;
using namespace p11::store::detail;

namespace {
void fix_checksum(std::vector<std::uint8_t>& b) {
    if (b.size() < digest_bytes) return;
    const auto sum = sha256(std::span<const std::uint8_t>(b).first(b.size() - digest_bytes));
    std::copy(sum.begin(), sum.end(), b.end() - digest_bytes);
}

object_id some_id(std::uint8_t seed) {
    object_id id;
    for (std::size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<std::uint8_t>(seed + i);
    return id;
}
} // namespace

TEST_CASE("sensitive values of key classes are sealed; public content stays in clear", "[store][format]") {
    auto key = secret_key("label", "id", "key bytes", false);
    CHECK_FALSE(is_private_object(key));
    auto parts = split_for_storage(key, false);
    CHECK(parts.secret.has(attribute_type::value));
    CHECK_FALSE(parts.clear.has(attribute_type::value));
    CHECK(parts.clear.has(attribute_type::label));
    CHECK(parts.clear.has(attribute_type::id));
    CHECK(parts.clear.size() + parts.secret.size() == key.size());

    // A certificate's or a data object's CKA_VALUE is public by nature.
    auto data = data_object("d", "contents");
    CHECK(split_for_storage(data, false).secret.empty());
    attribute_set cert;
    cert.set_ulong(attribute_type::cls, static_cast<p11::ck_ulong>(p11::object_class::certificate));
    set_text(cert, attribute_type::value, "DER");
    CHECK(split_for_storage(cert, false).secret.empty());

    // RSA private components of a public-flagged private key are sealed.
    attribute_set rsa;
    rsa.set_ulong(attribute_type::cls, static_cast<p11::ck_ulong>(p11::object_class::private_key));
    rsa.set_bool(attribute_type::private_, false);
    set_text(rsa, attribute_type::modulus, "n");
    set_text(rsa, attribute_type::private_exponent, "d");
    set_text(rsa, attribute_type::prime_1, "p");
    parts = split_for_storage(rsa, false);
    CHECK(parts.clear.has(attribute_type::modulus));
    CHECK(parts.secret.has(attribute_type::private_exponent));
    CHECK(parts.secret.has(attribute_type::prime_1));

    // Without CKA_PRIVATE, key classes default to private, others to public;
    // an object without a class is treated as holding key material.
    attribute_set bare;
    bare.set_ulong(attribute_type::cls, static_cast<p11::ck_ulong>(p11::object_class::secret_key));
    CHECK(is_private_object(bare));
    bare.set_ulong(attribute_type::cls, static_cast<p11::ck_ulong>(p11::object_class::public_key));
    CHECK_FALSE(is_private_object(bare));
    attribute_set classless;
    set_text(classless, attribute_type::value, "?");
    CHECK(split_for_storage(classless, false).secret.has(attribute_type::value));
    // A private object keeps nothing in clear.
    CHECK(split_for_storage(data, true).clear.empty());
}

TEST_CASE("record: round trip, header fields, and the binding of the sealed part", "[store][format]") {
    std::vector<std::uint8_t> key(token_key_bytes, 0x42);
    sealing_key sk{key, key_epoch{1, 2, 3, 4, 5, 6, 7, 8}};
    auto a = secret_key("lbl", "id", "SECRET", false);
    auto parts = split_for_storage(a, false);
    auto raw = encode_record(some_id(9), 7, false, parts.clear, parts.secret, &sk);
    REQUIRE(raw);
    CHECK(std::equal(raw->begin(), raw->begin() + 4, "P11O"));
    auto r = parse_record(*raw);
    REQUIRE(r);
    CHECK(r->id == some_id(9));
    CHECK(r->version == 7);
    CHECK(r->sealed);
    CHECK_FALSE(r->is_private);
    CHECK(r->epoch == sk.epoch);
    CHECK(text(r->clear, attribute_type::label) == "lbl");
    CHECK_FALSE(r->clear.has(attribute_type::value));
    auto secret = open_record(*raw, *r, key);
    REQUIRE(secret);
    CHECK(text(*secret, attribute_type::value) == "SECRET");
    CHECK(text(merge(r->clear, *secret), attribute_type::value) == "SECRET");

    std::vector<std::uint8_t> other_key(token_key_bytes, 0x43);
    CHECK_FALSE(open_record(*raw, *r, other_key));
    // Any header or clear-part byte is associated data: changed (with the
    // checksum made right again), the sealed part no longer opens.
    for (std::size_t at : {std::size_t{8}, std::size_t{24}, std::size_t{32}, record_header_bytes + 2}) {
        CAPTURE(at);
        auto edited = *raw;
        edited[at] ^= 0x01;
        fix_checksum(edited);
        auto p = parse_record(edited);
        if (p) CHECK_FALSE(open_record(edited, *p, key));
    }
    // Needs a key to seal; a public record without secrets does not.
    CHECK(encode_record(some_id(1), 1, false, parts.clear, parts.secret, nullptr).code() == p11::rv::user_not_logged_in);
    CHECK(encode_record(some_id(1), 1, true, {}, {}, nullptr).code() == p11::rv::user_not_logged_in);
    auto plain = encode_record(some_id(1), 1, false, data_object("x", "y"), {}, nullptr);
    REQUIRE(plain);
    auto pr = parse_record(*plain);
    REQUIRE(pr);
    CHECK_FALSE(pr->sealed);
    CHECK(pr->epoch == key_epoch{});
    // An unsealed record with a key epoch is not one we write.
    auto with_epoch = *plain;
    with_epoch[32] = 1;
    fix_checksum(with_epoch);
    CHECK_FALSE(parse_record(with_epoch));
}

TEST_CASE("token.meta: round trip, and damage is detected", "[store][format]") {
    meta_record m;
    m.initialized = true;
    m.epoch = key_epoch{9, 9, 9, 9, 1, 1, 1, 1};
    m.label = "label";
    m.serial = "0123456789ABCDEF";
    m.so_failures = 2;
    m.user_failures = 7;
    m.so.iterations = 1000;
    m.so.salt.fill(5);
    m.so.wrapped.assign(40, 6);
    m.generation = 0x0102030405060708;
    const auto raw = encode_meta(m);
    auto back = decode_meta(raw);
    REQUIRE(back);
    CHECK(back->generation == m.generation);
    CHECK(back->initialized);
    CHECK(back->epoch == m.epoch);
    CHECK(back->label == m.label);
    CHECK(back->serial == m.serial);
    CHECK(back->so_failures == 2);
    CHECK(back->user_failures == 7);
    CHECK(back->so.iterations == 1000);
    CHECK(back->so.salt == m.so.salt);
    CHECK(back->so.wrapped == m.so.wrapped);
    CHECK_FALSE(back->user.present());
    for (std::size_t at = 0; at < raw.size(); ++at) {
        auto bad = raw;
        bad[at] ^= 0x80;
        CHECK_FALSE(decode_meta(bad));
    }
    CHECK_FALSE(decode_meta(std::vector<std::uint8_t>(raw.begin(), raw.end() - 1)));
    // Initialised without an SO wrap cannot be: damage, even with a good checksum.
    m.so = {};
    CHECK_FALSE(decode_meta(encode_meta(m)));
}

TEST_CASE("token.meta: the single-copy format 1 (no generation) is still read, an unknown format is not",
          "[store][format]") {
    // Format 1 built by hand, field by field (token_meta.hpp).
    std::vector<std::uint8_t> v1{'P', '1', '1', 'T', 1, 0, 1, 0};    // magic, format 1, initialised
    for (std::uint8_t i = 1; i <= 8; ++i) v1.push_back(i);            // epoch
    for (const std::string_view text : {"old label", "FEDCBA9876543210"}) {
        v1.push_back(static_cast<std::uint8_t>(text.size()));
        v1.push_back(0);
        v1.insert(v1.end(), text.begin(), text.end());
    }
    for (std::uint8_t b : {3, 0, 0, 0, 4, 0, 0, 0}) v1.push_back(b);  // so_failures 3, user_failures 4
    for (std::uint8_t b : {0x10, 0x27, 0, 0}) v1.push_back(b);        // SO wrap: 10,000 iterations
    v1.insert(v1.end(), salt_bytes, 0xAA);
    v1.push_back(40);
    v1.push_back(0);
    v1.insert(v1.end(), 40, 0xBB);
    v1.insert(v1.end(), 4 + salt_bytes + 2, 0);                       // no user wrap
    v1.resize(v1.size() + digest_bytes);
    fix_checksum(v1);
    auto m = decode_meta(v1);
    REQUIRE(m);
    CHECK(m->generation == 0);
    CHECK(m->initialized);
    CHECK(m->epoch == key_epoch{1, 2, 3, 4, 5, 6, 7, 8});
    CHECK(m->label == "old label");
    CHECK(m->serial == "FEDCBA9876543210");
    CHECK(m->so_failures == 3);
    CHECK(m->user_failures == 4);
    CHECK(m->so.iterations == 10000);
    CHECK(m->so.wrapped == std::vector<std::uint8_t>(40, 0xBB));
    CHECK_FALSE(m->user.present());
    // Written back, it is format 2, generation included.
    const auto v2 = encode_meta(*m);
    CHECK(v2[4] == 2);
    CHECK(v2.size() == v1.size() + 8);
    // A format this code does not know, behind a valid checksum, is damage.
    auto v3 = v2;
    v3[4] = 3;
    fix_checksum(v3);
    CHECK_FALSE(decode_meta(v3));
}

TEST_CASE("parsers survive random edits behind a valid checksum", "[store][format]") {
    std::vector<std::uint8_t> key(token_key_bytes, 0x11);
    sealing_key sk{key, key_epoch{}};
    auto a = secret_key("label", "id", "value", true);
    auto parts = split_for_storage(a, true);
    const auto record = *encode_record(some_id(3), 1, true, parts.clear, parts.secret, &sk);
    auto pub = data_object("public", "value");
    const auto public_record = *encode_record(some_id(4), 1, false, pub, {}, nullptr);
    meta_record m;
    m.initialized = true;
    m.so.iterations = 5;
    m.so.wrapped.assign(40, 1);
    m.user = m.so;
    const auto meta = encode_meta(m);

    std::mt19937 rng(Catch::rngSeed() + 77);
    std::size_t parsed = 0;
    for (int round = 0; round < 3000; ++round) {
        const auto& source = round % 3 == 0 ? record : round % 3 == 1 ? public_record : meta;
        auto b = source;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            switch (rng() % 4) {
            case 0: b[rng() % b.size()] = static_cast<std::uint8_t>(rng()); break;
            case 1: b.resize(rng() % (b.size() + 1)); break;
            case 2: b.insert(b.begin() + static_cast<long>(rng() % (b.size() + 1)), static_cast<std::uint8_t>(rng())); break;
            default: b.resize(b.size() + rng() % 64, static_cast<std::uint8_t>(rng())); break;
            }
            if (b.empty()) b.push_back(0);
        }
        fix_checksum(b);
        if (round % 3 == 2) {
            (void)decode_meta(b);
            continue;
        }
        if (auto r = parse_record(b)) {
            ++parsed;
            (void)open_record(b, *r, key);
        }
    }
    // Some edits (in attribute values, say) leave a well-formed record: the
    // parser behind the checksum was exercised, not just the checksum.
    CHECK(parsed > 0);
}
