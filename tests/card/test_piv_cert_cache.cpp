// The cross-process certificate cache of PIV tokens: the snapshot file
// format against hostile input (piv_snapshot), and object_source against
// scripted cards: a second "process" asks only the CHUID, another CHUID or
// our own write (changed()) sends it back to the card.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "fake_channel.hpp"
#include "p11/card/tlv.hpp"
#include "piv/piv_cert_cache.hpp"
#include "piv/piv_object_source.hpp"
#include "piv/piv_snapshot.hpp"

using namespace p11;
using card::testing::fake_channel;
using card::testing::from_hex;
using card::testing::to_hex;

namespace {

constexpr std::uint32_t tag_9a = 0x5FC105, tag_9c = 0x5FC10A, tag_printed = 0x5FC109;
const std::string guid_hex = "00112233445566778899AABBCCDDEEFF";
// CHUID content: FASC-N (30, 25 bytes), GUID (34, 16 bytes), expiry (35).
std::string chuid_hex(const std::string& expiry = "3230393931323331") {
    return "3019" + std::string(50, '1') + "3410" + guid_hex + "3508" + expiry;
}

piv::card_snapshot sample() {
    piv::card_snapshot s;
    s.chuid = from_hex(chuid_hex());
    s.objects.push_back({tag_9a, from_hex("7003AABBCC710100FE00")});
    s.objects.push_back({tag_9c, std::nullopt});
    s.objects.push_back({piv::tag_key_history, from_hex("C10100C20100FE00")});
    return s;
}

card::bytes with_magic(const std::string& tlvs_hex) {
    card::bytes out{'P', '1', '1', 'F', 'P', 'I', 'V', '1'};
    auto rest = from_hex(tlvs_hex);
    out.insert(out.end(), rest.begin(), rest.end());
    return piv::seal_snapshot(out);
}

// GET DATA in short form with Le 00, and its answer.
std::string get_data(std::uint32_t tag) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "00CB3FFF055C03%06X00", static_cast<unsigned>(tag));
    return buf;
}
std::string answer(const std::string& content_hex) {
    card::bytes r;
    card::append_tlv(r, 0x53, from_hex(content_hex));
    return to_hex(r) + "9000";
}

// An empty value counts as unset for the module (cert_cache::directory()).
void set_env(const char* name, const std::string& value) {
#if defined(_WIN32)
    ::_putenv_s(name, value.c_str());
#else
    ::setenv(name, value.c_str(), 1);
#endif
}

struct temp_cache_dir {
    std::filesystem::path path;
    temp_cache_dir() {
        path = std::filesystem::temp_directory_path() / ("p11forge-cert-cache-test-" + std::to_string(std::random_device{}()));
        std::filesystem::remove_all(path);
        set_env("P11FORGE_CACHE_DIR", path.string());
        set_env("P11FORGE_CARD_CACHE", "");
    }
    ~temp_cache_dir() {
        std::filesystem::remove_all(path);
        set_env("P11FORGE_CACHE_DIR", "");
    }
    [[nodiscard]] std::filesystem::path file() const { return path / ("guid-" + std::string("00112233445566778899aabbccddeeff")); }
};

struct scripted_source {
    fake_channel* ch;
    piv::object_source source;
    scripted_source() : scripted_source(std::make_unique<fake_channel>()) {}
    explicit scripted_source(std::unique_ptr<fake_channel> c)
        : ch(c.get()), source(std::make_shared<piv::card_link>(std::make_unique<piv::piv_card>(std::move(c)))) {}
};

} // namespace

TEST_CASE("a snapshot survives serialisation") {
    const auto s = sample();
    auto parsed = piv::parse_snapshot(piv::serialise_snapshot(s));
    REQUIRE(parsed);
    CHECK(*parsed == s);
    REQUIRE(parsed->find(tag_9c));
    CHECK_FALSE(parsed->find(tag_9c)->content);
    CHECK(parsed->find(0x5FC10B) == nullptr);
}

