// SubjectPublicKeyInfo encodings (RFC 5280 section 4.1, RFC 3279 2.3.1, RFC 5480 2, RFC 8410 4).
#include "crypto/der.hpp"
#include "crypto/internal/spki.hpp"

namespace p11::crypto::internal {

namespace {

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
    return spki(concat({rsa_encryption_oid, null}), key);
}

bytes ec_spki(curve c, bytes_view uncompressed_point) {
    return spki(concat({ec_public_key_oid, curve_params(c)}), uncompressed_point);
}

// RFC 8410 section 4: the AlgorithmIdentifier is the curve's OID alone.
bytes ecx_spki(ecx_curve c, bytes_view raw_public) { return spki(ecx_curve_params(c), raw_public); }

} // namespace p11::crypto::internal
