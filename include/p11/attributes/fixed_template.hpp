// A template whose size is known at compile time: no heap, copyable, and
// duplicate attributes are a compile error.
//
//   p11::fixed_template t{p11::attr::cls = p11::object_class::secret_key,
//                         p11::attr::label = "k", p11::attr::sign = true};
//   auto ck = t.ck_array();   // std::array<CK_ATTRIBUTE, 3> pointing into t
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "p11/abi/types.hpp"
#include "p11/attributes/keys.hpp"

namespace p11 {

namespace detail {
// Every value starts on a CK_ULONG boundary: modules commonly read a
// CK_ULONG or CK_BBOOL straight through pValue, which must then be aligned.
inline constexpr std::size_t value_alignment = alignof(abi::CK_ULONG);
constexpr std::size_t padded(std::size_t n) { return (n + value_alignment - 1) / value_alignment * value_alignment; }

template <attribute_type... Types>
constexpr bool distinct_types() {
    constexpr std::array<attribute_type, sizeof...(Types)> list{Types...};
    for (std::size_t i = 0; i < list.size(); ++i)
        for (std::size_t j = i + 1; j < list.size(); ++j)
            if (list[i] == list[j]) return false;
    return true;
}
} // namespace detail

template <std::size_t Count, std::size_t Bytes>
class fixed_template {
public:
    struct entry {
        attribute_type type;
        std::uint32_t offset;
        std::uint32_t length;
    };

    template <attribute_type... Types, std::size_t... Sizes>
        requires(sizeof...(Types) == Count)
    constexpr fixed_template(const inline_value<Types, Sizes>&... values) {  // NOLINT: braced-init
        static_assert(detail::distinct_types<Types...>(), "an attribute appears twice in the template");
        std::size_t index = 0, offset = 0;
        (append(values.type, values.view(), index, offset), ...);
    }

    [[nodiscard]] static constexpr std::size_t size() { return Count; }
    [[nodiscard]] constexpr const std::array<entry, Count>& entries() const { return entries_; }
    [[nodiscard]] constexpr bytes_view value(std::size_t i) const {
        return {data_.data() + entries_[i].offset, entries_[i].length};
    }

    // The C view, pointing into this template (valid while it lives and is not moved).
    // Cryptoki takes input templates through non-const pointers; it does not write to them.
    [[nodiscard]] std::array<abi::CK_ATTRIBUTE, Count> ck_array() const {
        std::array<abi::CK_ATTRIBUTE, Count> out{};
        for (std::size_t i = 0; i < Count; ++i) {
            out[i].type = static_cast<abi::CK_ATTRIBUTE_TYPE>(entries_[i].type);
            out[i].pValue = entries_[i].length ? const_cast<byte*>(data_.data() + entries_[i].offset) : nullptr;
            out[i].ulValueLen = entries_[i].length;
        }
        return out;
    }

private:
    constexpr void append(attribute_type t, bytes_view v, std::size_t& index, std::size_t& offset) {
        entries_[index++] = {t, static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(v.size())};
        for (std::size_t i = 0; i < v.size(); ++i) data_[offset + i] = v[i];
        offset += detail::padded(v.size());
    }

    std::array<entry, Count> entries_{};
    alignas(detail::value_alignment) std::array<byte, Bytes == 0 ? 1 : Bytes> data_{};
};

template <attribute_type... Types, std::size_t... Sizes>
fixed_template(const inline_value<Types, Sizes>&...)
    -> fixed_template<sizeof...(Types), (detail::padded(Sizes) + ... + 0)>;

} // namespace p11
