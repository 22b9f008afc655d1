// EC point encodings shared by every backend.
#pragma once

#include <optional>

#include "crypto/ec.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

// The uncompressed point inside `in`, which is either the raw point
// (04 || X || Y) or a DER OCTET STRING around it.  Both start with 04, so the
// length decides: only the raw form is exactly 1 + 2 * field_bytes long.
[[nodiscard]] std::optional<bytes_view> uncompressed_point(curve c, bytes_view in) noexcept;

} // namespace p11::crypto::internal
