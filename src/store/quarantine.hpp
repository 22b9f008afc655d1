// quarantine/: where the store sets aside files it will not delete but
// cannot use (damaged records, and at C_InitToken a token it could not read,
// see store_impl::initialize()), so that their owner can still recover
// something from them.  Nothing in it is ever read or removed by the store.
#pragma once

#include <string>

#include "p11/result.hpp"
#include "store/file_io.hpp"

namespace p11::store::detail {

class quarantine {
public:
    explicit quarantine(int root_fd) : root_fd_(root_fd) {}

    // Under the exclusive lock: moves `name` out of `from_dirfd` into
    // quarantine/ (created on first use) as `<name>.<unix time>`, with
    // `-<n>` added when that name is taken: an earlier file set aside in the
    // same second is never replaced.  Durable when it returns.
    [[nodiscard]] result<void> set_aside(int from_dirfd, const std::string& name);

private:
    int root_fd_;
    unique_fd directory_;
};

} // namespace p11::store::detail
