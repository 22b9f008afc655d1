// Message digests: CKM_SHA_1, CKM_SHA224, CKM_SHA256, CKM_SHA384, CKM_SHA512.
#include <cstring>

#include "crypto/hash.hpp"
#include "mech/hashes.hpp"
#include "mech/ops.hpp"

namespace p11::mech::ops {

namespace {
class digest_op final : public provider::digest_operation {
public:
    explicit digest_op(crypto::hash_alg h) : hash_(crypto::make_hash(h)), size_(crypto::digest_size(h)) {}
    [[nodiscard]] std::size_t digest_size() const override { return size_; }
    result<void> update(bytes_view part) override {
        hash_->update(part);
        return {};
    }
    result<std::size_t> final(provider::out_span out) override {
        hash_->finish(out.data());
        return size_;
    }

private:
    std::unique_ptr<crypto::hash> hash_;
    std::size_t size_;
};
} // namespace

made<provider::digest_operation> digest(const mechanism_view& m) {
    const auto h = hash_of_digest(m.type);
    if (!h) return rv::mechanism_invalid;
    return std::unique_ptr<provider::digest_operation>(std::make_unique<digest_op>(*h));
}

} // namespace p11::mech::ops
