// Objects: create, update, destroy (durable, under the exclusive lock) and
// the index-only reads.
#include "store/attribute_split.hpp"
#include "store/object_names.hpp"
#include "store/sealing.hpp"
#include "store/store_impl.hpp"

namespace p11::store::detail {

const sealing_key* store_impl::current_key(sealing_key& slot) const {
    if (token_key_.empty()) return nullptr;
    slot.key = token_key_;
    slot.epoch = key_epoch_;
    return &slot;
}

result<void> store_impl::commit(const object_id& id, std::uint64_t version, const attribute_set& a) {
    const bool is_private = is_private_object(a);
    const auto parts = split_for_storage(a, is_private);
    sealing_key slot;
    auto raw = encode_record(id, version, is_private, parts.clear, parts.secret, current_key(slot));
    P11_TRY(raw);
    auto rec = parse_record(*raw);
    if (!rec) return rv::general_error;  // we wrote it: a bug, not damage

    const auto name = file_name_of(id);
    P11_TRY(lock_.bump());
    P11_TRY(replace_file(objects_fd_.get(), name, *raw));
    object_entry e;
    // Unknown signature (stat failed): the next sync re-reads the file,
    // which is harmless.
    e.signature = stat_file(objects_fd_.get(), name).value_or(file_signature{});
    auto view = std::make_shared<stored_object>();
    view->id = id;
    view->version = version;
    view->is_private = is_private;
    view->attributes = a;
    view->complete = true;
    e.view = std::move(view);
    if (rec->sealed) e.raw = std::move(*raw);
    e.record = std::move(*rec);
    publish_object(id, std::move(e));
    std::unique_lock g{state_mutex_};
    seen_generation_ = lock_.generation();
    return {};
}

result<object_id> store_impl::create(const attribute_set& attributes) {
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, true};
    P11_TRY(fl.status());
    P11_TRY(sync(false));
    object_id id;
    do {
        P11_TRY(random_fill(id.bytes));
    } while (objects_.contains(id) || damaged_.contains(file_name_of(id)));
    P11_TRY(commit(id, 1, attributes));
    return id;
}

result<void> store_impl::update(const object_id& id, const change_function& change) {
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, true};
    P11_TRY(fl.status());
    P11_TRY(sync(false));
    auto it = objects_.find(id);
    if (it == objects_.end()) return rv::object_handle_invalid;
    // Replacing a sealed record while locked would need values we cannot
    // see; the new content's own need for the key is checked by commit().
    if (it->second.record.sealed && token_key_.empty()) return rv::user_not_logged_in;
    // The change is computed here, from what is on disk now, and not by the
    // caller from its copy: another process may have changed other
    // attributes since that copy was made, and a whole-set write from it
    // would undo their change.  Only this process's io_mutex_ holder
    // publishes, so `newest` stays alive and current while `change` runs.
    const auto newest = it->second.view;
    auto attributes = change(*newest);
    P11_TRY(attributes);
    return commit(id, it->second.record.version + 1, *attributes);
}

result<void> store_impl::destroy(const object_id& id) {
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, true};
    P11_TRY(fl.status());
    P11_TRY(sync(false));
    auto it = objects_.find(id);
    if (it == objects_.end()) return rv::object_handle_invalid;
    if (it->second.record.is_private && token_key_.empty()) return rv::user_not_logged_in;
    P11_TRY(lock_.bump());
    P11_TRY(remove_file(objects_fd_.get(), file_name_of(id)));
    publish_removal(id);
    std::unique_lock g{state_mutex_};
    seen_generation_ = lock_.generation();
    return {};
}

std::vector<object_id> store_impl::find(const index_query& q) {
    catch_up();
    std::shared_lock g{state_mutex_};
    return index_.find(q);
}

std::shared_ptr<const stored_object> store_impl::load(const object_id& id) {
    catch_up();
    std::shared_lock g{state_mutex_};
    auto it = objects_.find(id);
    return it == objects_.end() ? nullptr : it->second.view;
}

std::size_t store_impl::object_count() const {
    std::shared_lock g{state_mutex_};
    return objects_.size();
}

} // namespace p11::store::detail
