// The bad-input cases, derived from the one function list (abi/functions.hpp):
// for every function and every parameter, its valid call (valid_calls.hpp)
// with that one argument spoilt (bad_values.hpp); and for every output buffer
// followed by its length pointer, the two-call convention.  A function added
// to the list gets its cases without a line here, or fails the build until
// valid_calls.hpp has its valid call.
#pragma once

#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../../fuzz/allowed_returns.hpp"
#include "bad_values.hpp"
#include "valid_calls.hpp"

namespace mt::bad_input {

// What a case needs the token to list, by name: what a platform's CNG may lack.
struct need {
    mechanism_type mechanism;
    mechanism_flags use;
    std::string use_name;
};

// One case: what it spoils, and how to run it in a child.  `run` returns ""
// when the module answered as it must, else what went wrong.
struct bad_case {
    function_id function;
    std::string argument, value;
    std::function<std::string(context&)> run;
    std::optional<need> needs{};

    [[nodiscard]] std::string title() const {
        return std::string(name(function)) + " " + argument + (value.empty() ? "" : "=" + value);
    }
};

inline std::string need_name(const bad_case& k) { return k.needs ? k.needs->use_name : std::string{}; }

// One function's cases with one need: they run one after another on the same
// context (isolation.hpp), what each leaves is what the next meets.
inline bool same_group(const bad_case& a, const bad_case& b) {
    return a.function == b.function && need_name(a) == need_name(b);
}

inline std::string shown(rv r) { return std::string(to_string(r).view()); }

// The module's answer against the expectation and the function's allowed list.
inline std::string judge(function_id f, const expectation& e, rv got, bool supported) {
    if (!fuzzing::allowed(f, got)) return shown(got) + ", which the spec does not allow for " + std::string(name(f));
    switch (e.what) {
    case expectation::kind::exact:
        if (got == e.code) return {};
        // An unsupported function may say so before it looks at its arguments.
        if (!supported && got == rv::function_not_supported && e.code != rv::session_handle_invalid) return {};
        return shown(got) + ", expected " + shown(e.code);
    case expectation::kind::refused: return got == rv::ok ? "CKR_OK for an invalid input" : std::string{};
    case expectation::kind::any: return {};
    }
    return {};
}

namespace detail {

template <class>
struct signature;
template <class... A>
struct signature<CK_RV (*)(A...)> {
    using arguments = std::tuple<A...>;
};
template <auto Member>
using arguments_of = typename signature<std::remove_cvref_t<decltype(std::declval<CK_FUNCTION_LIST_3_0>().*Member)>>::arguments;

inline std::vector<std::string> split_names(std::string_view list) {  // "(a, b, c)"
    std::vector<std::string> names;
    std::string current;
    for (char ch : list) {
        if (ch == '(' || ch == ' ') continue;
        if (ch == ',' || ch == ')') names.push_back(std::exchange(current, {}));
        else current += ch;
    }
    return names;
}

template <auto Member>
rv call_with(context& c, arguments_of<Member>& a) {
    return code(std::apply(c.f->*Member, a));
}

// The valid call with argument I replaced by `v`.
template <function_id F, auto Member, std::size_t I>
bad_case spoil(const std::string& argument, const bad_value& v) {
    return {F, argument, v.shown, [v](context& c) -> std::string {
                using call = valid_call<F>;
                call::prepare(c);
                arguments_of<Member> a = call::args(c);
                using A = std::tuple_element_t<I, decltype(a)>;
                if constexpr (std::is_pointer_v<A> && !std::is_function_v<std::remove_pointer_t<A>>)
                    std::get<I>(a) = v.is == bad_value::form::junk_pointer ? static_cast<A>(static_cast<void*>(c.junk.data()))
                                                                         : nullptr;
                else if constexpr (std::is_pointer_v<A>)
                    std::get<I>(a) = nullptr;
                else
                    std::get<I>(a) = static_cast<A>(v.number);
                auto e = v.expected;
                if constexpr (I + 1 < std::tuple_size_v<decltype(a)>) {
                    if constexpr (std::is_same_v<std::tuple_element_t<I + 1, decltype(a)>, CK_ULONG>)
                        if (v.only_with_length && std::get<I + 1>(a) == 0) e = expectation::any();
                }
                return judge(F, e, call_with<Member>(c, a), call::supported);
            }};
}

// NULL asks for the length (CKR_OK); one less than that is
// CKR_BUFFER_TOO_SMALL with the length needed (or CKR_OK where the first
// answer was an upper bound and the result fits); then the result fits.
template <function_id F, auto Member, std::size_t I>
bad_case two_call() {
    return {F, "two-call convention", "", [](context& c) -> std::string {
                using call = valid_call<F>;
                call::prepare(c);
                arguments_of<Member> a = call::args(c);
                const auto buffer = std::get<I>(a);
                CK_ULONG n = 0;
                std::get<I>(a) = nullptr;
                std::get<I + 1>(a) = &n;
                const rv asked = call_with<Member>(c, a);
                if (auto why = judge(F, expectation::exact(rv::ok), asked, call::supported); !why.empty())
                    return "NULL buffer: " + why;
                if (asked != rv::ok || n == 0) return {};
                const CK_ULONG needed = n;
                std::get<I>(a) = buffer;
                n = needed - 1;
                const rv small = call_with<Member>(c, a);
                if (small == rv::ok && n <= needed - 1) return {};
                if (small != rv::buffer_too_small)
                    return "buffer of " + std::to_string(needed - 1) + ": " + shown(small) + ", expected CKR_BUFFER_TOO_SMALL";
                if (n <= needed - 1 || n > needed)
                    return "CKR_BUFFER_TOO_SMALL said " + std::to_string(n) + " for a need of at most " + std::to_string(needed);
                const CK_ULONG room = n;
                const rv fits = call_with<Member>(c, a);
                if (fits != rv::ok || n > room)
                    return "buffer of " + std::to_string(room) + " after CKR_BUFFER_TOO_SMALL: " + shown(fits) +
                           ", length " + std::to_string(n);
                return {};
            }};
}

template <function_id F, auto Member, std::size_t... I>
void add_cases(std::vector<bad_case>& out, std::string_view parameter_names, std::index_sequence<I...>) {
    using A = arguments_of<Member>;
    const auto names = split_names(parameter_names);
    const auto add_for = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
        using T = std::tuple_element_t<J, A>;
        const std::string next = J + 1 < names.size() ? names[J + 1] : std::string{};
        for (const auto& v : bad_values(F, names[J], std::is_pointer_v<T>, next))
            out.push_back(spoil<F, Member, J>(names[J], v));
        // By name: C_OpenSession's Notify and C_GenerateKeyPair's phPublicKey
        // also precede a CK_ULONG_PTR, but no length.
        if constexpr (J + 1 < sizeof...(I)) {
            if constexpr (std::is_pointer_v<T> && std::is_same_v<std::tuple_element_t<J + 1, A>, CK_ULONG_PTR>)
                if (valid_call<F>::supported && starts_with(next, "pul")) out.push_back(two_call<F, Member, J>());
        }
    };
    (add_for(std::integral_constant<std::size_t, I>{}), ...);
}

} // namespace detail

// Every case of every function in the list.
inline std::vector<bad_case> derived_cases() {
    std::vector<bad_case> out;
#define BAD_INPUT_FUNCTION_CASES(name, major, minor, params, args)                                       \
    detail::add_cases<function_id::name, &CK_FUNCTION_LIST_3_0::name>(                                   \
        out, #args,                                                                                     \
        std::make_index_sequence<std::tuple_size_v<detail::arguments_of<&CK_FUNCTION_LIST_3_0::name>>>{});
    P11_FUNCTIONS(BAD_INPUT_FUNCTION_CASES)
#undef BAD_INPUT_FUNCTION_CASES
    return out;
}

} // namespace mt::bad_input
