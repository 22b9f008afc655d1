// PKCS #11 URIs (RFC 7512, p11/client/uri.hpp): what each attribute means,
// percent-encoding both ways, what must be refused, and matching against the
// values a module reports.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "p11/client/uri.hpp"
#include "../common/catch_printing.hpp"

using p11::object_class;
using p11::client::uri;
using bytes = std::vector<std::uint8_t>;

namespace {

uri parsed(std::string_view text) {
    std::string why;
    auto u = uri::parse(text, &why);
    INFO(text << ": " << why);
    REQUIRE(u.has_value());
    return *u;
}

bool rejected(std::string_view text) {
    std::string why;
    const bool refused = !uri::parse(text, &why).has_value();
    // A refusal always says why (the message reaches the user of a tool).
    if (refused) CHECK_FALSE(why.empty());
    return refused;
}

auto fields(const uri& u) {
    return std::tie(u.token, u.manufacturer, u.serial, u.model, u.library_manufacturer, u.library_description,
                    u.library_version, u.slot_description, u.slot_manufacturer, u.slot_id, u.object, u.type, u.id,
                    u.pin_source, u.pin_value, u.module_name, u.module_path, u.vendor_path, u.vendor_query);
}

// format() may order attributes differently from the input, never change them.
void check_round_trip(const uri& u) {
    const auto text = u.format();
    INFO("formatted: " << text);
    const auto again = parsed(text);
    CHECK(fields(again) == fields(u));
    CHECK(again.format() == text);
}

std::string bytes_as_string(p11::bytes_view b) { return std::string(b.begin(), b.end()); }

} // namespace

TEST_CASE("uri: the examples of RFC 7512 section 7 mean what the RFC says", "[uri]") {
    SECTION("the empty URI selects everything") {
        const auto u = parsed("pkcs11:");
        CHECK(fields(u) == fields(uri{}));
        CHECK(u.format() == "pkcs11:");
    }
    SECTION("a public key by label") {
        const auto u = parsed("pkcs11:object=my-pubkey;type=public");
        CHECK(u.object == "my-pubkey");
        CHECK(u.type == object_class::public_key);
        CHECK(u.format() == "pkcs11:object=my-pubkey;type=public");
    }
    SECTION("a private key with a PIN file") {
        const auto u = parsed("pkcs11:object=my-key;type=private?pin-source=file:/etc/token");
        CHECK(u.object == "my-key");
        CHECK(u.type == object_class::private_key);
        CHECK(u.pin_source == "file:/etc/token");
        CHECK(u.format() == "pkcs11:object=my-key;type=private?pin-source=file:/etc/token");
    }
    SECTION("a certificate described by everything, with an empty serial") {
        const auto u = parsed("pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;"
                              "model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial="
                              "?pin-source=file:/etc/token_pin");
        CHECK(u.token == "The Software PKCS#11 Softtoken");
        CHECK(u.manufacturer == "Snake Oil, Inc.");
        CHECK(u.model == "1.0");
        CHECK(u.object == "my-certificate");
        CHECK(u.type == object_class::certificate);
        CHECK(u.id == bytes{0x69, 0x95, 0x3e, 0x5c, 0xf4, 0xbd, 0xec, 0x91});
        // Present and empty is not absent: it matches only an empty serial number.
        CHECK(u.serial == std::string{});
        CHECK(u.pin_source == "file:/etc/token_pin");
        CHECK(u.format() == "pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;"
                            "serial=;model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91"
                            "?pin-source=file:/etc/token_pin");
        check_round_trip(u);
    }
    SECTION("a module by name and by path") {
        const auto by_name = parsed("pkcs11:object=my-sign-key;type=private?module-name=mypkcs11");
        CHECK(by_name.module_name == "mypkcs11");
        CHECK(by_name.format() == "pkcs11:object=my-sign-key;type=private?module-name=mypkcs11");
        const auto by_path = parsed("pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1");
        CHECK(by_path.module_path == "/mnt/libmypkcs11.so.1");
        CHECK(by_path.format() == "pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1");
    }
    SECTION("a token with its PIN in the URI") {
        const auto u =
            parsed("pkcs11:token=Software%20PKCS%2311%20softtoken;manufacturer=Snake%20Oil,%20Inc.?pin-value=the-pin");
        CHECK(u.token == "Software PKCS#11 softtoken");
        CHECK(u.manufacturer == "Snake Oil, Inc.");
        CHECK(u.pin_value == "the-pin");
        check_round_trip(u);
    }
    SECTION("a slot") {
        const auto u = parsed("pkcs11:slot-description=Sun%20Metaslot");
        CHECK(u.slot_description == "Sun Metaslot");
        CHECK(u.format() == "pkcs11:slot-description=Sun%20Metaslot");
    }
    SECTION("a library") {
        const auto u = parsed("pkcs11:library-manufacturer=Snake%20Oil,%20Inc.;"
                              "library-description=Soft%20Token%20Library;library-version=1.23");
        CHECK(u.library_manufacturer == "Snake Oil, Inc.");
        CHECK(u.library_description == "Soft Token Library");
        CHECK(u.library_version == p11::version{1, 23});
        check_round_trip(u);
    }
    SECTION("a version without minor, an escaped '%' and mixed-case hex") {
        const auto u =
            parsed("pkcs11:token=My%20token%25%20created%20by%20Joe;library-version=3;id=%01%02%03%Ba%dd%Ca%fe%04%05%06");
        CHECK(u.token == "My token% created by Joe");
        CHECK(u.library_version == p11::version{3, 0});
        CHECK(u.id == bytes{0x01, 0x02, 0x03, 0xba, 0xdd, 0xca, 0xfe, 0x04, 0x05, 0x06});
        check_round_trip(u);
    }
    SECTION("';' and '%' inside a value") {
        const auto u = parsed("pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;object=my-certificate;type=cert");
        CHECK(u.token == "A name with a substring %;");
        CHECK(u.format() == "pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;object=my-certificate;type=cert");
    }
    SECTION("UTF-8, percent-encoded") {
        const auto u =
            parsed("pkcs11:token=Name%20with%20a%20small%20A%20with%20acute:%20%C3%A1;object=my-certificate;type=cert");
        CHECK(u.token == "Name with a small A with acute: \xc3\xa1");
        CHECK(u.format() ==
              "pkcs11:token=Name%20with%20a%20small%20A%20with%20acute:%20%C3%A1;object=my-certificate;type=cert");
    }
    SECTION("vendor attributes in the path and the query") {
        const std::string text = "pkcs11:token=my-token;object=my-certificate;type=cert;vendor-aaa=value-a"
                                 "?pin-source=file:/etc/token_pin&vendor-bbb=value-b";
        const auto u = parsed(text);
        CHECK(u.token == "my-token");
        CHECK(u.pin_source == "file:/etc/token_pin");
        REQUIRE(u.vendor_path.size() == 1);
        CHECK(u.vendor_path[0] == std::pair<std::string, std::string>{"vendor-aaa", "value-a"});
        REQUIRE(u.vendor_query.size() == 1);
        CHECK(u.vendor_query[0] == std::pair<std::string, std::string>{"vendor-bbb", "value-b"});
        CHECK(u.format() == text);
    }
}

