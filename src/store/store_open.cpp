// open_store() and the store's read-only views of its metadata.
#include "store/instrumentation.hpp"
#include "store/object_names.hpp"
#include "store/pin_keys.hpp"
#include "store/store_impl.hpp"

namespace p11::store {

namespace detail {

store_impl::store_impl(const store_options& options, unique_fd root, unique_fd objects, lock_file lock)
    : options_(options), root_fd_(std::move(root)), objects_fd_(std::move(objects)), lock_(std::move(lock)) {}

store_impl::~store_impl() {
    secure_bytes{}.swap(token_key_);
}

result<void> store_impl::refresh() {
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, false};
    P11_TRY(fl.status());
    return sync(false);
}

token_metadata store_impl::metadata() {
    catch_up();
    std::shared_lock g{state_mutex_};
    token_metadata t;
    if (!meta_) {
        t.so_pin = describe_pin(false, 0, options_.max_pin_tries);
        t.user_pin = t.so_pin;
        return t;
    }
    t.initialized = meta_->initialized;
    t.label = meta_->label;
    t.serial = meta_->serial;
    t.so_pin = describe_pin(meta_->initialized, meta_->so_failures, options_.max_pin_tries);
    t.user_pin = describe_pin(meta_->user.present(), meta_->user_failures, options_.max_pin_tries);
    return t;
}

std::size_t store_impl::damaged_records() const {
    std::shared_lock g{state_mutex_};
    return damaged_.size() + meta_copies_.damaged;
}

} // namespace detail

result<std::unique_ptr<token_store>> open_store(const std::filesystem::path& directory, const store_options& options) {
    if (options.max_pin_tries == 0 || options.kdf_iterations == 0) return rv::arguments_bad;
    auto root = detail::open_directory(directory, true);
    P11_TRY(root);
    auto objects = detail::open_subdirectory(root->get(), detail::objects_directory, true);
    P11_TRY(objects);
    auto lock = detail::lock_file::open(root->get());
    P11_TRY(lock);
    auto store = std::make_unique<detail::store_impl>(options, std::move(*root), std::move(*objects),
                                                      std::move(*lock));
    P11_TRY(store->refresh());
    return std::unique_ptr<token_store>(std::move(store));
}

} // namespace p11::store
