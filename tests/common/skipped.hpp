// What a test run skipped because the platform lacks it, by name.  Catch2 v2
// has no skip, so a skipped part is a warning naming what is missing plus a
// CHECK_NOFAIL that fails ("failed as expected"); skipped_main.cpp lists
// every skipped name at the end and exits with 77, which meson counts as
// SKIP: a run with a skipped part is never reported as passed.  Used by
// tests/crypto (platform.hpp: what a CNG lacks) and tests/module (what the
// token does not list).
#pragma once

#include <map>
#include <string>

#include <catch2/catch.hpp>

namespace test {

// What was skipped in this run, by name, with how often.
inline std::map<std::string, int>& skipped() {
    static std::map<std::string, int> names;
    return names;
}

// Says that `what` is skipped, makes the case "failed as expected", and counts it.
inline void skip(const std::string& what, const std::string& why) {
    WARN("skipped: " << why);
    CHECK_NOFAIL(what.empty());  // "failed as expected", not passed
    ++skipped()[what];
}

} // namespace test
