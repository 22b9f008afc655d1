// Triple DES (TDEA, NIST SP 800-67) for the legacy mechanisms clients still
// use (PIV management keys, payment and older HSM fixtures): ECB, CBC with
// and without PKCS #7 padding, and CMAC (SP 800-38B, b = 64).  The modes and
// CMAC are shared code on each backend's TDEA block function
// (internal/des3_block.hpp); a backend without TDEA gives no key.
#pragma once

#include <memory>
#include <span>

#include "crypto/aes.hpp"
#include "crypto/hash.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

inline constexpr std::size_t des3_block_size = 8;

// A TDEA key prepared once; safe to use from several threads at once.
class des3_key {
public:
    virtual ~des3_key() = default;
};
using des3_key_ptr = std::shared_ptr<const des3_key>;

// 24 bytes (K1 K2 K3, keying option 1) or 16 (K1 K2, keying option 2: K3 =
// K1, a CKK_DES2 key).  Parity bits are ignored, as SP 800-67 lets them be.
// nullptr for any other length, or when the backend has no TDEA.
[[nodiscard]] des3_key_ptr load_des3_key(bytes_view key);

// ECB and CBC need whole 8-byte blocks; CBC-PAD adds/removes PKCS #7 padding.
[[nodiscard]] std::unique_ptr<cipher> make_des3_ecb(const des3_key_ptr& key, direction d);
[[nodiscard]] std::unique_ptr<cipher> make_des3_cbc(const des3_key_ptr& key, bytes_view iv8, direction d,
                                                    bool pkcs7_padding);
// A prepared TDEA-CMAC key (8-byte MACs), as load_aes_cmac_key; nullptr
// where load_des3_key gives none.
[[nodiscard]] mac_key_ptr load_des3_cmac_key(bytes_view key);

// Sets the low bit of each byte so that every byte has odd parity (the DES
// key format, FIPS 46-3 §"DES key"): what generated DES keys look like.
void set_des_odd_parity(std::span<byte> key) noexcept;

} // namespace p11::crypto
