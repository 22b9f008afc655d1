// An AEAD mechanism through the 3.0 message-based functions, written once
// over the crypto layer's streaming ciphers (AES-GCM; ChaCha20-Poly1305 the
// same way): the mechanism only says how to read its per-message parameter
// and how to make the cipher of one message.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "crypto/aes.hpp"
#include "mech/iv_generator.hpp"
#include "p11/provider/operations.hpp"

namespace p11::mech {

// One message's parameter as an AEAD needs it.  `iv` and `tag` point into
// the caller's memory: a generated IV and the tag are written there.
struct aead_message_parameter {
    std::span<std::uint8_t> iv;
    std::size_t iv_fixed_bits = 0;
    generator_function generator = generator_function::no_generate;
    std::uint8_t* tag = nullptr;
    std::size_t tag_bytes = 0;
};

struct aead_mechanism {
    // The caller's parameter (its size and fields checked by the framework),
    // or the CKR the mechanism gives a value the framework's check let pass.
    // A plain function: it is called on every message, and no mechanism's
    // reading needs state.
    result<aead_message_parameter> (*read)(bytes_view);
    // The cipher of one message: the tag appended to the ciphertext when
    // encrypting, expected after it when decrypting (crypto/aes.hpp).
    std::function<std::unique_ptr<crypto::cipher>(bytes_view iv, bytes_view aad, std::size_t tag_bytes)> make;
};

[[nodiscard]] std::unique_ptr<provider::message_cipher_operation> aead_message(aead_mechanism mechanism,
                                                                              crypto::direction d,
                                                                              counter_source counter);

} // namespace p11::mech
