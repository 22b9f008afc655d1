// How the spy prints one call: every argument named as in the specification,
// values decoded through the constant tables (mechanisms, attributes, user
// types, return codes), templates in full, data as hex, outputs after the
// call.  The argument names come from the one list of functions (stringised).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "p11/abi.hpp"
#include "p11/attributes/value.hpp"
#include "p11/constants.hpp"
#include "p11/function.hpp"

namespace p11::spy {

using namespace p11::abi;

inline std::string hex(const void* p, std::size_t n, std::size_t max = 48) {
    static const char d[] = "0123456789abcdef";
    const auto* b = static_cast<const std::uint8_t*>(p);
    std::string s;
    for (std::size_t i = 0; i < n && i < max; ++i) s += {d[b[i] >> 4], d[b[i] & 15]};
    if (n > max) s += "...";
    return s;
}

inline std::vector<std::string> split_names(std::string_view list) {
    std::vector<std::string> out(1);
    for (char c : list) {
        if (c == '(' || c == ')' || c == ' ') continue;
        if (c == ',') out.emplace_back();
        else out.back().push_back(c);
    }
    return out;
}

// One attribute; `with_value`: the value is meaningful now (inputs, or outputs after the call).
inline std::string attribute_text(const CK_ATTRIBUTE& a, bool with_value) {
    const auto t = static_cast<attribute_type>(a.type);
    std::string s(to_string(t).view());
    if (a.ulValueLen == static_cast<CK_ULONG>(-1)) return s + " = CK_UNAVAILABLE_INFORMATION";
    if (!with_value || a.pValue == nullptr) return s + " (" + std::to_string(a.ulValueLen) + " bytes)";
    const auto* v = static_cast<const std::uint8_t*>(a.pValue);
    const bool is_ulong = a.ulValueLen == sizeof(CK_ULONG);
    const CK_ULONG u = is_ulong ? *static_cast<const CK_ULONG*>(a.pValue) : 0;
    switch (kind_of(t)) {
    case value_kind::boolean: return s + " = " + (a.ulValueLen == 1 ? (v[0] ? "TRUE" : "FALSE") : "<" + hex(v, a.ulValueLen) + ">");
    case value_kind::object_class: if (is_ulong) return s + " = " + std::string(to_string(static_cast<object_class>(u)).view()); break;
    case value_kind::key_type: if (is_ulong) return s + " = " + std::string(to_string(static_cast<key_type>(u)).view()); break;
    case value_kind::mechanism_type: if (is_ulong) return s + " = " + std::string(to_string(static_cast<mechanism_type>(u)).view()); break;
    case value_kind::certificate_type: if (is_ulong) return s + " = " + std::string(to_string(static_cast<certificate_type>(u)).view()); break;
    case value_kind::utf8: return s + " = \"" + std::string(reinterpret_cast<const char*>(v), a.ulValueLen) + "\"";
    case value_kind::attribute_array: return s + " = <" + std::to_string(a.ulValueLen / sizeof(CK_ATTRIBUTE)) + " attributes>";
    default: break;
    }
    if (is_scalar(kind_of(t)) && is_ulong) return s + " = " + std::to_string(u);
    return s + " = " + hex(v, a.ulValueLen) + " (" + std::to_string(a.ulValueLen) + " bytes)";
}

inline std::string template_text(const CK_ATTRIBUTE* t, CK_ULONG n, bool with_values) {
    if (t == nullptr) return n ? "NULL (count " + std::to_string(n) + ")" : "[]";
    std::string s = "[";
    for (CK_ULONG i = 0; i < n; ++i) s += "\n        " + attribute_text(t[i], with_values);
    return s + "]";
}

// Walks a call's arguments, pairing pointers with the counts and lengths
// that follow them.  Printed before the call (inputs) and again after it
// (outputs: lengths and buffers written, C_GetAttributeValue's values).
class argument_printer {
public:
    argument_printer(const std::vector<std::string>& names, function_id fn, bool after, bool succeeded)
        : names_(names), fn_(fn), after_(after), ok_(succeeded) {}

