// Triple-DES ciphers: CKM_DES3_ECB, _CBC (8-byte IV) and _CBC_PAD, on
// CKK_DES3 keys (24 bytes) and CKK_DES2 keys (16 bytes, K1 K2 K1).
#include "crypto/des3.hpp"
#include "mech/cipher_stream.hpp"
#include "mech/keys.hpp"
#include "mech/ops.hpp"

namespace p11::mech::ops {

made<provider::cipher_operation> des3_cipher(const mechanism_view& m, const provider::object& key, crypto::direction d) {
    const auto k = des3_key_of(key);
    if (!k) return rv::key_size_range;  // a CKA_VALUE of the wrong length (the type was checked)
    std::unique_ptr<crypto::cipher> c;
    switch (m.type) {
    case mechanism_type::des3_ecb:
        if (!m.parameter.empty()) return rv::mechanism_param_invalid;
        c = crypto::make_des3_ecb(k, d);
        break;
    case mechanism_type::des3_cbc:
    case mechanism_type::des3_cbc_pad:
        if (m.parameter.size() != crypto::des3_block_size) return rv::mechanism_param_invalid;
        c = crypto::make_des3_cbc(k, m.parameter, d, m.type == mechanism_type::des3_cbc_pad);
        break;
    default: return rv::mechanism_invalid;
    }
    if (!c) return rv::mechanism_param_invalid;
    return std::unique_ptr<provider::cipher_operation>(std::make_unique<cipher_stream_op>(std::move(c), d));
}

} // namespace p11::mech::ops
