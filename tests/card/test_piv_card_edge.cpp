// The PIV card edge (piv_card) against scripted cards: the extended-length
// probe in SELECT with its fallbacks, and the APDUs of logout.
#include <catch2/catch.hpp>

#include "fake_channel.hpp"
#include "piv/piv_card.hpp"

using namespace p11;
using card::testing::fake_channel;

namespace {
// SELECT of the PIV AID, extended (Le 0000) and short (Le 00).
constexpr const char* select_extended = "00A4040000000BA0000003080000100001000000";
constexpr const char* select_short = "00A404000BA00000030800001000010000";

struct scripted {
    fake_channel* ch;
    piv::piv_card card;
    scripted() : scripted(std::make_unique<fake_channel>()) {}
    explicit scripted(std::unique_ptr<fake_channel> c) : ch(c.get()), card(std::move(c)) {}
};
} // namespace

TEST_CASE("a card that takes the extended SELECT gets long answers in one response") {
    scripted t;
    t.ch->expect(select_extended, "9000");
    t.ch->expect("00CB3FFF0000055C035FC1020000", "530130" "9000");
    REQUIRE(t.card.select());
    CHECK(t.ch->extended_length());
    REQUIRE(t.card.get_data(piv::tag_chuid));
    CHECK(t.ch->done());
}

TEST_CASE("67 00 to the extended SELECT: short SELECT, short APDUs") {
    scripted t;
    t.ch->expect(select_extended, "6700");
    t.ch->expect(select_short, "9000");
    t.ch->expect("00CB3FFF055C035FC10200", "530130" "9000");
    REQUIRE(t.card.select());
    CHECK_FALSE(t.ch->extended_length());
    REQUIRE(t.card.get_data(piv::tag_chuid));
    CHECK(t.ch->done());
}

TEST_CASE("any other failure of the extended SELECT: asked again short, that answer counts") {
    scripted t;
    t.ch->expect(select_extended, "6A87");
    t.ch->expect(select_short, "6A82");
    auto r = t.card.select();
    REQUIRE_FALSE(r);
    CHECK(r.err().code == card::errc::not_found);
    CHECK_FALSE(t.ch->extended_length());

    scripted u;  // a reader that cannot pass the extended form at all
    u.ch->expect("*", "");  // too short: malformed
    u.ch->expect(select_short, "9000");
    REQUIRE(u.card.select());
    CHECK_FALSE(u.ch->extended_length());
}

TEST_CASE("reset of the PIN status: VERIFY with P1 FF, no data") {
    scripted t;
    t.ch->expect("0020FF80", "9000");
    CHECK(t.card.reset_pin_status());
    t.ch->expect("0020FF80", "6A86");  // a card before SP 800-73-4
    CHECK_FALSE(t.card.reset_pin_status());
}