TEST_CASE("uri: every attribute of RFC 7512", "[uri]") {
    SECTION("all path attributes and three query attributes at once, formatted back verbatim") {
        const std::string text =
            "pkcs11:token=T;manufacturer=M;serial=0123;model=Mo;library-manufacturer=LM;library-description=LD;"
            "library-version=2.40;slot-description=SD;slot-manufacturer=SM;slot-id=4294967295;object=O;"
            "type=secret-key;id=%00%FF?pin-value=1234&module-name=softhsm2&module-path=/usr/lib/m.so";
        const auto u = parsed(text);
        CHECK(u.token == "T");
        CHECK(u.manufacturer == "M");
        CHECK(u.serial == "0123");
        CHECK(u.model == "Mo");
        CHECK(u.library_manufacturer == "LM");
        CHECK(u.library_description == "LD");
        CHECK(u.library_version == p11::version{2, 40});
        CHECK(u.slot_description == "SD");
        CHECK(u.slot_manufacturer == "SM");
        CHECK(u.slot_id == p11::ck_ulong{4294967295u});
        CHECK(u.object == "O");
        CHECK(u.type == object_class::secret_key);
        CHECK(u.id == bytes{0x00, 0xff});
        CHECK(u.pin_value == "1234");
        CHECK(u.module_name == "softhsm2");
        CHECK(u.module_path == "/usr/lib/m.so");
        CHECK(u.format() == text);
    }
    SECTION("pin-source, the fourth query attribute") {
        const auto u = parsed("pkcs11:?pin-source=|/usr/bin/ask-pin");
        CHECK(u.pin_source == "|/usr/bin/ask-pin");
        CHECK(u.format() == "pkcs11:?pin-source=|/usr/bin/ask-pin");
    }
    SECTION("the five object types") {
        const std::pair<const char*, object_class> types[] = {{"public", object_class::public_key},
                                                              {"private", object_class::private_key},
                                                              {"cert", object_class::certificate},
                                                              {"secret-key", object_class::secret_key},
                                                              {"data", object_class::data}};
        for (const auto& [name, cls] : types) {
            const auto text = std::string("pkcs11:type=") + name;
            CHECK(parsed(text).type == cls);
            CHECK(parsed(text).format() == text);
        }
    }
    SECTION("each path attribute alone, and twice") {
        const auto name = GENERATE(as<std::string>{}, "token", "manufacturer", "serial", "model",
                                   "library-manufacturer", "library-description", "library-version",
                                   "slot-description", "slot-manufacturer", "slot-id", "object", "type", "id");
        // id is printed as percent-encoded bytes whatever they are, as the RFC's examples do.
        const std::string value = name == "type" ? "data" : name == "library-version" ? "1.2" : name == "id" ? "%01%AB" : "7";
        const auto one = "pkcs11:" + name + "=" + value;
        INFO(one);
        const auto u = parsed(one);
        CHECK(u.vendor_path.empty());  // known, not taken for a vendor attribute
        CHECK(u.format() == one);
        CHECK(rejected(one + ";" + name + "=" + value));
    }
    SECTION("numbers at their limits") {
        CHECK(parsed("pkcs11:slot-id=0").slot_id == p11::ck_ulong{0});
        CHECK(parsed("pkcs11:library-version=0").library_version == p11::version{0, 0});
        CHECK(parsed("pkcs11:library-version=255.255").library_version == p11::version{255, 255});
        CHECK(parsed("pkcs11:library-version=007.010").library_version == p11::version{7, 10});
    }
}

