// Where the software token's CKG_GENERATE_COUNTER (and CKG_GENERATE) IVs
// take their counter values (mech/iv_generator.hpp), so that no two messages
// under one key ever get the same IV: GCM with a repeated IV leaks the XOR
// of two plaintexts and lets anyone forge tags.
//
// A token key may be used by many processes at once, and by the next run of
// each.  Its values are reserved from the store in blocks
// (token_store::reserve_counters: the next free value recorded durably under
// the store's cross-process lock before any value of the block is used);
// this process hands out its block one value at a time and reserves the
// next block when it runs out.  A process that ends or crashes leaves the
// rest of its block unused: values are skipped, never repeated.  The cost is
// one durable write per block_size messages.
//
// A session key lives and dies in this process (and this token object: a
// forked child starts its own after C_Initialize), so one in-memory counter
// serves every session key; it never repeats within the token's life, hence
// never for one key.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>

#include "mech/iv_generator.hpp"
#include "p11/provider/object.hpp"
#include "p11/provider/platform.hpp"
#include "store/token_store.hpp"

namespace p11::soft {

class iv_counters {
public:
    static constexpr std::uint64_t block_size = 1024;

    explicit iv_counters(store::token_store& store) : store_(store) {}

    // The source for `key`'s messages.  It refers to this object, which the
    // token owns and every session's operation outlives with it.
    [[nodiscard]] mech::counter_source source_for(const provider::object& key);

private:
    result<std::uint64_t> next_of_token_key(const store::object_id& id);

    struct block {
        std::uint64_t next = 0;
        std::uint64_t end = 0;  // next == end: none left, reserve again
    };
    store::token_store& store_;
    provider::mutex mutex_;
    std::map<store::object_id, block> blocks_;
    std::atomic<std::uint64_t> session_next_{0};
};

} // namespace p11::soft
