#include "store/meta_copies.hpp"

#include "store/instrumentation.hpp"

namespace p11::store::detail {

namespace {
// Far above any token.meta (decode_meta refuses more than 4 KiB): a huge
// file in its place is read only this far, then found damaged.
constexpr std::size_t max_metadata_bytes = 1u << 16;
} // namespace

result<metadata_reading> read_metadata_copies(int root_fd) {
    metadata_reading out;
    for (std::size_t copy = 0; copy < metadata_copy_count; ++copy) {
        auto file = read_file(root_fd, metadata_copy_names[copy], max_metadata_bytes);
        P11_TRY(file);
        if (!*file) continue;  // absent
        out.copies.signatures[copy] = (*file)->signature;
        auto record = decode_meta((*file)->bytes);
        if (!record) {
            ++out.copies.damaged;
            continue;
        }
        // Equal generations hold the same write: the first copy is as good.
        if (!out.record || record->generation > out.record->generation) {
            out.record = std::move(record);
            out.copies.newest = copy;
        }
    }
    return out;
}

metadata_signatures stat_metadata_copies(int root_fd) {
    metadata_signatures out;
    for (std::size_t copy = 0; copy < metadata_copy_count; ++copy)
        out[copy] = stat_file(root_fd, metadata_copy_names[copy]);
    return out;
}

result<metadata_copies> write_metadata_copies(int root_fd, const meta_record& m, const metadata_copies& previous) {
    const std::size_t last = previous.newest.value_or(0);
    const std::size_t first = 1 - last;
    const auto bytes = encode_meta(m);
    P11_TRY(replace_file(root_fd, metadata_copy_names[first], bytes));
    run_metadata_copy_hook();
    P11_TRY(replace_file(root_fd, metadata_copy_names[last], bytes));
    metadata_copies out;
    // Both hold this write; the next one keeps the same order.
    out.newest = last;
    out.signatures = stat_metadata_copies(root_fd);
    return out;
}

} // namespace p11::store::detail
