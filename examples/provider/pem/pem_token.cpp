// A read-only token that serves the certificates and keys of a directory of
// PEM files (files.hpp says which), the directory named by P11FORGE_PEM_DIR.
// The user PIN is the keys' passphrase: C_Login succeeds when it opens every
// key, and the keys stay decrypted in memory until C_Logout.  Signs with
// RSA and EC keys (signer.hpp).  docs/provider.md describes the framework.
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

#include <p11/provider/export.hpp>
#include <p11/provider/read_only_token.hpp>
#include <p11/provider/single_token_module.hpp>

#include "files.hpp"
#include "objects.hpp"
#include "signer.hpp"

namespace {

using namespace p11;
using namespace p11::provider;

class pem_token final : public read_only_token {
public:
    explicit pem_token(const std::string& directory) : read_only_token("pem-files") {
        for (auto& e : pem::read_directory(directory)) {
            auto objects = pem::objects_of(e);
            if (!objects) continue;
            add(std::move(objects->certificate));
            add(std::move(objects->public_key));
            if (objects->private_key) {
                add(std::move(*objects->private_key));
                key_paths_[e.name] = e.key_path;
            }
        }
        info_.manufacturer = "p11forge examples";
        info_.model = "PEM directory";
        info_.flags = info_.flags | token_flags::login_required | token_flags::user_pin_initialized;
        info_.min_pin_length = 4;
        info_.max_pin_length = 64;
    }

    std::span<const mechanism_entry> mechanisms() override { return pem::mechanisms(); }

    result<void> login(user_type who, bytes_view pin) override {
        if (who != user_type::user) return failure(rv::user_type_invalid);
        const std::string passphrase(pin.begin(), pin.end());
        std::map<std::string, std::shared_ptr<EVP_PKEY>> opened;
        for (const auto& [name, path] : key_paths_) {
            auto key = pem::read_key(path, passphrase);
            if (!key) return failure(rv::pin_incorrect);
            opened[name] = std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);
        }
        if (opened.empty()) return failure(rv::pin_incorrect);  // no key, nothing a PIN could prove
        const std::lock_guard lock(mutex_);
        keys_ = std::move(opened);
        return {};
    }
    void logout() override {
        const std::lock_guard lock(mutex_);
        keys_.clear();
    }

    result<std::unique_ptr<sign_operation>> begin_sign(const mechanism_view& m, const object& key) override {
        const auto label = key.attributes().get(attribute_type::label);
        const std::string name = label ? std::string(label->begin(), label->end()) : std::string();
        const std::lock_guard lock(mutex_);
        const auto it = keys_.find(name);
        return pem::begin_sign(m.type, it == keys_.end() ? nullptr : it->second);
    }

private:
    std::map<std::string, std::string> key_paths_;  // fixed after the constructor
    std::mutex mutex_;                              // guards keys_
    std::map<std::string, std::shared_ptr<EVP_PKEY>> keys_;
};

module_config pem_module() {
    return single_token_module({.manufacturer = "p11forge examples",
                                .library_description = "PEM directory module",
                                .library_version = {1, 0}},
                               [] {
                                   const char* dir = std::getenv("P11FORGE_PEM_DIR");
                                   return std::make_shared<pem_token>(dir ? dir : "");
                               });
}

} // namespace

P11_PROVIDER_EXPORT(pem_module())
