// Token initialisation, PINs and login.
#include "store/instrumentation.hpp"
#include "store/object_names.hpp"
#include "store/pin_keys.hpp"
#include "store/quarantine.hpp"
#include "store/sealing.hpp"
#include "store/store_impl.hpp"

namespace p11::store::detail {

namespace {
constexpr std::size_t max_label_bytes = 32;

std::string new_serial(std::span<const std::uint8_t, 8> random) {
    constexpr std::string_view digits = "0123456789ABCDEF";
    std::string s;
    for (auto b : random) {
        s.push_back(digits[b >> 4]);
        s.push_back(digits[b & 15]);
    }
    return s;
}
} // namespace

result<void> store_impl::write_metadata(meta_record m) {
    // Above every intact copy, so that the copy written first is the newest
    // the moment it lands (meta_copies.hpp).
    m.generation = (meta_ ? meta_->generation : 0) + 1;
    P11_TRY(lock_.bump());
    auto written = write_metadata_copies(root_fd_.get(), m, meta_copies_);
    P11_TRY(written);
    std::unique_lock g{state_mutex_};
    meta_ = std::move(m);
    meta_copies_ = *written;
    seen_generation_ = lock_.generation();
    return {};
}

result<secure_bytes> store_impl::check_pin(user who, std::span<const std::uint8_t> pin) {
    if (!meta_ || !meta_->initialized) return rv::token_not_recognized;
    meta_record m = *meta_;
    const pin_wrap& wrap = who == user::so ? m.so : m.user;
    if (!wrap.present()) return rv::user_pin_not_initialized;
    std::uint32_t& failures = who == user::so ? m.so_failures : m.user_failures;
    if (failures >= options_.max_pin_tries) return rv::pin_locked;

    // Charge the attempt first and make it durable: whatever happens to this
    // process from here on, the attempt has been counted.  A right PIN gets
    // it back below; the cost is the same on both paths until the answer.
    const auto before = failures;
    ++failures;
    P11_TRY(write_metadata(m));
    run_pin_attempt_hook();

    secure_bytes key;
    auto right = unwrap_token_key(who, pin, wrap, key);
    if (!right) {
        // The backend failed, which says nothing about the PIN.
        failures = before;
        (void)write_metadata(m);
        return right.error_value();
    }
    if (!*right) return rv::pin_incorrect;
    failures = 0;
    P11_TRY(write_metadata(m));
    return key;
}

result<void> store_impl::clear_objects() {
    auto names = list_directory(objects_fd_.get());
    P11_TRY(names);
    quarantine q{root_fd_.get()};
    for (const auto& name : *names) {
        const auto id = id_from_file_name(name);
        if (is_temporary(name) || (id && objects_.contains(*id))) {
            P11_TRY(remove_file(objects_fd_.get(), name));
            continue;
        }
        if (!id) continue;  // not ours to judge
        // A damaged record may still hold something its owner wants back:
        // it is set aside, never deleted.
        P11_TRY(q.set_aside(objects_fd_.get(), name));
    }
    return {};
}

result<void> store_impl::set_aside_unreadable_token() {
    auto names = list_directory(objects_fd_.get());
    P11_TRY(names);
    quarantine q{root_fd_.get()};
    for (const auto& name : *names) {
        if (is_temporary(name)) {
            P11_TRY(remove_file(objects_fd_.get(), name));
            continue;
        }
        if (!id_from_file_name(name)) continue;  // not ours to judge
        P11_TRY(q.set_aside(objects_fd_.get(), name));
    }
    // The metadata copies last: killed before this, the token still reads
    // as unreadable, and the next initialize() sets aside what is left.
    for (const char* copy : metadata_copy_names)
        if (stat_file(root_fd_.get(), copy)) P11_TRY(q.set_aside(root_fd_.get(), copy));
    return {};
}

result<void> store_impl::initialize(std::span<const std::uint8_t> so_pin, std::string_view label) {
    if (label.size() > max_label_bytes) return rv::arguments_bad;
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, true};
    P11_TRY(fl.status());
    P11_TRY(sync(false));
    // Only a token whose metadata names its SO has its objects destroyed,
    // and only for that SO's PIN.  With no copy of the metadata readable
    // there is no PIN to check, so anyone may start a new token here, but
    // the old one's records (and the damaged metadata holding its wrapped
    // token key) are set aside, never deleted: its owner can still recover
    // them.  A blank directory has nothing to set aside.
    const bool recognised = meta_ && meta_->initialized;
    if (recognised) P11_TRY(check_pin(user::so, so_pin));

    secure_bytes key(token_key_bytes);
    P11_TRY(random_fill(key));
    meta_record m;
    m.initialized = true;
    P11_TRY(random_fill(m.epoch));
    std::array<std::uint8_t, 8> serial{};
    P11_TRY(random_fill(serial));
    m.serial = new_serial(serial);
    m.label = std::string(label);
    auto so = wrap_token_key(user::so, so_pin, key, options_.kdf_iterations);
    P11_TRY(so);
    m.so = std::move(*so);

    lock_views();
    P11_TRY(lock_.bump());
    // Objects go before the new metadata: a crash in between leaves the old
    // token, empty, rather than a new token among records it cannot open.
    // (A damaged copy of a recognised token's metadata is simply rewritten.)
    if (recognised) P11_TRY(clear_objects());
    else P11_TRY(set_aside_unreadable_token());
    P11_TRY(write_metadata(m));
    std::unique_lock g{state_mutex_};
    objects_.clear();
    damaged_.clear();
    index_.clear();
    return {};
}

result<void> store_impl::login(user who, std::span<const std::uint8_t> pin) {
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, true};
    P11_TRY(fl.status());
    P11_TRY(sync(false));
    auto key = check_pin(who, pin);
    P11_TRY(key);
    unlock_with(std::move(*key), who);
    return {};
}

void store_impl::logout() {
    std::lock_guard io{io_mutex_};
    lock_views();
}

bool store_impl::unlocked() const {
    std::shared_lock g{state_mutex_};
    return !token_key_.empty();
}

result<void> store_impl::init_user_pin(std::span<const std::uint8_t> pin) {
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, true};
    P11_TRY(fl.status());
    P11_TRY(sync(false));
    // sync() drops the key if the token was re-initialised meanwhile.
    if (logged_in_ != user::so || token_key_.empty()) return rv::user_not_logged_in;
    auto wrap = wrap_token_key(user::normal, pin, token_key_, options_.kdf_iterations);
    P11_TRY(wrap);
    meta_record m = *meta_;
    m.user = std::move(*wrap);
    m.user_failures = 0;
    return write_metadata(m);
}

result<void> store_impl::set_pin(user who, std::span<const std::uint8_t> old_pin, std::span<const std::uint8_t> new_pin) {
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, true};
    P11_TRY(fl.status());
    P11_TRY(sync(false));
    auto key = check_pin(who, old_pin);
    P11_TRY(key);
    auto wrap = wrap_token_key(who, new_pin, *key, options_.kdf_iterations);
    P11_TRY(wrap);
    meta_record m = *meta_;
    (who == user::so ? m.so : m.user) = std::move(*wrap);
    return write_metadata(m);
}

} // namespace p11::store::detail
