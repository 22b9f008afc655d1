// The consumer side against real modules (libp11forge.so and SoftHSMv2, the
// same bodies for both): the search range, typed attribute reads, and
// URIs matched against what the modules report.
#include <algorithm>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

#include "modules.hpp"
#include "p11/client/uri.hpp"
#include "rsa_vectors.hpp"

using namespace ct;
using client::object_handle;
using client::object_search;
using bytes = std::vector<std::uint8_t>;

namespace {

constexpr std::size_t object_count = 150;  // more than two batches of the default 64
constexpr std::string_view application = "p11forge client tests";

std::span<const byte> sp(const bytes& b) { return {b.data(), b.size()}; }
std::span<const byte> sp(std::string_view s) { return {reinterpret_cast<const byte*>(s.data()), s.size()}; }

bytes hex(std::string_view s) {
    bytes out;
    int hi = -1;
    for (char c : s) {
        if (c == ' ') continue;
        const int v = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        if (hi < 0) hi = v;
        else out.push_back(static_cast<std::uint8_t>(hi * 16 + v)), hi = -1;
    }
    return out;
}

attribute_template ours() { return {attr::cls = object_class::data, attr::application = std::string(application)}; }

// Session data objects labelled obj-0 .. obj-(n-1); their handles sorted.
std::vector<object_handle> make_objects(const client::session& s, std::size_t n = object_count) {
    std::vector<object_handle> out;
    for (std::size_t i = 0; i < n; ++i) {
        auto t = ours();
        t.set(attr::token = false);
        t.set(attr::label = "obj-" + std::to_string(i));
        out.push_back(must(s.create(t), "C_CreateObject"));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<object_handle> sorted(std::vector<object_handle> v) {
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace

TEST_CASE("modules: the search range", "[search]") {
    const auto mod = GENERATE(from_range(modules()));
    INFO(mod.name);
    if (!present(mod)) return;
    token t(mod);
    const auto created = make_objects(t.s);

    SECTION("every handle exactly once, whatever the batch size; find() agrees") {
        for (std::size_t batch : {std::size_t{1}, std::size_t{7}, object_search::default_batch, std::size_t{1000}}) {
            INFO("batch " << batch);
            auto found = t.s.search(ours(), batch);
            const std::vector<object_handle> seen(found.begin(), found.end());
            CHECK(found.error() == rv::ok);
            CHECK_FALSE(found.active());
            CHECK(sorted(seen) == created);  // also: no handle twice
        }
        CHECK(sorted(must(t.s.find(ours()), "find")) == created);
    }

    SECTION("no search open in the loop body nor after leaving it early") {
        {
            auto found = t.s.search(ours(), 10);
            std::size_t n = 0;
            for (auto h : found) {
                CHECK(std::binary_search(created.begin(), created.end(), h));
                if (++n == 3) break;
            }
            // The search ended before the body ran: the session takes another one.
            CHECK_FALSE(found.active());
            {
                auto nested = t.s.search(ours());
                CHECK(nested.error() == rv::ok);
                CHECK(std::distance(nested.begin(), nested.end()) == static_cast<std::ptrdiff_t>(object_count));
            }
            // The loop broke before stepping past its third handle, which is where the range resumes.
            CHECK(std::distance(found.begin(), found.end()) == static_cast<std::ptrdiff_t>(object_count - 2));
        }
        {
            auto left_early = t.s.search(ours(), 10);
            for (auto h : left_early) {
                CHECK(h != 0);
                break;
            }
        }
        auto again = t.s.search(ours());
        CHECK(again.error() == rv::ok);
        CHECK(std::distance(again.begin(), again.end()) == static_cast<std::ptrdiff_t>(object_count));
        CHECK(again.error() == rv::ok);
    }

    SECTION("finish() ends the search at once") {
        auto found = t.s.search(ours(), 5);
        CHECK(found.begin() != found.end());
        CHECK(found.finish());
        CHECK_FALSE(found.active());
        auto next = t.s.search(ours());
        CHECK(next.error() == rv::ok);
        CHECK(std::distance(next.begin(), next.end()) == static_cast<std::ptrdiff_t>(object_count));
    }

    SECTION("the session's other calls inside the loop, and find_one") {
        object_handle wanted = 0;
        for (auto h : t.s.search(ours(), 16)) {
            if (must(t.s.get(h, attr::label), "C_GetAttributeValue(CKA_LABEL)") == "obj-42") {
                wanted = h;
                break;
            }
        }
        REQUIRE(wanted != 0);
        auto criteria = ours();
        criteria.set(attr::label = "obj-42");
        CHECK(must(t.s.find_one(criteria), "find_one") == wanted);
        // find_one left nothing open.
        CHECK(t.s.search(ours()).error() == rv::ok);
    }

    SECTION("nothing found") {
        auto criteria = ours();
        criteria.set(attr::label = "no such object");
        auto found = t.s.search(criteria);
        CHECK(found.begin() == found.end());
        CHECK(found.error() == rv::ok);
        CHECK_FALSE(found.active());
        CHECK_FALSE(must(t.s.find_one(criteria), "find_one").has_value());
        CHECK(must(t.s.find(criteria), "find").empty());
    }

    SECTION("a refused C_FindObjectsInit is an empty range and an error") {
        object_search bad(t.s.fn(), t.s.handle() + 0x1000, ours());
        CHECK(bad.error() == rv::ok);  // nothing called yet
        CHECK(bad.begin() == bad.end());
        CHECK(bad.error() == rv::session_handle_invalid);
        CHECK(std::distance(t.s.search(ours()).begin(), object_search::iterator{}) ==
              static_cast<std::ptrdiff_t>(object_count));
    }
}

TEST_CASE("modules: typed attribute reads", "[get]") {
    const auto mod = GENERATE(from_range(modules()));
    INFO(mod.name);
    if (!present(mod)) return;
    token t(mod);

    SECTION("CKA_LABEL as a string, CKA_CLASS as an object class") {
        const std::string label = "typed label \xc3\xbc";
        const auto h = must(t.s.create({attr::cls = object_class::data, attr::token = false, attr::label = label,
                                        attr::value = sp(std::string_view("data"))}),
                            "C_CreateObject");
        auto got = t.s.get(h, attr::label);
        static_assert(std::is_same_v<decltype(got), result<std::string>>);
        CHECK(must(std::move(got), "get(label)") == label);
        CHECK(must(t.s.get(h, attr::cls), "get(class)") == object_class::data);
        CHECK_FALSE(must(t.s.get(h, attr::token), "get(token)"));
        // An unlabelled object has an empty label, not an error.
        const auto plain = must(t.s.create({attr::cls = object_class::data, attr::token = false}), "C_CreateObject");
        CHECK(must(t.s.get(plain, attr::label), "get(label)").empty());
        // An attribute the object does not have.
        const auto missing = t.s.get(h, attr::modulus);
        REQUIRE_FALSE(missing);
        CHECK(missing.code() == rv::attribute_type_invalid);
        CHECK(missing.error_value().function() == function_id::C_GetAttributeValue);
    }

    SECTION("CKA_KEY_TYPE as p11::key_type, CKA_MODULUS as bytes, of an imported key") {
        const auto n = hex(rsa_vectors::key1::n), e = hex(rsa_vectors::key1::e);
        const auto h = must(t.s.create({attr::cls = object_class::public_key, attr::key_type = key_type::rsa,
                                        attr::token = false, attr::modulus = sp(n), attr::public_exponent = sp(e),
                                        attr::verify = true}),
                            "C_CreateObject");
        auto kt = t.s.get(h, attr::key_type);
        static_assert(std::is_same_v<decltype(kt), result<key_type>>);
        CHECK(must(std::move(kt), "get(key type)") == key_type::rsa);
        auto modulus = t.s.get(h, attr::modulus);
        static_assert(std::is_same_v<decltype(modulus), result<std::vector<std::uint8_t>>>);
        CHECK(must(std::move(modulus), "get(modulus)") == n);
        CHECK(must(t.s.get(h, attr::public_exponent), "get(exponent)") == e);
        CHECK(must(t.s.get(h, attr::cls), "get(class)") == object_class::public_key);
    }

    SECTION("a generated key pair: values the module made, and a sensitive one") {
        const auto pair = must(t.s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                                     {attr::token = false, attr::modulus_bits = 1024,
                                                      attr::public_exponent = sp(hex("010001")), attr::verify = true},
                                                     {attr::token = false, attr::sign = true, attr::sensitive = true,
                                                      attr::label = std::string("generated")}),
                               "C_GenerateKeyPair");
        const auto n = must(t.s.get(pair.public_key, attr::modulus), "get(modulus)");
        CHECK(n.size() == 128);
        CHECK(must(t.s.get(pair.private_key, attr::modulus), "get(modulus)") == n);
        CHECK(must(t.s.get(pair.public_key, attr::modulus_bits), "get(modulus bits)") == 1024u);
        CHECK(must(t.s.get(pair.private_key, attr::key_type), "get(key type)") == key_type::rsa);
        CHECK(must(t.s.get(pair.private_key, attr::label), "get(label)") == "generated");
        const auto secret = t.s.get(pair.private_key, attr::private_exponent);
        REQUIRE_FALSE(secret);
        CHECK(secret.code() == rv::attribute_sensitive);
    }
}

TEST_CASE("modules: URIs matched against what the modules report", "[uri]") {
    const auto mod = GENERATE(from_range(modules()));
    INFO(mod.name);
    if (!present(mod)) return;
    // A label that needs encoding: '/' (%2F), a space and UTF-8.
    const std::string label = "client/tests \xc3\xbc";
    token t(mod, label);

    const auto library = must(t.m.info(), "C_GetInfo");
    const auto slot = must(t.m.slot(t.slot), "C_GetSlotInfo");
    const auto tok = must(t.m.token(t.slot), "C_GetTokenInfo");

    SECTION("a URI made from the module's own answers, through text, matches them") {
        client::uri u;
        u.token = tok.label;
        u.manufacturer = tok.manufacturer;
        u.model = tok.model;
        u.serial = tok.serial;
        u.library_manufacturer = library.manufacturer;
        u.library_description = library.description;
        u.library_version = library.library;
        u.slot_id = slot.id;
        u.slot_description = slot.description;
        u.slot_manufacturer = slot.manufacturer;
        const auto text = u.format();
        INFO(text);
        CHECK(text.find("token=client%2Ftests%20%C3%BC;") != std::string::npos);
        const auto back = client::uri::parse(text);
        REQUIRE(back);
        CHECK(back->matches(library));
        CHECK(back->matches(slot));
        CHECK(back->matches(tok));
    }
    SECTION("a token selected by label among the module's slots") {
        const auto u = client::uri::parse("pkcs11:token=client%2Ftests%20%C3%BC");
        REQUIRE(u);
        std::vector<client::slot_id> matching;
        for (auto id : must(t.m.slots(true), "C_GetSlotList"))
            if (u->matches(must(t.m.token(id), "C_GetTokenInfo"))) matching.push_back(id);
        CHECK(matching == std::vector<client::slot_id>{t.slot});
        CHECK_FALSE(client::uri::parse("pkcs11:token=client%2Ftests")->matches(tok));
        CHECK_FALSE(client::uri::parse("pkcs11:library-version=255.255")->matches(library));
    }
    SECTION("the object attributes select objects") {
        make_objects(t.s, 5);
        const auto key = [&](std::string_view id) {
            return must(t.s.create({attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                    attr::token = false, attr::value = sp(bytes(16, 0x2a)), attr::id = sp(hex(id)),
                                    attr::label = std::string("aes ") + std::string(id)}),
                        "C_CreateObject");
        };
        const auto k1 = key("01"), k2 = key("02");
        auto select = [&](std::string_view text) {
            const auto u = client::uri::parse(text);
            REQUIRE(u);
            return sorted(must(t.s.find(u->object_template()), "find"));
        };
        CHECK(select("pkcs11:type=secret-key;id=%01") == std::vector<object_handle>{k1});
        CHECK(select("pkcs11:id=%02") == std::vector<object_handle>{k2});
        CHECK(select("pkcs11:object=aes%2002") == std::vector<object_handle>{k2});
        CHECK(select("pkcs11:type=secret-key") == sorted({k1, k2}));
        CHECK(select("pkcs11:object=obj-3;type=data").size() == 1);
        CHECK(select("pkcs11:type=data").size() == 5);
        CHECK(select("pkcs11:object=obj-3;type=secret-key").empty());
    }
}
