// What became of one operation of the demo: the summary table's row.
#pragma once

#include <string>

namespace example {

struct outcome {
    enum status { ok, skipped, failed } state = skipped;
    std::string detail;
};

inline const char* status_name(outcome::status s) {
    return s == outcome::ok ? "ok" : s == outcome::skipped ? "skipped" : "FAILED";
}

} // namespace example
