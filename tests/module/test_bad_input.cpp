// Bad input to every Cryptoki function of the list, on the real module with a
// logged-in token and real keys: NULL for each pointer, invalid handles,
// zero, huge and wrapping lengths, short output buffers, and bad values inside
// the structures arguments point to.  Each case runs in a crash-isolated
// child, this program started again (bad_input/isolation.hpp), on Linux and
// under wine alike.  The module must never crash, never answer
// CKR_OK to invalid input, answer only codes the spec allows the function
// (fuzz/allowed_returns.hpp), and the spec's own code where it names one.
// Every failing case is named with its function, argument, value and code.
#include "bad_input/isolation.hpp"
#include "bad_input/spoilt_inside.hpp"

using namespace mt;
using namespace mt::bad_input;

namespace {

// What a function's valid call (valid_calls.hpp) needs beyond AES, HMAC and digests.
std::optional<need> need_of(function_id f) {
    switch (f) {
    case function_id::C_SignRecoverInit:
    case function_id::C_SignRecover:
    case function_id::C_VerifyRecoverInit:
    case function_id::C_VerifyRecover:  // its input is made by C_SignRecover
        return need{mechanism_type::rsa_pkcs, mechanism_flags::sign_recover, "C_SignRecover"};
    case function_id::C_DeriveKey: return need{mechanism_type::ecdh1_derive, mechanism_flags::derive, "C_DeriveKey"};
    // AES-GCM through the 3.0 message functions (a CNG token leaves them unlisted).
    case function_id::C_MessageEncryptInit:
    case function_id::C_EncryptMessage:
    case function_id::C_EncryptMessageBegin:
    case function_id::C_EncryptMessageNext:
    case function_id::C_MessageEncryptFinal:
        return need{mechanism_type::aes_gcm, mechanism_flags::message_encrypt, "C_MessageEncryptInit"};
    case function_id::C_MessageDecryptInit:
    case function_id::C_DecryptMessage:
    case function_id::C_DecryptMessageBegin:
    case function_id::C_DecryptMessageNext:
    case function_id::C_MessageDecryptFinal:  // C_DecryptMessage's input is made by C_EncryptMessage
        return need{mechanism_type::aes_gcm, mechanism_flags::message_decrypt, "C_MessageDecryptInit"};
    default: return std::nullopt;
    }
}

// Every case, derived and inside, one function's together, those with the
// same need together: the parent and each child make the same list, so that
// an index names the same case in both.
std::vector<bad_case> all_cases() {
    auto cases = derived_cases();
    auto inside = spoilt_inside_cases();
    std::move(inside.begin(), inside.end(), std::back_inserter(cases));
    for (auto& k : cases)
        if (!k.needs) k.needs = need_of(k.function);
    std::stable_sort(cases.begin(), cases.end(), [](const bad_case& a, const bad_case& b) {
        return std::pair(a.function, need_name(a)) < std::pair(b.function, need_name(b));
    });
    return cases;
}

// Whether the token lists what a group of cases needs; when not, they are
// skipped by name (a failure on Linux, where the token lists everything).
bool runnable(const client::module& m, const bad_case& k) {
    return !k.needs || listed_for(m, k.needs->mechanism, k.needs->use, k.needs->use_name);
}

// The child: PREPARED_TOKEN_DIR REPORT_FILE FIRST-LAST...
const test::child_role cases_role(std::string(child_role_name), [](const std::vector<std::string>& args) {
    if (args.size() < 3) return 2;
    return run_child(args[0], all_cases(), bad_input::detail::from_runs({args.begin() + 2, args.end()}), args[1]);
});

} // namespace

TEST_CASE("bad input to every function: no crash, no CKR_OK, only allowed codes, the spec's code",
          "[bad-input]") {
    const auto derived = derived_cases().size();
    const auto cases = all_cases();
    // Every function of the list has cases.
    std::vector<bool> covered(function_count);
    for (const auto& k : cases) covered[static_cast<std::size_t>(k.function)] = true;
    for (std::size_t i = 0; i < function_count; ++i) {
        INFO(name(static_cast<function_id>(i)));
        CHECK(covered[i]);
    }

    const prepared_token token;
    // Every case of what the token lists, a function's with one need together.
    std::vector<std::size_t> todo;
    {
        // The module, finalised again before any child starts.
        const auto m = load(P11FORGE_MODULE_3_0_PATH);
        for (std::size_t first = 0, last = 0; first < cases.size(); first = last) {
            while (last < cases.size() && same_group(cases[last], cases[first])) ++last;
            if (!runnable(m, cases[first])) continue;
            for (auto i = first; i < last; ++i) todo.push_back(i);
        }
    }
    const auto run = todo.size();
    const auto [failures, children, early_ends] = run_isolated(token, cases, std::move(todo));
    std::printf("bad input: %zu cases (%zu derived from the function list), %zu run in %zu children, %zu failed\n",
                cases.size(), derived, run, children, failures.size());
    for (const auto& e : early_ends) std::printf("bad input: a child ended %s\n", e.c_str());
    // One line per failing case (Catch would wrap them): function, argument, value, what came back.
    for (const auto& f : failures) std::printf("bad input FAILED: %s: %s\n", f.case_title.c_str(), f.why.c_str());
    CHECK(failures.empty());
}