    template <class Tuple>
    std::string print(const Tuple& args) {
        std::apply([&](const auto&... a) { (one(a), ...); }, args);
        return out_;
    }

private:
    enum class kind : std::uint8_t { other, attributes, bytes };

    [[nodiscard]] std::string_view name() const {
        return index_ < names_.size() ? std::string_view(names_[index_]) : std::string_view("?");
    }
    [[nodiscard]] bool secret() const { return name().find("Pin") != std::string_view::npos; }

    template <class T>
    void one(const T& v) {
        paired_ = false;
        const std::string value = text(v);
        // A template or buffer is shown under the pointer's name, with its count folded in.
        const std::string_view shown = paired_ && index_ > 0 ? std::string_view(names_[index_ - 1]) : name();
        if (!value.empty()) out_ += "\n    " + std::string(shown) + " = " + value;
        prev_ = &v;
        if constexpr (std::is_same_v<T, CK_ATTRIBUTE_PTR>) prev_kind_ = kind::attributes;
        else if constexpr (std::is_same_v<T, CK_BYTE_PTR>) prev_kind_ = kind::bytes;
        else prev_kind_ = kind::other;
        ++index_;
    }
    [[nodiscard]] const CK_BYTE* prev_bytes() const { return *static_cast<const CK_BYTE_PTR*>(prev_); }

    std::string text(CK_ULONG v) {
        const auto n = name();
        if (prev_kind_ == kind::attributes) {
            paired_ = true;
            // Inputs print before the call; C_GetAttributeValue's values only after it.
            const bool get = fn_ == function_id::C_GetAttributeValue;
            if (after_ != get) return after_ ? std::string{} : template_text(*static_cast<const CK_ATTRIBUTE_PTR*>(prev_), v, false);
            return template_text(*static_cast<const CK_ATTRIBUTE_PTR*>(prev_), v, true);
        }
        if (prev_kind_ == kind::bytes) {
            paired_ = true;
            if (after_) return {};
            if (secret()) return "<" + std::to_string(v) + " bytes, not shown>";
            return prev_bytes() ? hex(prev_bytes(), v) + " (" + std::to_string(v) + " bytes)" : "NULL";
        }
        if (after_) return {};
        if (n == "userType") return std::string(to_string(static_cast<user_type>(v)).view());
        if (n == "type") return std::string(to_string(static_cast<mechanism_type>(v)).view());
        if (n == "flags") {
            char b[32];
            std::snprintf(b, sizeof b, "0x%lx", static_cast<unsigned long>(v));
            return b;
        }
        return std::to_string(v);
    }
    std::string text(CK_ULONG_PTR p) {
        if (!after_) {
            if (!p) return "NULL";
            return prev_kind_ == kind::bytes ? "&" + std::to_string(*p) + (prev_bytes() ? "" : " (length query)") : std::string{};
        }
        if (!p || !ok_) return {};
        // An output buffer followed by its length: the bytes written.
        if (prev_kind_ == kind::bytes && prev_bytes()) return hex(prev_bytes(), *p) + " (" + std::to_string(*p) + " bytes)";
        return std::to_string(*p);
    }
    std::string text(CK_MECHANISM_PTR m) {
        if (after_) return {};
        if (!m) return "NULL";
        std::string s(to_string(static_cast<mechanism_type>(m->mechanism)).view());
        if (m->ulParameterLen) s += ", parameter " + hex(m->pParameter, m->ulParameterLen);
        return s;
    }
    std::string text(CK_ATTRIBUTE_PTR) { return {}; }  // shown with its count
    std::string text(CK_BYTE_PTR p) { return p || after_ ? std::string{} : "NULL"; }
    std::string text(CK_BBOOL b) { return after_ ? std::string{} : (b ? "TRUE" : "FALSE"); }
    template <class T>
    std::string text(const T& v) {
        if constexpr (std::is_pointer_v<T>) return after_ || v ? std::string{} : "NULL";
        else return {};
    }

    const std::vector<std::string>& names_;
    function_id fn_;
    bool after_;
    bool ok_;
    std::size_t index_ = 0;
    const void* prev_ = nullptr;
    kind prev_kind_ = kind::other;
    bool paired_ = false;
    std::string out_;
};

} // namespace p11::spy