TEST_CASE("uri: percent-encoding", "[uri]") {
    SECTION("'/' in a label is encoded, and a raw one refused") {
        CHECK(parsed("pkcs11:token=a%2Fb;object=c%2fd").token == "a/b");
        CHECK(parsed("pkcs11:token=a%2Fb;object=c%2fd").object == "c/d");
        uri u;
        u.object = "keys/signing";
        CHECK(u.format() == "pkcs11:object=keys%2Fsigning");
        CHECK(rejected("pkcs11:object=keys/signing"));
    }
    SECTION("separators and delimiters inside values") {
        uri u;
        u.token = "a;b?c#d%e f";
        u.pin_value = "x&y;z#";
        u.module_name = "m?n/o|p";
        CHECK(u.format() == "pkcs11:token=a%3Bb%3Fc%23d%25e%20f?pin-value=x%26y%3Bz%23&module-name=m?n/o|p");
        check_round_trip(u);
    }
    SECTION("what each part may hold raw stays raw") {
        const std::string path_chars = ":[]@!$'()*+,=&";
        const std::string query_chars = ":[]@!$'()*+,=/?|";
        const auto u = parsed("pkcs11:token=" + path_chars + "?x-attr=" + query_chars);
        CHECK(u.token == path_chars);
        REQUIRE(u.vendor_query.size() == 1);
        CHECK(u.vendor_query[0].second == query_chars);
        CHECK(u.format() == "pkcs11:token=" + path_chars + "?x-attr=" + query_chars);
    }
    SECTION("unneeded escapes are accepted and dropped; hex is printed upper case") {
        CHECK(parsed("pkcs11:object=%61%62c").object == "abc");
        CHECK(parsed("pkcs11:object=%61%62c").format() == "pkcs11:object=abc");
        CHECK(parsed("pkcs11:object=%c3%a9").format() == "pkcs11:object=%C3%A9");
    }
    SECTION("UTF-8 must be encoded") {
        CHECK(parsed("pkcs11:token=Gr%C3%BC%C3%9Fe").token == "Gr\xc3\xbc\xc3\x9f" "e");
        CHECK(rejected("pkcs11:token=Gr\xc3\xbc\xc3\x9f" "e"));
        uri u;
        u.token = "\xe2\x82\xac 5";
        CHECK(u.format() == "pkcs11:token=%E2%82%AC%205");
    }
    SECTION("every byte survives a round trip, NUL included") {
        std::string all;
        for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
        uri u;
        u.object = all;
        u.id = bytes(all.begin(), all.end());
        u.pin_value = all;
        u.vendor_path = {{"x-path", all}};
        u.vendor_query = {{"x-query", all}};
        check_round_trip(u);
        CHECK(parsed("pkcs11:object=a%00b").object == std::string("a\0b", 3));
    }
    SECTION("broken escapes are refused") {
        for (const char* text : {"pkcs11:object=%", "pkcs11:object=a%4", "pkcs11:object=%G1", "pkcs11:object=%1G",
                                 "pkcs11:object=%%41", "pkcs11:object=% 41", "pkcs11:id=%0", "pkcs11:?pin-value=%",
                                 "pkcs11:?pin-value=%x1", "pkcs11:object=%-1"}) {
            INFO(text);
            CHECK(rejected(text));
        }
    }
}

