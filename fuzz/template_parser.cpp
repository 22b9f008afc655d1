// Fuzzes the untrusted-template parser and the C_GetAttributeValue output
// side with templates built from the input: arbitrary types (biased towards
// known ones), lengths and values, nested arrays, and output buffers that are
// too small.  Pointers are always valid for their lengths (the parser trusts
// the caller's memory, as Cryptoki does); everything else is hostile.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "p11/attributes/output.hpp"
#include "p11/attributes/parser.hpp"

namespace {

class input {
public:
    input(const std::uint8_t* d, std::size_t n) : data_(d), size_(n) {}
    bool empty() const { return pos_ >= size_; }
    std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
    std::size_t take(std::size_t n, const std::uint8_t*& out) {
        n = std::min(n, size_ - std::min(pos_, size_));
        out = data_ + pos_;
        pos_ += n;
        return n;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_, pos_ = 0;
};

constexpr auto& attribute_rows = p11::constant_family<p11::attribute_type>::rows;

// Builds one level of CK_ATTRIBUTEs; storage keeps every pointed-to byte alive.
void build(input& in, std::vector<p11::abi::CK_ATTRIBUTE>& out, std::vector<std::vector<std::uint8_t>>& bytes,
           std::vector<std::vector<p11::abi::CK_ATTRIBUTE>>& nested, int depth) {
    const std::size_t count = in.byte() % 9;
    for (std::size_t i = 0; i < count && !in.empty(); ++i) {
        const std::uint8_t how = in.byte();
        p11::abi::CK_ATTRIBUTE a{};
        if (how & 0x80) a.type = attribute_rows[in.byte() % attribute_rows.size()].value;
        else a.type = static_cast<p11::abi::CK_ULONG>(in.byte()) << (8 * (in.byte() % 4));
        if ((how & 0x60) == 0x60 && depth < 4) {  // a nested array
            nested.emplace_back();
            auto& inner = nested.back();
            inner.reserve(16);
            build(in, inner, bytes, nested, depth + 1);
            a.pValue = inner.data();
            a.ulValueLen = static_cast<p11::abi::CK_ULONG>(inner.size() * sizeof(p11::abi::CK_ATTRIBUTE));
            if (how & 0x10) a.ulValueLen -= a.ulValueLen ? 1 : 0;  // ragged
        } else {
            const std::uint8_t* p = nullptr;
            const std::size_t n = in.take(in.byte() % 24, p);
            bytes.emplace_back(p, p + n);
            a.pValue = (how & 0x08) ? nullptr : bytes.back().data();
            a.ulValueLen = (how & 0x04) ? static_cast<p11::abi::CK_ULONG>(-1) : static_cast<p11::abi::CK_ULONG>(n);
            if (a.pValue == nullptr && (how & 0x02)) a.ulValueLen = 0;
        }
        out.push_back(a);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    input in(data, size);
    std::vector<p11::abi::CK_ATTRIBUTE> attrs;
    std::vector<std::vector<std::uint8_t>> bytes;
    std::vector<std::vector<p11::abi::CK_ATTRIBUTE>> nested;
    bytes.reserve(4096);
    nested.reserve(4096);
    attrs.reserve(16);
    build(in, attrs, bytes, nested, 0);

    p11::template_rules rules;
    rules.accept_unknown = (size & 1) != 0;
    auto view = p11::parse_template(attrs.data(), static_cast<p11::abi::CK_ULONG>(attrs.size()), rules);
    if (!view) return 0;

    // A valid template is a valid object: read every attribute back through
    // the output rules into buffers of every size, including too small ones.
    for (const auto& a : view->attributes()) {
        if (p11::kind_of(static_cast<p11::attribute_type>(a.type)) == p11::value_kind::attribute_array) continue;
        std::array<std::uint8_t, 32> buf{};
        p11::abi::CK_ATTRIBUTE q{a.type, buf.data(), static_cast<p11::abi::CK_ULONG>(in.byte() % 33)};
        const auto rv = p11::fill_attribute_values(&q, 1, [&](p11::attribute_type t) {
            const auto* found = view->find(t);
            return found ? p11::attribute_answer::of({static_cast<const std::uint8_t*>(found->pValue), found->ulValueLen})
                         : p11::attribute_answer::absent();
        });
        if (rv == p11::rv::ok && (q.ulValueLen != a.ulValueLen || (a.ulValueLen && std::memcmp(buf.data(), a.pValue, a.ulValueLen) != 0)))
            __builtin_trap();  // a reported success must have copied exactly the value
    }
    return 0;
}
