// The README's consumer loop on real modules: an operation of the session
// (C_SignInit, C_GetAttributeValue) inside the range-for over s.search().
// SoftHSMv2 allows one active operation per session and refused C_SignInit
// with CKR_OPERATION_ACTIVE while the old lazy range kept C_FindObjects open;
// the range must have ended its search before the body runs.
#include <algorithm>
#include <string>
#include <vector>

#include "modules.hpp"

using namespace ct;
using client::object_handle;
using bytes = std::vector<std::uint8_t>;

namespace {

constexpr std::size_t key_count = 5;
const bytes f4{0x01, 0x00, 0x01};

std::span<const std::uint8_t> sp(const bytes& b) { return {b.data(), b.size()}; }

void make_keys(const client::session& s) {
    for (std::size_t i = 0; i < key_count; ++i) {
        const auto label = "loop-key-" + std::to_string(i);
        must(s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                 {attr::token = false, attr::label = label, attr::verify = true, attr::modulus_bits = 1024,
                                  attr::public_exponent = sp(f4)},
                                 {attr::token = false, attr::label = label, attr::sign = true}),
             "C_GenerateKeyPair(RSA)");
    }
}

} // namespace

TEST_CASE("modules: signing inside the search loop (the README's code)", "[search-body]") {
    const auto mod = GENERATE(from_range(modules()));
    INFO(mod.name);
    if (!present(mod)) return;
    token t(mod);
    make_keys(t.s);
    const std::string text = "signed in the loop";
    const bytes data(text.begin(), text.end());
    // Several batches too: a batch of 1 would overlap the body with the search at every key.
    const std::size_t batch = GENERATE(std::size_t{1}, std::size_t{2}, client::object_search::default_batch);
    INFO("batch " << batch);

    std::vector<std::string> signed_labels;
    auto& s = t.s;
    auto keys = s.search({attr::cls = object_class::private_key}, batch);
    for (auto key : keys) {
        std::string label = must(s.get(key, attr::label), "C_GetAttributeValue(CKA_LABEL)");
        auto sig = must(s.sign(key, mechanism_type::sha256_rsa_pkcs, sp(data)), "sign inside the loop");
        CHECK(sig.size() == 128);
        const auto pub = must(s.find_one({attr::cls = object_class::public_key, attr::label = label}), "find_one");
        REQUIRE(pub.has_value());
        CHECK(must(s.verify(*pub, mechanism_type::sha256_rsa_pkcs, sp(data), sp(sig)), "verify inside the loop"));
        signed_labels.push_back(label);
    }
    CHECK(keys.error() == rv::ok);
    std::sort(signed_labels.begin(), signed_labels.end());
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < key_count; ++i) expected.push_back("loop-key-" + std::to_string(i));
    CHECK(signed_labels == expected);
}
