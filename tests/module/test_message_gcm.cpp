// AES-GCM through the 3.0 message-based functions: the GCM specification's
// known answers as whole messages and in parts, tampering, and the IV
// generators (CK_GCM_MESSAGE_PARAMS.ivGenerator) including a counter that no
// two processes sharing a token key ever repeat.
#include <cstdlib>
#include <fstream>
#include <set>

#include "../common/child_process.hpp"
#include "../common/gcm_spec_vectors.hpp"
#include "message_support.hpp"

using namespace mt;

namespace {

using G = generator_function;
const bytes key16 = hex("feffe9928665731c6d6a8f9467308308");

// The token key the processes share, found by its label.
constexpr std::string_view shared_label = "message-counter-key";

// A child: encrypts `count` messages with CKG_GENERATE_COUNTER (32 fixed
// bits) under the shared key and writes each IV, in hex, to the file named.
// With a third argument "crash" it then ends at once, as a killed process
// would: no C_Finalize, no destructors, the rest of its counter block unused.
const test::child_role counter_child("message-counter-ivs", [](const std::vector<std::string>& args) {
    if (args.size() != 2 && !(args.size() == 3 && args[2] == "crash")) return 10;
    auto m = client::module::load(P11FORGE_MODULE_3_0_PATH);
    if (!m) return 11;
    auto s = m->open_session(soft_slot, true);
    if (!s) return 12;
    auto login = s->login(user_type::user, user_pin);
    if (!login) return 13;
    auto found = s->find({attr::label = shared_label});
    if (!found || found->size() != 1) return 14;
    auto ck = plain_ck(mechanism_type::aes_gcm);
    if (s->fn()->C_MessageEncryptInit(s->handle(), &ck, found->front()) != 0) return 15;
    std::ofstream out(args[0]);
    const bytes plain = str("from a child process");
    for (int i = 0; i < std::stoi(args[1]); ++i) {
        gcm_message msg(hex("a5a5a5a5 0000000000000000"), G::generate_counter, 32);
        bytes cipher(plain.size());
        auto n = static_cast<abi::CK_ULONG>(cipher.size());
        if (s->fn()->C_EncryptMessage(s->handle(), msg.ptr(), msg.len, nullptr, 0, const_cast<std::uint8_t*>(plain.data()),
                                      static_cast<abi::CK_ULONG>(plain.size()), cipher.data(), &n) != 0)
            return 16;
        out << to_hex(msg.iv) << '\n';
    }
    out.flush();
    if (args.size() == 3) std::_Exit(out ? 0 : 17);
    return out ? 0 : 17;
});

std::vector<std::string> lines_of(const fs::path& p) {
    std::vector<std::string> out;
    std::ifstream in(p);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::uint64_t low64(const bytes& iv) {
    std::uint64_t v = 0;
    for (std::size_t i = iv.size() - 8; i < iv.size(); ++i) v = v << 8 | iv[i];
    return v;
}

} // namespace

TEST_CASE("message-based AES-GCM: the GCM specification's known answers, whole and in parts", "[message][gcm]") {
    message_fixture t;
    for (const auto& c : gcm_spec::cases) {
        INFO("GCM test case " << c.number);
        const auto key = aes_key(t.s, hex(c.key));
        const auto p = hex(c.plaintext), aad = hex(c.aad), expected = hex(c.ciphertext), tag = hex(c.tag);
        REQUIRE(t.encrypt_init(key) == rv::ok);
        REQUIRE(t.decrypt_init(key) == rv::ok);
        bytes out;
        {
            gcm_message m(hex(c.iv));
            REQUIRE(t.encrypt(m, aad, p, out) == rv::ok);
            CHECK(out == expected);
            CHECK(m.tag_bytes() == tag);
        }
        {
            gcm_message m(hex(c.iv));
            REQUIRE(t.in_parts(true, m, aad, p, 17, out) == rv::ok);
            CHECK(out == expected);
            CHECK(m.tag_bytes() == tag);
        }
        {
            gcm_message m(hex(c.iv));
            m.tag = tag;
            REQUIRE(t.decrypt(m, aad, expected, out) == rv::ok);
            CHECK(out == p);
        }
        {
            gcm_message m(hex(c.iv));
            m.tag = tag;
            REQUIRE(t.in_parts(false, m, aad, expected, 5, out) == rv::ok);
            CHECK(out == p);
        }
        {
            // SP 800-38D 7.1: a 96-bit tag is the leading 96 bits of the full one.
            gcm_message m(hex(c.iv), G::no_generate, 0, 96);
            REQUIRE(t.encrypt(m, aad, p, out) == rv::ok);
            CHECK(m.tag_bytes() == first(tag, 12));
        }
        {
            // A tampered tag: CKR_ENCRYPTED_DATA_INVALID, and the process goes on.
            gcm_message m(hex(c.iv));
            m.tag = tag;
            m.tag.back() ^= 0x01;
            CHECK(t.decrypt(m, aad, expected, out) == rv::encrypted_data_invalid);
            CHECK(t.in_parts(false, m, aad, expected, 7, out) == rv::encrypted_data_invalid);
            m.tag = tag;
            CHECK(t.decrypt(m, aad, expected, out) == rv::ok);
            if (!aad.empty()) {
                auto bad_aad = aad;
                bad_aad[0] ^= 0x01;
                CHECK(t.decrypt(m, bad_aad, expected, out) == rv::encrypted_data_invalid);
            }
        }
        CHECK(code(t.fn()->C_MessageEncryptFinal(t.h())) == rv::ok);
        CHECK(code(t.fn()->C_MessageDecryptFinal(t.h())) == rv::ok);
    }
}

TEST_CASE("message-based AES-GCM: the token generates IVs, keeps the fixed bits and returns the IV", "[message][gcm]") {
    message_fixture t;
    const auto key = aes_key(t.s, key16);
    REQUIRE(t.encrypt_init(key) == rv::ok);
    REQUIRE(t.decrypt_init(key) == rv::ok);
    const bytes plain = str("sixteen byte msg and a bit"), aad = str("header");
    const bytes prefix = hex("0102030405");

    SECTION("CKG_GENERATE_COUNTER: the counter below the fixed bits, one more per message") {
        std::vector<bytes> ivs;
        for (int i = 0; i < 5; ++i) {
            gcm_message m(cat(prefix, bytes(7, 0xee)), G::generate_counter, 40);
            bytes cipher, back;
            REQUIRE(t.encrypt(m, aad, plain, cipher) == rv::ok);
            CHECK(first(m.iv, 5) == prefix);
            ivs.push_back(m.iv);
            // The IV written back is the one used: it decrypts.
            gcm_message d(m.iv);
            d.tag = m.tag;
            REQUIRE(t.decrypt(d, aad, cipher, back) == rv::ok);
            CHECK(back == plain);
        }
        for (std::size_t i = 1; i < ivs.size(); ++i) CHECK(low64(ivs[i]) == low64(ivs[i - 1]) + 1);
        // A multi-part message takes the next value at its Begin.
        gcm_message m(cat(prefix, bytes(7, 0)), G::generate_counter, 40);
        bytes cipher;
        REQUIRE(t.in_parts(true, m, aad, plain, 10, cipher) == rv::ok);
        CHECK(low64(m.iv) == low64(ivs.back()) + 1);
    }
    SECTION("fixed bits need not end on a byte") {
        gcm_message m(bytes(12, 0xff), G::generate_counter, 36);
        bytes cipher;
        REQUIRE(t.encrypt(m, aad, plain, cipher) == rv::ok);
        CHECK(first(m.iv, 4) == bytes(4, 0xff));
        CHECK((m.iv[4] & 0xf0) == 0xf0);
    }
    SECTION("CKG_GENERATE_RANDOM and CKG_GENERATE: fixed bits kept, every IV new") {
        for (const auto g : {G::generate_random, G::generate}) {
            std::set<bytes> seen;
            for (int i = 0; i < 8; ++i) {
                gcm_message m(cat(prefix, bytes(7, 0)), g, 40);
                bytes cipher;
                REQUIRE(t.encrypt(m, aad, plain, cipher) == rv::ok);
                CHECK(first(m.iv, 5) == prefix);
                seen.insert(m.iv);
            }
            CHECK(seen.size() == 8);
        }
    }
    SECTION("CKG_NO_GENERATE leaves the caller's IV alone") {
        gcm_message m(bytes(12, 0x77), G::no_generate, 0);
        bytes cipher;
        REQUIRE(t.encrypt(m, aad, plain, cipher) == rv::ok);
        CHECK(m.iv == bytes(12, 0x77));
    }
    SECTION("all bits fixed leaves nothing to generate: CKR_MECHANISM_PARAM_INVALID") {
        gcm_message m(bytes(12, 0), G::generate_counter, 96);
        bytes cipher;
        CHECK(t.encrypt(m, aad, plain, cipher) == rv::mechanism_param_invalid);
    }
    SECTION("a length query and a short buffer spend no counter value") {
        gcm_message first_message(bytes(12, 0), G::generate_counter, 32);
        bytes cipher;
        REQUIRE(t.encrypt(first_message, aad, plain, cipher) == rv::ok);
        gcm_message m(bytes(12, 0), G::generate_counter, 32);
        abi::CK_ULONG n = 0;
        REQUIRE(code(t.fn()->C_EncryptMessage(t.h(), m.ptr(), m.len, nullptr, 0, t.ptr(plain), t.len(plain), nullptr,
                                              &n)) == rv::ok);
        CHECK(n == plain.size());
        CHECK(m.iv == bytes(12, 0));
        bytes small(3);
        n = 3;
        CHECK(code(t.fn()->C_EncryptMessage(t.h(), m.ptr(), m.len, nullptr, 0, t.ptr(plain), t.len(plain),
                                            small.data(), &n)) == rv::buffer_too_small);
        CHECK(n == plain.size());
        CHECK(m.iv == bytes(12, 0));
        REQUIRE(t.encrypt(m, {}, plain, cipher) == rv::ok);
        CHECK(low64(m.iv) == low64(first_message.iv) + 1);
    }
}

TEST_CASE("message-based AES-GCM: processes sharing a token key never get the same counter IV",
          "[message][gcm][processes]") {
    message_fixture t;
    aes_key(t.s, key16, {attr::token = true, attr::label = shared_label});
    const auto found = must(t.s.find({attr::label = shared_label}));
    REQUIRE(found.size() == 1);
    const auto key = found.front();
    REQUIRE(t.encrypt_init(key) == rv::ok);

    std::vector<bytes> mine;
    const auto encrypt_some = [&](int count) {
        for (int i = 0; i < count; ++i) {
            gcm_message m(hex("a5a5a5a5 0000000000000000"), G::generate_counter, 32);
            bytes cipher;
            REQUIRE(t.encrypt(m, {}, str("from the parent"), cipher) == rv::ok);
            mine.push_back(m.iv);
        }
    };
    encrypt_some(10);
    const auto dir = fs::temp_directory_path() / ("p11forge-ivs-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    {
        // Two children at once, while this process holds its own block.
        test::child_process a("message-counter-ivs", {(dir / "a").string(), "1500"});
        test::child_process b("message-counter-ivs", {(dir / "b").string(), "1500"});
        encrypt_some(10);
        REQUIRE(a.wait() == 0);
        REQUIRE(b.wait() == 0);
    }
    encrypt_some(10);
    // And after this process let the module go: its next block is new too.
    t.reload(P11FORGE_MODULE_3_0_PATH);
    const auto again = must(t.s.find({attr::label = shared_label}));
    REQUIRE(again.size() == 1);
    REQUIRE(code(t.fn()->C_MessageEncryptInit(t.h(), &t.gcm, again.front())) == rv::ok);
    encrypt_some(10);

    std::set<std::string> all;
    std::size_t total = 0;
    for (const auto& iv : mine) {
        CHECK(first(iv, 4) == hex("a5a5a5a5"));
        all.insert(to_hex(iv));
        ++total;
    }
    for (const char* child : {"a", "b"}) {
        const auto ivs = lines_of(dir / child);
        CHECK(ivs.size() == 1500);
        for (const auto& iv : ivs) {
            CHECK(iv.substr(0, 8) == "a5a5a5a5");
            all.insert(iv);
            ++total;
        }
    }
    fs::remove_all(dir);
    CHECK(total == 40 + 3000);
    CHECK(all.size() == total);
}

TEST_CASE("message-based AES-GCM: a process that dies in the middle of its counter block leaves no IV to reuse",
          "[message][gcm][processes]") {
    message_fixture t;
    aes_key(t.s, key16, {attr::token = true, attr::label = shared_label});
    const auto dir = fs::temp_directory_path() / ("p11forge-crash-ivs-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    // The first child reserves a block, uses 5 values of it and dies; the
    // second starts afterwards, with the crashed block's rest still unused.
    {
        test::child_process crashed("message-counter-ivs", {(dir / "crashed").string(), "5", "crash"});
        REQUIRE(crashed.wait() == 0);
    }
    {
        test::child_process next("message-counter-ivs", {(dir / "next").string(), "5"});
        REQUIRE(next.wait() == 0);
    }
    const auto crashed_ivs = lines_of(dir / "crashed");
    const auto next_ivs = lines_of(dir / "next");
    fs::remove_all(dir);
    REQUIRE(crashed_ivs.size() == 5);
    REQUIRE(next_ivs.size() == 5);
    const auto counter = [](const std::string& iv) { return low64(hex(iv)); };
    for (std::size_t i = 1; i < 5; ++i) {
        CHECK(counter(crashed_ivs[i]) == counter(crashed_ivs[i - 1]) + 1);
        CHECK(counter(next_ivs[i]) == counter(next_ivs[i - 1]) + 1);
    }
    // Values handed out before the crash are never handed out again: the
    // next process starts beyond everything the crashed one could have used.
    CHECK(counter(next_ivs.front()) > counter(crashed_ivs.back()));

    // Nor does this process, which has held no block of this key yet.
    const auto found = must(t.s.find({attr::label = shared_label}));
    REQUIRE(found.size() == 1);
    REQUIRE(t.encrypt_init(found.front()) == rv::ok);
    gcm_message m(hex("a5a5a5a5 0000000000000000"), G::generate_counter, 32);
    bytes cipher;
    REQUIRE(t.encrypt(m, {}, str("after the crash"), cipher) == rv::ok);
    CHECK(low64(m.iv) > counter(next_ivs.back()));
}

TEST_CASE("message-based AES-GCM: a session key's counter is the token's own", "[message][gcm]") {
    message_fixture t;
    const auto a = aes_key(t.s, key16);
    const auto b = aes_key(t.s, key16);
    std::set<bytes> seen;
    for (const auto key : {a, b}) {
        REQUIRE(t.encrypt_init(key) == rv::ok);
        for (int i = 0; i < 3; ++i) {
            gcm_message m(bytes(12, 0), G::generate_counter, 0);
            bytes cipher;
            REQUIRE(t.encrypt(m, {}, str("x"), cipher) == rv::ok);
            seen.insert(m.iv);
        }
        REQUIRE(code(t.fn()->C_MessageEncryptFinal(t.h())) == rv::ok);
    }
    CHECK(seen.size() == 6);
}
