// The per-message parameter of each mechanism the 3.0 message-based
// functions take (C_EncryptMessage's pParameter ...), as the mechanisms
// specification defines them.  The CKM_ table's parameter column is the
// C_EncryptInit one (CK_GCM_PARAMS); a message carries its own (the IV and
// the tag of one message, CK_GCM_MESSAGE_PARAMS).  Message-based Init itself
// takes no parameter for these mechanisms.
#pragma once

#include <array>
#include <optional>

#include "p11/constants/mechanism.hpp"
#include "p11/constants/parameter_kind.hpp"

namespace p11 {

struct message_parameter_row {
    mechanism_type mechanism;
    parameter_kind per_message;
};

inline constexpr std::array message_parameters{
    message_parameter_row{mechanism_type::aes_gcm, parameter_kind::gcm_message},
    message_parameter_row{mechanism_type::aes_ccm, parameter_kind::ccm_message},
    message_parameter_row{mechanism_type::chacha20_poly1305, parameter_kind::salsa20_chacha20_poly1305_msg},
    message_parameter_row{mechanism_type::salsa20_poly1305, parameter_kind::salsa20_chacha20_poly1305_msg},
};

// nullopt: the mechanism has no per-message parameter (pParameter NULL).
[[nodiscard]] constexpr std::optional<parameter_kind> message_parameter_of(mechanism_type m) {
    for (const auto& r : message_parameters)
        if (r.mechanism == m) return r.per_message;
    return std::nullopt;
}

} // namespace p11
