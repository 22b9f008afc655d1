// p11forge-fuzz --check-returns: every code a module answered, counted per
// function and judged by the specification's list for that function
// (allowed_returns.hpp), printed as one report at the end of the run.  A
// fuzzer that only stopped at the first disallowed code would hide how often
// and where else a module strays; the report shows the whole picture for a
// findings list.
#pragma once

#include <cstdio>
#include <map>
#include <string>

#include "allowed_returns.hpp"

namespace p11::fuzzing {

class return_report {
public:
    void record(function_id f, rv code) { ++calls_[f][code]; }

    // Functions whose answers include a code outside their list.
    [[nodiscard]] std::size_t violating_functions() const {
        std::size_t n = 0;
        for (const auto& [f, codes] : calls_) n += has_violation(f, codes) ? 1 : 0;
        return n;
    }

    // One line per function: calls, each code seen with its count, and the
    // codes the specification does not allow for it ("-" if none).
    void print(std::FILE* out) const {
        std::fprintf(out, "p11forge-fuzz: return codes per function (allowed: PKCS #11 base specification's list)\n");
        std::fprintf(out, "%-22s %9s  %s\n", "function", "calls", "codes seen | outside the specification's list");
        for (const auto& [f, codes] : calls_) {
            unsigned long total = 0;
            std::string seen, outside;
            for (const auto& [code, count] : codes) {
                total += count;
                seen += std::string(seen.empty() ? "" : ", ") + std::string(to_string(code).view()) + " " +
                        std::to_string(count);
                if (!allowed(f, code)) outside += std::string(outside.empty() ? "" : ", ") + std::string(to_string(code).view());
            }
            std::fprintf(out, "%-22s %9lu  %s | %s\n", name(f).data(), total, seen.c_str(),
                         outside.empty() ? "-" : outside.c_str());
        }
        std::fprintf(out, "p11forge-fuzz: %zu function(s) returned codes outside their list\n", violating_functions());
    }

private:
    using counts = std::map<rv, unsigned long>;
    static bool has_violation(function_id f, const counts& codes) {
        for (const auto& [code, count] : codes)
            if (!allowed(f, code)) return true;
        return false;
    }
    std::map<function_id, counts> calls_;
};

} // namespace p11::fuzzing