TEST_CASE("uri: malformed URIs are refused", "[uri]") {
    const auto bad = GENERATE(as<std::string>{},
        // not the scheme
        "", "pkcs11", "pkcs12:token=a", "http://example.com/", " pkcs11:token=a",
        // attribute syntax
        "pkcs11:token", "pkcs11:=x", "pkcs11:?=x", "pkcs11:?pin-value", "pkcs11:bad name=x", "pkcs11:to.ken=x",
        "pkcs11:x%41=1",
        // characters that must be encoded
        "pkcs11:token=a b", "pkcs11:token=a#frag", "pkcs11:token=a/b", "pkcs11:object=a\"b", "pkcs11:?pin-value=a;b",
        "pkcs11:?pin-value=a b", "pkcs11:?module-path=/x#y",
        // values
        "pkcs11:type=", "pkcs11:type=secret", "pkcs11:type=certificate", "pkcs11:slot-id=",
        "pkcs11:slot-id=-1", "pkcs11:slot-id=0x10", "pkcs11:slot-id=1.0",
        "pkcs11:slot-id=12345678901234567890", "pkcs11:library-version=", "pkcs11:library-version=1.",
        "pkcs11:library-version=.1", "pkcs11:library-version=1.2.3", "pkcs11:library-version=256",
        "pkcs11:library-version=1.256", "pkcs11:library-version=v1", "pkcs11:library-version=-1",
        // repeats and conflicts
        "pkcs11:token=a;token=b", "pkcs11:token=a;token=a", "pkcs11:x-v=1;x-v=2", "pkcs11:?pin-value=1&pin-value=2",
        "pkcs11:?pin-source=a&pin-source=b", "pkcs11:?module-name=a&module-name=b",
        "pkcs11:?module-path=/a&module-path=/b", "pkcs11:?pin-value=1234&pin-source=file:/pin",
        // module-path is absolute
        "pkcs11:?module-path=", "pkcs11:?module-path=lib.so", "pkcs11:?module-path=./lib.so");
    INFO(bad);
    CHECK(rejected(bad));
}

TEST_CASE("uri: what is accepted beyond the strict grammar", "[uri]") {
    // The scheme is case-insensitive (RFC 3986, 3.1).
    CHECK(parsed("PKCS11:token=a").token == "a");
    CHECK(parsed("Pkcs11:token=a").format() == "pkcs11:token=a");
    // Empty items, as a generator that always appends a separator writes them.
    CHECK(parsed("pkcs11:token=a;").token == "a");
    CHECK(parsed("pkcs11:?").format() == "pkcs11:");
    // Vendor query attributes may repeat; their order is kept.
    const auto u = parsed("pkcs11:?x-v=1&x-v=2&pin-value=0000");
    REQUIRE(u.vendor_query.size() == 2);
    CHECK(u.vendor_query[0].second == "1");
    CHECK(u.vendor_query[1].second == "2");
    // A percent-encoded digit is the digit (RFC 3986, 2.3).
    CHECK(parsed("pkcs11:slot-id=%31").slot_id == p11::ck_ulong{1});
}

