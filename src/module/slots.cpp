#include "module/slots.hpp"

#include <array>

#include "crypto/random.hpp"
#include "softtoken/soft_token.hpp"
#include "store/token_store.hpp"
#if defined(P11FORGE_HAVE_PCSC)
#include "cards/card_readers.hpp"
#include "openpgp/openpgp_token.hpp"
#include "piv/piv_token.hpp"
#endif

namespace p11::module {

namespace {

constexpr abi::CK_SLOT_ID soft_slot_id = 0;
#if defined(P11FORGE_HAVE_PCSC)
// The card families a reader slot tries, in this order: a new family is one
// more entry here (and its folder).  PIV first: a PIV card costs what it did
// before OpenPGP came (1 APDU, SELECT), an OpenPGP card one or two failed PIV
// SELECTs more than its own 2 (SELECT, GET DATA 6E); a card with both
// applications (YubiKey) stays the PIV token it was (docs/module.md).
constexpr std::array card_families{piv::family, openpgp::family};
#endif

class soft_slot final : public provider::slot {
public:
    explicit soft_slot(std::shared_ptr<provider::token> t) : token_(std::move(t)) {}
    provider::slot_description describe() override {
        provider::slot_description d;
        d.description = "p11forge software token";
        d.manufacturer = "p11forge";
        d.hardware_version = {0, 1};
        d.firmware_version = {0, 1};
        return d;
    }
    std::shared_ptr<provider::token> current_token() override { return token_; }

private:
    std::shared_ptr<provider::token> token_;
};

class module_slots final : public provider::slot_manager {
public:
    explicit module_slots(const settings& s) {
        store::store_options options;
        if (s.kdf_iterations) options.kdf_iterations = *s.kdf_iterations;
        // A store that cannot be opened (no permission, a full disk) leaves an
        // empty slot: C_OpenSession says CKR_TOKEN_NOT_PRESENT rather than failing later.
        std::shared_ptr<provider::token> token;
        if (auto store = store::open_store(s.token_dir, options)) token = std::make_shared<soft::soft_token>(std::move(*store));
        soft_has_token_ = token != nullptr;
        soft_ = std::make_shared<soft_slot>(std::move(token));
#if defined(P11FORGE_HAVE_PCSC)
        // Without libpcsclite there are simply no reader slots; without pcscd, none until it starts.
        if (s.pcsc) readers_ = cards::card_readers::open(soft_slot_id + 1, card_families);
#endif
    }
    std::vector<abi::CK_SLOT_ID> slot_ids() override {
        std::vector<abi::CK_SLOT_ID> ids{soft_slot_id};
#if defined(P11FORGE_HAVE_PCSC)
        if (readers_) {
            auto more = readers_->slot_ids();
            ids.insert(ids.end(), more.begin(), more.end());
        }
#endif
        return ids;
    }
    // The software slot's token never changes (generation 0, present unless
    // its store could not be opened).
    bool holds_token(abi::CK_SLOT_ID id, std::uint64_t generation) override {
        if (id == soft_slot_id) return generation == 0 && soft_has_token_;
        return provider::slot_manager::holds_token(id, generation);
    }
    std::shared_ptr<provider::slot> find_slot(abi::CK_SLOT_ID id) override {
        if (id == soft_slot_id) return soft_;
#if defined(P11FORGE_HAVE_PCSC)
        if (readers_) return readers_->find_slot(id);
#endif
        return nullptr;
    }
#if defined(P11FORGE_HAVE_PCSC)
    // Only reader slots have events; the software token never comes or goes.
    result<abi::CK_SLOT_ID> wait_for_event(bool block) override {
        if (!readers_) return failure(rv::function_not_supported);
        return readers_->wait_for_event(block);
    }
    void cancel_wait() override {
        if (readers_) readers_->cancel_wait();
    }
#endif

private:
    std::shared_ptr<soft_slot> soft_;
    bool soft_has_token_ = false;
#if defined(P11FORGE_HAVE_PCSC)
    std::unique_ptr<cards::card_readers> readers_;
#endif
};

} // namespace

std::unique_ptr<provider::slot_manager> make_slots(const settings& s) {
    // A child after fork() must not continue its parent's random stream.
    crypto::reseed_after_fork();
    return std::make_unique<module_slots>(s);
}

} // namespace p11::module
