// A tiny consumer of the installed or vendored p11forge headers.
#include <cstdio>

#include <p11/attributes/fixed_template.hpp>
#include <p11/attributes/parser.hpp>
#include <p11/constants.hpp>

int main() {
    const p11::fixed_template t{p11::attr::cls = p11::object_class::secret_key, p11::attr::label = "consumer"};
    auto ck = t.ck_array();
    const bool valid = p11::parse_template(ck.data(), static_cast<unsigned long>(ck.size())).has_value();
    std::printf("%s %s\n", p11::name(p11::mechanism_type::aes_gcm).data(), valid ? "valid" : "invalid");
    return valid ? 0 : 1;
}
