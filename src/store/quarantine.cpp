#include "store/quarantine.hpp"

#include <ctime>

#include "store/object_names.hpp"

namespace p11::store::detail {

result<void> quarantine::set_aside(int from_dirfd, const std::string& name) {
    if (!directory_) {
        auto d = open_subdirectory(root_fd_, quarantine_directory, true);
        P11_TRY(d);
        directory_ = std::move(*d);
    }
    const auto stamped = name + "." + std::to_string(static_cast<long long>(::time(nullptr)));
    std::string target = stamped;
    // No other writer runs under the exclusive lock: a free name stays free.
    for (unsigned n = 1; stat_file(directory_.get(), target); ++n) target = stamped + "-" + std::to_string(n);
    return move_file(from_dirfd, name, directory_.get(), target);
}

} // namespace p11::store::detail
