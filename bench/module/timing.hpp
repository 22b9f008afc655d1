// Timing for every benchmark program: a rate over a fixed time on N
// threads, and the "name value unit" lines that bench/run.sh reads.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace bench {

using clock_type = std::chrono::steady_clock;

struct options {
    double seconds = 2.0;
    std::string only;
};
inline options opts;

// --only takes exact names, comma-separated, so that bench/run.sh can
// interleave the programs operation by operation.
inline bool wanted(const std::string& name) {
    if (opts.only.empty()) return true;
    const std::string list = "," + opts.only + ",";
    return list.find("," + name + ",") != std::string::npos;
}
// Whether any wanted benchmark's name contains `part` (to skip set-up, such
// as generating a key, that no wanted benchmark needs).
inline bool wanted_any(const std::string& part) { return opts.only.empty() || opts.only.find(part) != std::string::npos; }

inline void report(const std::string& name, double value, const char* unit) {
    std::printf("%-28s %12.1f %s\n", name.c_str(), value, unit);
    std::fflush(stdout);
}

// Runs, on `threads` threads for opts.seconds, the operation that make(t)
// returns for thread t; returns operations per second over all threads.
inline double rate(int threads, const std::function<std::function<void()>(int)>& make) {
    std::vector<std::function<void()>> ops;
    for (int t = 0; t < threads; ++t) ops.push_back(make(t));
    // A quarter of the time (at most 0.5 s) runs untimed first: the first
    // operations after a key generation or a process start ran up to 40%
    // slower (caches, clock), whichever program came first.
    const double warm_up = std::min(0.5, opts.seconds / 4);
    std::atomic<bool> timing{false}, stop{false};
    std::vector<long> counts(static_cast<std::size_t>(threads), 0);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            long n = 0;
            bool counting = false;
            while (!stop.load(std::memory_order_relaxed)) {
                ops[static_cast<std::size_t>(t)]();
                if (counting) ++n;
                else counting = timing.load(std::memory_order_relaxed);
            }
            counts[static_cast<std::size_t>(t)] = n;
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(warm_up));
    timing = true;
    const auto start = clock_type::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(opts.seconds));
    stop = true;
    const auto end = clock_type::now();
    for (auto& w : workers) w.join();
    const double elapsed = std::chrono::duration<double>(end - start).count();
    long total = 0;
    for (long c : counts) total += c;
    return static_cast<double>(total) / elapsed;
}
inline double rate(const std::function<void()>& op) {
    return rate(1, [&](int) { return op; });
}

// Resident set size of this process (module included), from /proc.
inline double resident_mib() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (f == nullptr) return 0;
    char line[256];
    double kib = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "VmRSS: %lf kB", &kib) == 1) break;
    std::fclose(f);
    return kib / 1024.0;
}

// Common options: --seconds S, --only NAME[,NAME...].
inline void parse_options(int argc, char** argv, int first) {
    for (int i = first; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--seconds") opts.seconds = std::atof(argv[i + 1]);
        else if (a == "--only") opts.only = argv[i + 1];
    }
}

} // namespace bench
