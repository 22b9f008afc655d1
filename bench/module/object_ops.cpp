// The framework benchmarks: sessions, attributes, searches among many token
// and session objects, and the process's resident size once they exist.
#include <string>

#include "harness.hpp"

namespace bench {
namespace {

constexpr const char* haystack_label = "p11forge-bench-search";
constexpr const char* needle_label = "p11forge-bench-needle";

void sessions_and_attributes(fixture& fx) {
    const auto* f = fx.f;
    if (wanted("session-open-close"))
        report("session-open-close", rate([&] {
                   abi::CK_SESSION_HANDLE s = 0;
                   check(f->C_OpenSession(fx.slot, ck(session_flags::serial_session), nullptr, nullptr, &s), "C_OpenSession");
                   check(f->C_CloseSession(s), "C_CloseSession");
               }),
               "ops/s");
    if (wanted("get-attribute")) {
        const auto h = fx.sessions[0].handle();
        report("get-attribute", rate([&] {
                   abi::CK_ULONG type = 0;
                   abi::CK_ATTRIBUTE a{ck(attribute_type::key_type), &type, sizeof type};
                   check(f->C_GetAttributeValue(h, fx.aes, &a, 1), "C_GetAttributeValue");
               }),
               "ops/s");
    }
}

// A token object's handle is checked against the token on every use (has
// another process changed or destroyed it?): what that costs on the calls
// applications make most, next to the session-object figures above.
void token_object_use(fixture& fx) {
    const bool get = wanted("get-attribute-token-object"), init = wanted("encrypt-init-token-key");
    if (!get && !init) return;
    auto& s = fx.sessions[0];
    const auto key = must(s.generate_key(mechanism_type::aes_key_gen, {attr::token = true, attr::value_len = 32,
                                                                         attr::encrypt = true, attr::label = "p11forge-bench-token-key"}),
                          "AES-256 token key");
    const auto* f = fx.f;
    const auto h = s.handle();
    if (get)
        report("get-attribute-token-object", rate([&] {
                   abi::CK_ULONG type = 0;
                   abi::CK_ATTRIBUTE a{ck(attribute_type::key_type), &type, sizeof type};
                   check(f->C_GetAttributeValue(h, key, &a, 1), "C_GetAttributeValue");
               }),
               "ops/s");
    if (init) {
        std::uint8_t block[16] = {};
        std::uint8_t out[16];
        report("encrypt-init-token-key", rate([&] {
                   abi::CK_MECHANISM m{ck(mechanism_type::aes_ecb), nullptr, 0};
                   abi::CK_ULONG n = sizeof out;
                   check(f->C_EncryptInit(h, &m, key), "C_EncryptInit");
                   check(f->C_Encrypt(h, block, sizeof block, out, &n), "C_Encrypt");
               }),
               "ops/s");
    }
    (void)s.destroy(key);
}

// Public token data objects labelled haystack_label, up to `count` of them.
void fill_haystack(client::session& s, std::size_t count) {
    const auto existing = must(s.find({attr::label = haystack_label}), "find").size();
    for (std::size_t i = existing; i < count; ++i)
        (void)must(s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false, attr::label = haystack_label,
                             attr::application = std::to_string(i)}),
                   "C_CreateObject");
}

void find_needle(fixture& fx, const std::string& name) {
    const auto* f = fx.f;
    const auto h = fx.sessions[0].handle();
    const std::string needle = needle_label;
    report(name, rate([&] {
               abi::CK_ATTRIBUTE a{ck(attribute_type::label), const_cast<char*>(needle.data()), static_cast<abi::CK_ULONG>(needle.size())};
               handle found[4];
               abi::CK_ULONG n = 0;
               check(f->C_FindObjectsInit(h, &a, 1), "C_FindObjectsInit");
               check(f->C_FindObjects(h, found, 4, &n), "C_FindObjects");
               check(f->C_FindObjectsFinal(h), "C_FindObjectsFinal");
               if (n != 1) {
                   std::fprintf(stderr, "%s: found %lu needles\n", name.c_str(), static_cast<unsigned long>(n));
                   std::exit(3);
               }
           }),
           "ops/s");
}

void place_needle(client::session& s) {
    if (must(s.find({attr::label = needle_label}), "find").empty())
        (void)must(s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false, attr::label = needle_label}),
                   "C_CreateObject");
}

void searches(fixture& fx) {
    const bool small = wanted("find-label-among-1000"), large = wanted("find-label-among-10000") || wanted("rss-with-10000-objects");
    if (!small && !large) return;
    auto& s = fx.sessions[0];
    const double before = resident_mib();
    place_needle(s);
    if (small) {
        fill_haystack(s, 1000);
        find_needle(fx, "find-label-among-1000");
    }
    if (large) {
        fill_haystack(s, 10000);
        if (wanted("rss-with-10000-objects")) {
            report("rss-before-objects", before, "MiB");
            report("rss-with-10000-objects", resident_mib(), "MiB");
        }
        if (wanted("find-label-among-10000")) find_needle(fx, "find-label-among-10000");
    }
    // P11FORGE_BENCH_KEEP leaves them for the start-up measurement (bench/run.sh).
    if (!std::getenv("P11FORGE_BENCH_KEEP"))
        for (auto o : must(s.find({attr::cls = object_class::data}), "find")) (void)s.destroy(o);
}

// The same search among session objects (labelled like the token haystack,
// the needle a session object too), which live in this process only.
void session_object_searches(fixture& fx) {
    const std::string small = "find-label-among-1000-session-objects", large = "find-label-among-10000-session-objects";
    if (!wanted(small) && !wanted(large)) return;
    auto& s = fx.sessions[0];
    std::vector<handle> made;
    made.push_back(must(s.create({attr::cls = object_class::data, attr::token = false, attr::label = needle_label}), "C_CreateObject"));
    auto fill = [&](std::size_t count) {
        while (made.size() <= count)
            made.push_back(must(s.create({attr::cls = object_class::data, attr::token = false, attr::label = haystack_label,
                                          attr::application = std::to_string(made.size())}),
                                "C_CreateObject"));
    };
    if (wanted(small)) {
        fill(1000);
        find_needle(fx, small);
    }
    if (wanted(large)) {
        fill(10000);
        find_needle(fx, large);
    }
    for (auto o : made) (void)s.destroy(o);
}

} // namespace

void prepare_objects(client::session& s, std::size_t count) {
    place_needle(s);
    fill_haystack(s, count);
}

void object_benchmarks(fixture& fx) {
    sessions_and_attributes(fx);
    token_object_use(fx);
    searches(fx);
    session_object_searches(fx);
}

} // namespace bench
