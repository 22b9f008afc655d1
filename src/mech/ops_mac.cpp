// MACs as signatures: CKM_SHA*_HMAC(_GENERAL) and CKM_AES_CMAC(_GENERAL).
#include <cstring>

#include "crypto/hash.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/secure.hpp"
#include "mech/keys.hpp"
#include "mech/mechanism_plan.hpp"
#include "mech/ops.hpp"

namespace p11::mech::ops {

namespace {

struct mac_choice {
    bool cmac = false;
    crypto::hash_alg hash = crypto::hash_alg::sha256;
    bool general = false;
};

std::optional<mac_choice> choose(mechanism_type m) {
    const auto p = plan_of(m);
    if (!p) return std::nullopt;
    const bool general = truncated_mac(m);
    if (p->scheme == mechanism_scheme::cmac) return mac_choice{true, crypto::hash_alg::sha256, general};
    if (p->scheme == mechanism_scheme::hmac && p->hash) return mac_choice{false, *p->hash, general};
    return std::nullopt;
}

// The MAC engine and the (possibly truncated, for _GENERAL) output length.
struct prepared_mac {
    std::unique_ptr<crypto::mac> mac;
    std::size_t out_len = 0;
};

result<prepared_mac> prepare(const mechanism_view& m, const provider::object& key) {
    const auto choice = choose(m.type);
    if (!choice) return rv::mechanism_invalid;
    prepared_mac out;
    out.mac = crypto::make_mac(mac_key_of(key, choice->cmac ? std::nullopt : std::optional{choice->hash}));
    if (!out.mac) return rv::key_size_range;
    out.out_len = out.mac->size();
    if (choice->general) {
        const auto* len = m.param<abi::CK_MAC_GENERAL_PARAMS>();
        if (len == nullptr || *len == 0 || *len > out.out_len) return rv::mechanism_param_invalid;
        out.out_len = *len;
    }
    return out;
}

class mac_sign_op final : public provider::sign_operation {
public:
    explicit mac_sign_op(prepared_mac m) : m_(std::move(m)) {}
    [[nodiscard]] std::size_t signature_size() const override { return m_.out_len; }
    result<std::size_t> sign(bytes_view data, provider::out_span out) override {
        m_.mac->update(data);
        return final(out);
    }
    result<void> update(bytes_view part) override {
        m_.mac->update(part);
        return {};
    }
    result<std::size_t> final(provider::out_span out) override {
        secure_bytes full(m_.mac->size());
        m_.mac->finish(full.data());
        std::memcpy(out.data(), full.data(), m_.out_len);
        return m_.out_len;
    }

private:
    prepared_mac m_;
};

class mac_verify_op final : public provider::verify_operation {
public:
    explicit mac_verify_op(prepared_mac m) : m_(std::move(m)) {}
    result<void> verify(bytes_view data, bytes_view signature) override {
        m_.mac->update(data);
        return final(signature);
    }
    result<void> update(bytes_view part) override {
        m_.mac->update(part);
        return {};
    }
    result<void> final(bytes_view signature) override {
        if (signature.size() != m_.out_len) return rv::signature_len_range;
        secure_bytes full(m_.mac->size());
        m_.mac->finish(full.data());
        if (!constant_time_equal(bytes_view{full.data(), m_.out_len}, signature)) return rv::signature_invalid;
        return {};
    }

private:
    prepared_mac m_;
};

} // namespace

made<provider::sign_operation> mac_sign(const mechanism_view& m, const provider::object& key) {
    auto p = prepare(m, key);
    if (!p) return p.error_value();
    return std::unique_ptr<provider::sign_operation>(std::make_unique<mac_sign_op>(std::move(*p)));
}

made<provider::verify_operation> mac_verify(const mechanism_view& m, const provider::object& key) {
    auto p = prepare(m, key);
    if (!p) return p.error_value();
    return std::unique_ptr<provider::verify_operation>(std::make_unique<mac_verify_op>(std::move(*p)));
}

} // namespace p11::mech::ops
