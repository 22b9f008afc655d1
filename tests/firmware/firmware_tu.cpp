// Compiled (never linked or run) for a Cortex-M4 with -fno-exceptions
// -fno-rtti: proves the core headers fit firmware-adjacent code, and its
// object size is what the tables cost in flash (docs/firmware.md).
#include "p11/attributes/fixed_template.hpp"
#include "p11/attributes/output.hpp"
#include "p11/attributes/parser.hpp"
#include "p11/constants.hpp"
#include "p11/result.hpp"

// Everything a small module needs at run time: names for logging, table
// lookups, template validation, and building a template for its own calls.
extern "C" const char* fw_mechanism_name(unsigned long m) {
    return p11::name(static_cast<p11::mechanism_type>(m)).data();
}
extern "C" const char* fw_rv_name(unsigned long r) { return p11::name(static_cast<p11::rv>(r)).data(); }
extern "C" const char* fw_attribute_name(unsigned long a) {
    return p11::name(static_cast<p11::attribute_type>(a)).data();
}
extern "C" unsigned long fw_mechanism_flags(unsigned long m) {
    return static_cast<unsigned long>(p11::capabilities(static_cast<p11::mechanism_type>(m)));
}
extern "C" unsigned long fw_downgrade(unsigned long r) {
    return static_cast<unsigned long>(p11::downgrade(static_cast<p11::rv>(r), p11::profiles::v2_11));
}
extern "C" unsigned long fw_check_template(const p11::abi::CK_ATTRIBUTE* t, unsigned long n) {
    return static_cast<unsigned long>(p11::parse_template(t, n).code());
}
extern "C" unsigned long fw_template_size() {
    // constexpr: a run-time initialised static would need a guard
    // (__cxa_guard_acquire).  Returned from a lambda: GCC 12 puts a constexpr
    // object whose own initialiser holds temporaries (the attr:: values) in
    // .data, i.e. RAM; this way it stays in flash (docs/firmware.md).
    static constexpr auto t = [] {
        return p11::fixed_template{p11::attr::cls = p11::object_class::secret_key,
                                   p11::attr::key_type = p11::key_type::aes, p11::attr::label = "fw"};
    }();
    return t.ck_array()[2].ulValueLen;
}
