// Edwards and Montgomery curves are not offered on CNG (capabilities.hpp:
// the backend probes none of them), so no key is ever made.
#include "crypto/ecx.hpp"

namespace p11::crypto {

bool eddsa_variants(ecx_curve) noexcept { return false; }
std::unique_ptr<ecx_private_key> generate_ecx(ecx_curve) { return nullptr; }
std::unique_ptr<ecx_private_key> load_ecx_private(ecx_curve, bytes_view) { return nullptr; }
std::unique_ptr<ecx_public_key> load_ecx_public(ecx_curve, bytes_view) { return nullptr; }

} // namespace p11::crypto
