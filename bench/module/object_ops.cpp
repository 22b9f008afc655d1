// The framework benchmarks: sessions, attributes, searches among many token
// objects, and the process's resident size once they exist.
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

// Public token data objects labelled haystack_label, up to `count` of them.
void fill_haystack(client::session& s, std::size_t count) {
    const auto existing = must(s.find({attr::label = haystack_label}), "find").size();
    for (std::size_t i = existing; i < count; ++i)
        (void)must(s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false, attr::label = haystack_label,
                             attr::application = std::to_string(i)}),
                   "C_CreateObject");
}

void find_needle(fixture& fx, std::size_t among) {
    const std::string name = "find-label-among-" + std::to_string(among);
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
        find_needle(fx, 1000);
    }
    if (large) {
        fill_haystack(s, 10000);
        if (wanted("rss-with-10000-objects")) {
            report("rss-before-objects", before, "MiB");
            report("rss-with-10000-objects", resident_mib(), "MiB");
        }
        if (wanted("find-label-among-10000")) find_needle(fx, 10000);
    }
    // P11FORGE_BENCH_KEEP leaves them for the start-up measurement (bench/run.sh).
    if (!std::getenv("P11FORGE_BENCH_KEEP"))
        for (auto o : must(s.find({attr::cls = object_class::data}), "find")) (void)s.destroy(o);
}

} // namespace

void prepare_objects(client::session& s, std::size_t count) {
    place_needle(s);
    fill_haystack(s, count);
}

void object_benchmarks(fixture& fx) {
    sessions_and_attributes(fx);
    searches(fx);
}

} // namespace bench
