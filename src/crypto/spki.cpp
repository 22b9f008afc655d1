// SubjectPublicKeyInfo encodings (RFC 5280 section 4.1, RFC 3279 2.3.1, RFC 5480 2, RFC 8410 4).
#include <array>

#include "crypto/der.hpp"
#include "crypto/internal/spki.hpp"

namespace p11::crypto::internal {

namespace {

// rsaEncryption 1.2.840.113549.1.1.1 and id-ecPublicKey 1.2.840.10045.2.1.
constexpr std::array<byte, 11> rsa_encryption{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
constexpr std::array<byte, 9> ec_public_key{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};

bytes concat(std::initializer_list<bytes_view> parts) {
    bytes out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

bytes spki(bytes_view algorithm_identifier_content, bytes_view key_bits) {
    const bytes algorithm = der::tlv(der::tag_sequence, algorithm_identifier_content);
    bytes bit_string{0x00};  // no unused bits
    bit_string.insert(bit_string.end(), key_bits.begin(), key_bits.end());
    return der::tlv(der::tag_sequence, concat({algorithm, der::tlv(der::tag_bit_string, bit_string)}));
}

} // namespace

bytes rsa_spki(bytes_view modulus, bytes_view public_exponent) {
    const bytes null{der::tag_null, 0x00};
    const bytes key = der::tlv(der::tag_sequence,
                               concat({der::unsigned_integer(modulus), der::unsigned_integer(public_exponent)}));
    return spki(concat({rsa_encryption, null}), key);
}

bytes ec_spki(curve c, bytes_view uncompressed_point) {
    return spki(concat({ec_public_key, curve_params(c)}), uncompressed_point);
}

// RFC 8410 section 4: the AlgorithmIdentifier is the curve's OID alone.
bytes ecx_spki(ecx_curve c, bytes_view raw_public) { return spki(ecx_curve_params(c), raw_public); }

} // namespace p11::crypto::internal