TEST_CASE("hostile snapshot files are refused") {
    const auto good = piv::serialise_snapshot(sample());
    const std::string chuid_tlv = "C137" + chuid_hex();  // 0x37 = 55 bytes of CHUID content
    REQUIRE(piv::parse_snapshot(with_magic(chuid_tlv)));  // a CHUID alone is a snapshot

    SECTION("empty, short, or another magic") {
        CHECK_FALSE(piv::parse_snapshot({}));
        CHECK_FALSE(piv::parse_snapshot(card::bytes{'P', '1', '1'}));
        auto other = good;
        other[7] = '2';  // a future version is not ours to read
        CHECK_FALSE(piv::parse_snapshot(other));
    }
    SECTION("truncated anywhere") {
        for (std::size_t n = 0; n < good.size(); ++n)
            CHECK_FALSE(piv::parse_snapshot(card::bytes_view{good.data(), n}));
    }
    SECTION("bytes after the digest, a damaged byte, a digest that is not the last TLV") {
        auto longer = good;
        longer.push_back(0x00);
        CHECK_FALSE(piv::parse_snapshot(longer));
        for (std::size_t i = 8; i < good.size(); ++i) {
            auto damaged = good;
            damaged[i] ^= 0x01;
            CHECK_FALSE(piv::parse_snapshot(damaged));
        }
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + "CF00")));
        auto unsealed = with_magic(chuid_tlv);
        unsealed.resize(unsealed.size() - 34);
        CHECK_FALSE(piv::parse_snapshot(unsealed));
    }
    SECTION("no CHUID first, an empty one, or a second one") {
        CHECK_FALSE(piv::parse_snapshot(with_magic("C2075C035FC1055300")));
        CHECK_FALSE(piv::parse_snapshot(with_magic("C100")));
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + chuid_tlv)));
    }
    SECTION("objects: a PIN-protected or unknown tag, a duplicate, a wrong tag length, content in an absent one") {
        CHECK(piv::parse_snapshot(with_magic(chuid_tlv + "C2075C035FC1055300")));
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + "C2075C035FC1095300")));  // printed information
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + "C2075C035FC1025300")));  // the CHUID itself
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + "C2075C035FC1055300" + "C3055C035FC105")));
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + "C2065C025FC15300")));
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + "C3075C035FC1055300")));
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + "C4055C035FC105")));
        CHECK_FALSE(piv::parse_snapshot(with_magic(chuid_tlv + "C2055C035FC105")));  // present without content
        CHECK_FALSE(piv::cacheable(tag_printed));
    }
    SECTION("an object over the bound") {
        piv::card_snapshot s = sample();
        s.objects[0].content = std::vector<std::uint8_t>(piv::max_object_size + 1, 0x30);
        CHECK_FALSE(piv::parse_snapshot(piv::serialise_snapshot(s)));
        s.objects[0].content->pop_back();
        CHECK(piv::parse_snapshot(piv::serialise_snapshot(s)));
    }
}

TEST_CASE("the cache file is named by the GUID, else the FASC-N; no identity, no name") {
    CHECK(piv::snapshot_name(from_hex(chuid_hex())) == "guid-00112233445566778899aabbccddeeff");
    const auto fascn_only = from_hex("3019" + std::string(48, '0') + "AB" + "3410" + std::string(32, '0'));
    CHECK(piv::snapshot_name(fascn_only) == "fascn-" + std::string(48, '0') + "ab");
    CHECK_FALSE(piv::snapshot_name(from_hex("3019" + std::string(50, '0') + "3410" + std::string(32, '0'))));
    CHECK_FALSE(piv::snapshot_name(from_hex("3403AABBCC")));  // a GUID of the wrong size names nothing
    CHECK_FALSE(piv::snapshot_name({}));
}

