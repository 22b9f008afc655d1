// A token's answer to C_GetAttributeValue on a bare Cortex-M4 (QEMU's
// mps2-an386): the object's template and the caller's request arrive as
// untrusted bytes, the template is validated by parse_template, the request
// answered by fill_attribute_values, and the result printed over
// semihosting.  Run it as docs/firmware.md shows.
//
// Both inputs are host files read through semihosting, little-endian:
//   template.bin: records { u32 type; u32 length; length bytes of value }
//   request.bin:  records { u32 type; u32 buffer length }, 0xFFFFFFFF for a
//                 NULL pValue (the caller asks for the length only)
#include <array>
#include <cstddef>
#include <cstdint>

#include "p11/attributes/output.hpp"
#include "p11/attributes/parser.hpp"
#include "p11/constants.hpp"
#include "semihosting.hpp"
#include "wire.hpp"

namespace {

constexpr std::size_t max_attributes = 16;
constexpr std::uint32_t null_buffer = 0xFFFFFFFF;

// The object: its attributes point into `values`.
std::array<p11::abi::CK_ATTRIBUTE, max_attributes> object_attrs{};
fw::arena<512> object_values;
// The caller's template and the buffers it lends us.
std::array<p11::abi::CK_ATTRIBUTE, max_attributes> request{};
fw::arena<512> request_buffers;
unsigned char input[1024];

// Decodes a host file of records that start { u32 type; u32 length } into
// `out`; `finish` makes the entry's value from the length and the rest of
// the input.  The number of entries, or -1 when the framing itself is broken
// (what the values mean is parse_template's business).
template <class Finish>
long read_records(const char* path, std::array<p11::abi::CK_ATTRIBUTE, max_attributes>& out, Finish finish) {
    const long size = fw::read_file(path, input, sizeof input);
    if (size < 0) return -1;
    fw::reader in{input, static_cast<std::size_t>(size)};
    std::size_t n = 0;
    while (!in.done()) {
        std::uint32_t type = 0, length = 0;
        if (n == max_attributes || !in.u32(type) || !in.u32(length)) return -1;
        out[n].type = type;
        if (!finish(out[n], length, in)) return -1;
        ++n;
    }
    return static_cast<long>(n);
}

long read_object() {
    using attribute = p11::abi::CK_ATTRIBUTE;
    return read_records("template.bin", object_attrs, [](attribute& a, std::uint32_t length, fw::reader& in) {
        const unsigned char* bytes = in.take(length);
        a.pValue = bytes != nullptr && length != 0 ? object_values.copy(bytes, length) : nullptr;
        a.ulValueLen = length;
        return bytes != nullptr && (length == 0 || a.pValue != nullptr);
    });
}

long read_request() {
    return read_records("request.bin", request, [](p11::abi::CK_ATTRIBUTE& a, std::uint32_t length, fw::reader&) {
        a.pValue = length == null_buffer ? nullptr : request_buffers.reserve(length);
        a.ulValueLen = length == null_buffer ? 0 : length;
        return length == null_buffer || a.pValue != nullptr;
    });
}

// PKCS #11's footnote for CKA_VALUE and the private components: never
// revealed if the object is CKA_SENSITIVE or not CKA_EXTRACTABLE.
bool hidden(const p11::template_view& object, p11::attribute_type t) {
    if (!p11::has_any(p11::rules_of(t), p11::attribute_rule::sensitive)) return false;
    return object.get(p11::attr::sensitive).value_or(false) || !object.get(p11::attr::extractable).value_or(true);
}

void print_entry(const p11::abi::CK_ATTRIBUTE& a) {
    fw::line out;
    out.append(p11::to_string(static_cast<p11::attribute_type>(a.type))).push_back(' ');
    if (a.ulValueLen == static_cast<p11::abi::CK_ULONG>(-1)) {
        out.append("unavailable");
    } else {
        fw::append_decimal(out, a.ulValueLen);
        if (a.pValue != nullptr) {
            out.push_back(' ');
            fw::append_hex_bytes(out, static_cast<const unsigned char*>(a.pValue), a.ulValueLen);
        }
    }
    fw::write(out.push_back('\n').data());
}

void print_code(const char* what, p11::rv code) {
    fw::line out;
    fw::write(out.append(what).append(p11::to_string(code)).push_back('\n').data());
}

} // namespace

int main() {
    const long count = read_object();
    const long asked = read_request();
    if (count < 0 || asked < 0) {
        fw::write("input malformed\n");
        return 1;
    }
    const auto parsed = p11::parse_template(object_attrs.data(), static_cast<p11::abi::CK_ULONG>(count));
    if (!parsed) {
        print_code("template rejected ", parsed.code());
        return 0;
    }
    const p11::template_view object = *parsed;
    const p11::rv code = p11::fill_attribute_values(
        request.data(), static_cast<p11::abi::CK_ULONG>(asked), [&](p11::attribute_type t) {
            const auto* a = object.find(t);
            if (a == nullptr) return p11::attribute_answer::absent();
            if (hidden(object, t)) return p11::attribute_answer::sensitive();
            return p11::attribute_answer::of({static_cast<const p11::byte*>(a->pValue), a->ulValueLen});
        });
    for (long i = 0; i < asked; ++i) print_entry(request[static_cast<std::size_t>(i)]);
    print_code("rv ", code);
    return 0;
}
