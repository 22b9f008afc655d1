#include "mech/signature_encodings.hpp"

#include <algorithm>

#include "crypto/der.hpp"

namespace p11::mech {

secure_bytes left_padded(bytes_view number, std::size_t k) {
    secure_bytes out(k - number.size(), 0);
    out.insert(out.end(), number.begin(), number.end());
    return out;
}

bytes digest_info(crypto::hash_alg h, bytes_view digest) {
    const auto prefix = crypto::digest_info_prefix(h);
    bytes out(prefix.begin(), prefix.end());
    out.insert(out.end(), digest.begin(), digest.end());
    return out;
}

std::optional<secure_bytes> pkcs1_signature_block(bytes_view t, std::size_t k) {
    if (k < 11 || t.size() > k - 11) return std::nullopt;
    secure_bytes block(k, 0xFF);
    block[0] = 0x00;
    block[1] = 0x01;
    block[k - t.size() - 1] = 0x00;
    std::copy(t.begin(), t.end(), block.end() - static_cast<std::ptrdiff_t>(t.size()));
    return block;
}

std::optional<bytes> ecdsa_der_to_raw(bytes_view der, std::size_t field) {
    auto seq = crypto::der::read_exact(der, crypto::der::tag_sequence);
    if (!seq) return std::nullopt;
    bytes out(2 * field, 0);
    bytes_view rest = *seq;
    for (int i = 0; i < 2; ++i) {
        auto e = crypto::der::read(rest);
        if (!e || e->tag != crypto::der::tag_integer || e->content.empty()) return std::nullopt;
        bytes_view v = e->content;
        if ((v[0] & 0x80) != 0) return std::nullopt;  // negative
        while (v.size() > 1 && v[0] == 0) v = v.subspan(1);
        if (v.size() > field) return std::nullopt;
        std::copy(v.begin(), v.end(), out.begin() + static_cast<std::ptrdiff_t>((i + 1) * field - v.size()));
        rest = rest.subspan(e->encoded_size);
    }
    if (!rest.empty()) return std::nullopt;
    return out;
}

bytes ecdsa_challenge(bytes_view digest, std::size_t field) {
    if (digest.size() >= field) return bytes(digest.begin(), digest.begin() + static_cast<std::ptrdiff_t>(field));
    bytes out(field - digest.size(), 0);
    out.insert(out.end(), digest.begin(), digest.end());
    return out;
}

} // namespace p11::mech
