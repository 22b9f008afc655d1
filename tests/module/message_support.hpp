// The 3.0 message-based functions as the module tests call them: a 3.0
// token, a GCM message parameter that keeps its IV and tag buffers, and
// C_EncryptMessage & co. on raw pointers (the consumer wrapper has no
// message API).
#pragma once

#include <array>

#include "p11/constants/generator_function.hpp"
#include "support.hpp"

namespace mt {

// CK_GCM_MESSAGE_PARAMS with its own IV and tag.
struct gcm_message {
    bytes iv;
    bytes tag = bytes(16, 0);
    abi::CK_GCM_MESSAGE_PARAMS p{};

    explicit gcm_message(bytes iv_value, generator_function g = generator_function::no_generate,
                         abi::CK_ULONG fixed_bits = 0, abi::CK_ULONG tag_bits = 128)
        : iv(std::move(iv_value)) {
        p.pIv = iv.data();
        p.ulIvLen = static_cast<abi::CK_ULONG>(iv.size());
        p.ulIvFixedBits = fixed_bits;
        p.ivGenerator = static_cast<abi::CK_GENERATOR_FUNCTION>(g);
        p.pTag = tag.data();
        p.ulTagBits = tag_bits;
    }
    gcm_message(const gcm_message&) = delete;
    gcm_message& operator=(const gcm_message&) = delete;
    abi::CK_VOID_PTR ptr() { return &p; }
    static constexpr abi::CK_ULONG len = sizeof(abi::CK_GCM_MESSAGE_PARAMS);
    bytes tag_bytes() const { return first(tag, p.ulTagBits / 8); }
};

struct message_fixture : token_fixture {
    message_fixture() : token_fixture(P11FORGE_MODULE_3_0_PATH) {}

    abi::CK_MECHANISM gcm = plain_ck(mechanism_type::aes_gcm);  // message-based Init takes no parameter

    rv encrypt_init(object_handle key) { return code(fn()->C_MessageEncryptInit(h(), &gcm, key)); }
    rv decrypt_init(object_handle key) { return code(fn()->C_MessageDecryptInit(h(), &gcm, key)); }

    // One whole message; `out` sized to the input.  (A buffer of one byte
    // more: an empty message needs a non-NULL pointer, NULL asks for the length.)
    rv whole(bool encrypting, gcm_message& m, const bytes& aad, const bytes& in, bytes& out) {
        out.assign(in.size() + 1, 0);
        auto n = static_cast<abi::CK_ULONG>(in.size());
        const auto call = encrypting ? fn()->C_EncryptMessage : fn()->C_DecryptMessage;
        const rv r = code(call(h(), m.ptr(), m.len, ptr(aad), len(aad), ptr(in), len(in), out.data(), &n));
        out.resize(r == rv::ok ? n : 0);
        return r;
    }
    rv encrypt(gcm_message& m, const bytes& aad, const bytes& in, bytes& out) { return whole(true, m, aad, in, out); }
    rv decrypt(gcm_message& m, const bytes& aad, const bytes& in, bytes& out) { return whole(false, m, aad, in, out); }
    // Begin, parts of `part` bytes, the last flagged CKF_END_OF_MESSAGE.
    rv in_parts(bool encrypting, gcm_message& m, const bytes& aad, const bytes& in, std::size_t part, bytes& out) {
        out.clear();
        rv r = code(encrypting ? fn()->C_EncryptMessageBegin(h(), m.ptr(), m.len, ptr(aad), len(aad))
                               : fn()->C_DecryptMessageBegin(h(), m.ptr(), m.len, ptr(aad), len(aad)));
        if (r != rv::ok) return r;
        std::size_t at = 0;
        do {
            const std::size_t n = std::min(part, in.size() - at);
            const bool last = at + n == in.size();
            bytes chunk = sub(in, at, n);
            bytes got(in.size() + 17);
            auto got_len = static_cast<abi::CK_ULONG>(last ? in.size() - out.size() : n + 16);
            const auto flags = last ? static_cast<abi::CK_FLAGS>(message_flags::end_of_message) : 0;
            r = code(encrypting ? fn()->C_EncryptMessageNext(h(), m.ptr(), m.len, ptr(chunk), len(chunk), got.data(),
                                                             &got_len, flags)
                                : fn()->C_DecryptMessageNext(h(), m.ptr(), m.len, ptr(chunk), len(chunk), got.data(),
                                                             &got_len, flags));
            if (r != rv::ok) return r;
            out.insert(out.end(), got.begin(), got.begin() + static_cast<std::ptrdiff_t>(got_len));
            at += n;
            if (last) break;
        } while (true);
        return rv::ok;
    }

    static abi::CK_BYTE_PTR ptr(const bytes& b) { return b.empty() ? nullptr : const_cast<abi::CK_BYTE_PTR>(b.data()); }
    static abi::CK_ULONG len(const bytes& b) { return static_cast<abi::CK_ULONG>(b.size()); }
};

} // namespace mt
