// Every ```cpp block of README.md and docs/consumer.md, compiled by
// doc_snippets.py into doc_snippets_generated.cpp and run here against one
// module (built once per module): a fresh token for each, and the snippet's
// .value() calls throw on any error, which fails its section.
#include <catch2/catch.hpp>

#include "doc_snippets_fixture.hpp"

namespace doc_snippets {
extern const snippet all[];
extern const std::size_t count;
} // namespace doc_snippets

TEST_CASE("documentation snippets run on " P11_SNIPPET_MODULE, "[docs]") {
    for (std::size_t i = 0; i < doc_snippets::count; ++i) {
        const auto& snippet = doc_snippets::all[i];
        DYNAMIC_SECTION(snippet.where) {
            doc_snippets::fixture fx(snippet.pin, snippet.logs_in);
            CHECK(snippet.run(fx) == 0);
        }
    }
}
