// Object ids as file names: objects/<32 lowercase hex digits>.obj.  Only
// names of exactly this form are records; anything else in the directory
// (temporaries, an editor's backup) is not an object.
#pragma once

#include <optional>
#include <string>

#include "store/token_store.hpp"

namespace p11::store::detail {

inline constexpr const char* objects_directory = "objects";
inline constexpr const char* quarantine_directory = "quarantine";
inline constexpr const char* metadata_file = "token.meta";

[[nodiscard]] std::string file_name_of(const object_id& id);
[[nodiscard]] std::optional<object_id> id_from_file_name(const std::string& name);
[[nodiscard]] std::string hex(std::span<const std::uint8_t> b);

} // namespace p11::store::detail
