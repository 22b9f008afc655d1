// The crypto layer's status, as each kind of call reports it in Cryptoki.
#pragma once

#include "crypto/error.hpp"
#include "p11/constants/rv.hpp"

namespace p11::mech {

// What a failed operation on caller data means for the caller.
enum class failing : std::uint8_t { encrypting, decrypting, signing, verifying, key_handling };

[[nodiscard]] constexpr rv to_rv(crypto::status s, failing what) {
    using crypto::status;
    switch (s) {
    case status::ok: return rv::ok;
    case status::invalid_input:
        return what == failing::decrypting ? rv::encrypted_data_len_range
               : what == failing::verifying ? rv::signature_len_range
                                            : rv::data_len_range;
    case status::invalid_key: return rv::key_type_inconsistent;
    case status::bad_signature: return rv::signature_invalid;
    case status::decrypt_failed:
        return what == failing::key_handling ? rv::wrapped_key_invalid : rv::encrypted_data_invalid;
    case status::unsupported: return rv::mechanism_param_invalid;
    case status::buffer_too_small: return rv::buffer_too_small;
    case status::internal: return rv::function_failed;
    }
    return rv::general_error;
}

} // namespace p11::mech
