// Prepared MAC keys, written once for every backend on top of the backend's
// mac and its reset(): a pool of keyed macs per key.
#include <functional>

#include "crypto/des3.hpp"
#include "crypto/hash.hpp"
#include "crypto/internal/cmac_block.hpp"
#include "crypto/internal/pool.hpp"

namespace p11::crypto {

namespace {

class pooled_mac_key final : public mac_key {
public:
    pooled_mac_key(std::function<std::unique_ptr<mac>()> make, std::size_t size)
        : pool_(std::move(make)), size_(size) {}
    [[nodiscard]] std::size_t size() const override { return size_; }
    [[nodiscard]] internal::context_pool<mac>::lease lend() const { return pool_.acquire(); }

private:
    mutable internal::context_pool<mac> pool_;
    std::size_t size_;
};

// A mac lent by a key, with the key it came from: the members' order gives
// the mac back before the last reference to its pool can go.
class leased_mac final : public mac {
public:
    leased_mac(mac_key_ptr key, internal::context_pool<mac>::lease lease)
        : key_(std::move(key)), lease_(std::move(lease)) {}
    void update(bytes_view data) override { lease_->update(data); }
    void finish(byte* out) override { lease_->finish(out); }
    [[nodiscard]] std::size_t size() const override { return lease_->size(); }
    void reset() override { lease_->reset(); }

private:
    mac_key_ptr key_;
    internal::context_pool<mac>::lease lease_;
};

} // namespace

mac_key_ptr load_hmac_key(hash_alg h, bytes_view key) {
    // The key is kept (wiped with the pool) to key the macs the pool makes on demand.
    auto make = [h, k = std::make_shared<const secure_bytes>(key.begin(), key.end())] { return make_hmac(h, *k); };
    return std::make_shared<pooled_mac_key>(std::move(make), digest_size(h));
}

mac_key_ptr load_aes_cmac_key(bytes_view key) {
    if (key.size() != 16 && key.size() != 24 && key.size() != 32) return nullptr;
    auto make = [k = std::make_shared<const secure_bytes>(key.begin(), key.end())] { return make_aes_cmac(*k); };
    return std::make_shared<pooled_mac_key>(std::move(make), 16);
}

mac_key_ptr load_des3_cmac_key(bytes_view key) {
    auto k = load_des3_key(key);
    if (!k) return nullptr;
    return std::make_shared<pooled_mac_key>([k] { return internal::make_cmac_on_block(k); }, des3_block_size);
}

std::unique_ptr<mac> make_mac(const mac_key_ptr& key) {
    if (!key) return nullptr;
    auto lease = static_cast<const pooled_mac_key&>(*key).lend();
    if (!lease) return nullptr;
    lease->reset();  // whatever the previous operation left (an unfinished one too)
    return std::make_unique<leased_mac>(key, std::move(lease));
}

} // namespace p11::crypto