TEST_CASE("a known card costs its CHUID only; a new CHUID or our own write reads the card again") {
    temp_cache_dir dir;
    const std::string cert = "7003AABBCC710100FE00";
    {
        scripted_source first;
        first.ch->expect(get_data(piv::tag_chuid), answer(chuid_hex()));
        first.ch->expect(get_data(tag_9a), answer(cert));
        first.ch->expect(get_data(tag_9c), "6A82");
        REQUIRE(first.source.get(tag_9a));
        CHECK(first.source.get(tag_9c).err().code == card::errc::not_found);
        first.source.save();
        CHECK(first.ch->done());
    }
    REQUIRE(std::filesystem::exists(dir.file()));
#if !defined(_WIN32)  // Windows: the per-user profile's ACLs, no mode bits
    CHECK((std::filesystem::status(dir.file()).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
#endif

    scripted_source second;
    second.ch->expect(get_data(piv::tag_chuid), answer(chuid_hex()));
    auto got = second.source.get(tag_9a);
    REQUIRE(got);
    CHECK(to_hex(*got) == cert);
    CHECK(second.source.get(tag_9c).err().code == card::errc::not_found);  // "absent" is cached too
    CHECK(second.ch->sent.size() == 1);

    // Our own write: the file goes, the next read asks the card, and saving stores it again.
    second.source.changed();
    CHECK_FALSE(std::filesystem::exists(dir.file()));
    second.ch->expect(get_data(tag_9a), answer("7003DDEEFF710100FE00"));
    REQUIRE(second.source.get(tag_9a));
    second.source.save();
    CHECK(std::filesystem::exists(dir.file()));

    // The same GUID with another CHUID content (a new expiry date): not the card the snapshot was of.
    scripted_source third;
    third.ch->expect(get_data(piv::tag_chuid), answer(chuid_hex("3230333031323331")));
    third.ch->expect(get_data(tag_9a), answer(cert));
    got = third.source.get(tag_9a);
    REQUIRE(got);
    CHECK(to_hex(*got) == cert);
    CHECK(third.ch->done());
}

TEST_CASE("our own write before anything was read still removes the card's file") {
    temp_cache_dir dir;
    {
        scripted_source first;
        first.ch->expect(get_data(piv::tag_chuid), answer(chuid_hex()));
        first.ch->expect(get_data(tag_9a), answer("7001AA"));
        REQUIRE(first.source.get(tag_9a));
        first.source.save();
    }
    REQUIRE(std::filesystem::exists(dir.file()));
    scripted_source writer;
    writer.ch->expect(get_data(piv::tag_chuid), answer(chuid_hex()));
    writer.source.changed();
    CHECK_FALSE(std::filesystem::exists(dir.file()));
    writer.ch->expect(get_data(tag_9a), answer("7001BB"));  // the card, not the old file
    auto got = writer.source.get(tag_9a);
    REQUIRE(got);
    CHECK(to_hex(*got) == "7001BB");
    CHECK(writer.ch->done());
}

TEST_CASE("off, or a card without identity: nothing is written") {
    temp_cache_dir dir;
    set_env("P11FORGE_CARD_CACHE", "0");
    CHECK_FALSE(piv::cert_cache::directory());
    scripted_source off;  // the card costs what it did without a cache: no CHUID read for it
    off.ch->expect(get_data(tag_9a), answer("7000"));
    REQUIRE(off.source.get(tag_9a));
    off.source.save();
    CHECK(off.ch->done());
    CHECK(off.ch->sent.size() == 1);
    CHECK_FALSE(std::filesystem::exists(dir.path));
    set_env("P11FORGE_CARD_CACHE", "");

    scripted_source anonymous;
    anonymous.ch->expect(get_data(piv::tag_chuid), answer("3019" + std::string(50, '0')));
    anonymous.ch->expect(get_data(tag_9a), answer("7000"));
    REQUIRE(anonymous.source.get(tag_9a));
    anonymous.source.save();
    CHECK_FALSE(std::filesystem::exists(dir.path));
}