TEST_CASE("uri: matching what a module reports", "[uri]") {
    using namespace p11::client;
    // As module.hpp builds them: the space-padded CK_ fields, trimmed.
    p11::abi::CK_TOKEN_INFO raw{};
    auto pad = [](auto& field, std::string_view s) {
        std::memset(field, ' ', sizeof field);
        std::memcpy(field, s.data(), s.size());
    };
    pad(raw.label, "My Token");
    pad(raw.manufacturerID, "Snake Oil, Inc.");
    pad(raw.model, "1.0");
    pad(raw.serialNumber, "0042");
    token_info token;
    token.label = trimmed(raw.label, sizeof raw.label);
    token.manufacturer = trimmed(raw.manufacturerID, sizeof raw.manufacturerID);
    token.model = trimmed(raw.model, sizeof raw.model);
    token.serial = trimmed(raw.serialNumber, sizeof raw.serialNumber);

    p11::abi::CK_INFO raw_info{};
    pad(raw_info.manufacturerID, "Snake Oil, Inc.");
    pad(raw_info.libraryDescription, "Soft Token Library");
    const library_info library{p11::version{2, 40}, trimmed(raw_info.manufacturerID, 32),
                               trimmed(raw_info.libraryDescription, 32), p11::version{1, 23}};
    slot_info slot;
    slot.id = 7;
    slot.description = "Sun Metaslot";
    slot.manufacturer = "Oracle";

    SECTION("the empty URI matches everything") {
        const auto u = parsed("pkcs11:");
        CHECK(u.matches(token));
        CHECK(u.matches(library));
        CHECK(u.matches(slot));
    }
    SECTION("token attributes") {
        CHECK(parsed("pkcs11:token=My%20Token").matches(token));
        CHECK(parsed("pkcs11:token=My%20Token;manufacturer=Snake%20Oil,%20Inc.;model=1.0;serial=0042").matches(token));
        CHECK_FALSE(parsed("pkcs11:token=my%20token").matches(token));    // exact, not case-folded
        CHECK_FALSE(parsed("pkcs11:token=My%20Token%20").matches(token)); // the padding is not part of the label
        CHECK_FALSE(parsed("pkcs11:token=My").matches(token));
        CHECK_FALSE(parsed("pkcs11:token=My%20Token;serial=").matches(token));
        CHECK_FALSE(parsed("pkcs11:model=2.0").matches(token));
        CHECK_FALSE(parsed("pkcs11:manufacturer=Snake%20Oil").matches(token));
        // Other groups' attributes do not take part.
        CHECK(parsed("pkcs11:token=My%20Token;slot-id=99;library-version=9;object=x").matches(token));
    }
    SECTION("library attributes") {
        CHECK(parsed("pkcs11:library-manufacturer=Snake%20Oil,%20Inc.;library-description=Soft%20Token%20Library;"
                     "library-version=1.23")
                  .matches(library));
        CHECK_FALSE(parsed("pkcs11:library-version=1").matches(library));
        CHECK_FALSE(parsed("pkcs11:library-version=1.24").matches(library));
        CHECK_FALSE(parsed("pkcs11:library-description=Soft").matches(library));
        CHECK_FALSE(parsed("pkcs11:library-manufacturer=Acme").matches(library));
        CHECK(parsed("pkcs11:token=other").matches(library));
    }
    SECTION("slot attributes") {
        CHECK(parsed("pkcs11:slot-id=7;slot-description=Sun%20Metaslot;slot-manufacturer=Oracle").matches(slot));
        CHECK_FALSE(parsed("pkcs11:slot-id=8").matches(slot));
        CHECK_FALSE(parsed("pkcs11:slot-description=Sun").matches(slot));
        CHECK_FALSE(parsed("pkcs11:slot-manufacturer=oracle").matches(slot));
        CHECK(parsed("pkcs11:token=other").matches(slot));
    }
}

TEST_CASE("uri: object attributes as a search template", "[uri]") {
    SECTION("object, type and id") {
        const auto t = parsed("pkcs11:token=T;object=my%20key;type=private;id=%01%02%FF").object_template();
        CHECK(t.size() == 3);
        REQUIRE(t.get(p11::attribute_type::label));
        CHECK(bytes_as_string(*t.get(p11::attribute_type::label)) == "my key");
        CHECK(t.get(p11::attr::cls) == object_class::private_key);
        REQUIRE(t.get(p11::attribute_type::id));
        CHECK(bytes(t.get(p11::attribute_type::id)->begin(), t.get(p11::attribute_type::id)->end()) ==
              bytes{0x01, 0x02, 0xff});
        // The C view a module receives.
        REQUIRE(t.count() == 3);
        for (const auto& a : t.ck_span()) CHECK(a.pValue != nullptr);
    }
    SECTION("each alone") {
        CHECK(parsed("pkcs11:type=cert").object_template().size() == 1);
        CHECK(parsed("pkcs11:object=").object_template().contains(p11::attribute_type::label));
        CHECK(parsed("pkcs11:object=").object_template().get(p11::attribute_type::label)->empty());
        CHECK(parsed("pkcs11:id=%00").object_template().get(p11::attribute_type::id)->size() == 1);
    }
    SECTION("no object attributes: a template that matches every object") {
        CHECK(parsed("pkcs11:").object_template().empty());
        CHECK(parsed("pkcs11:token=T;serial=1;slot-id=0;library-version=1?pin-value=1&x=y").object_template().empty());
    }
}
