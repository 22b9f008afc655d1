// Shared helpers of the store tests: a scratch directory per test, quick
// store options, attribute sets and raw file access.
#pragma once

#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "p11/constants/attribute.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/object_class.hpp"
#include "crypto/random.hpp"
#include "store/object_names.hpp"
#include "store/token_store.hpp"

namespace store_test {

namespace fs = std::filesystem;
using p11::attribute_type;
using p11::attribute_set;
using namespace p11::store;

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.
class scratch_dir {
public:
    scratch_dir() {
        // create_directory() is false when the name exists: the next name.
        std::random_device rd;
        for (int attempt = 0;; ++attempt) {
            path_ = fs::temp_directory_path() / ("p11forge-store-" + std::to_string(rd()));
            std::error_code ec;
            if (fs::create_directory(path_, ec)) break;
            if (attempt == 100) std::abort();
        }
    }
    ~scratch_dir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }
    [[nodiscard]] fs::path token() const { return path_ / "token"; }

private:
    fs::path path_;
};

// Few KDF iterations: the tests exercise logic, not key stretching (one
// test checks that the default is high).
inline store_options quick(unsigned tries = 5) {
    store_options o;
    o.max_pin_tries = tries;
    o.kdf_iterations = 64;
    return o;
}

inline std::span<const std::uint8_t> pin(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline std::unique_ptr<token_store> open_or_die(const fs::path& dir, const store_options& o = quick()) {
    auto s = open_store(dir, o);
    if (!s) std::abort();
    return std::move(*s);
}

inline void set_text(attribute_set& a, attribute_type t, std::string_view v) {
    a.set(t, p11::bytes_view{reinterpret_cast<const std::uint8_t*>(v.data()), v.size()});
}

inline std::string text(const attribute_set& a, attribute_type t) {
    auto v = a.get(t);
    return v ? std::string(v->begin(), v->end()) : std::string("<absent>");
}

inline attribute_set data_object(std::string_view label, std::string_view value, bool is_private = false) {
    attribute_set a;
    a.set_ulong(attribute_type::cls, static_cast<p11::ck_ulong>(p11::object_class::data));
    a.set_bool(attribute_type::token, true);
    a.set_bool(attribute_type::private_, is_private);
    set_text(a, attribute_type::label, label);
    set_text(a, attribute_type::value, value);
    return a;
}

inline attribute_set secret_key(std::string_view label, std::string_view id, std::string_view value, bool is_private) {
    attribute_set a;
    a.set_ulong(attribute_type::cls, static_cast<p11::ck_ulong>(p11::object_class::secret_key));
    a.set_ulong(attribute_type::key_type, static_cast<p11::ck_ulong>(p11::key_type::aes));
    a.set_bool(attribute_type::token, true);
    a.set_bool(attribute_type::private_, is_private);
    a.set_bool(attribute_type::sensitive, true);
    set_text(a, attribute_type::label, label);
    set_text(a, attribute_type::id, id);
    set_text(a, attribute_type::value, value);
    return a;
}

// index_query built field by field (designated initialisers that leave
// fields out trip -Wmissing-field-initializers).
struct query : index_query {
    query& set_class(p11::ck_ulong v) {
        object_class = v;
        return *this;
    }
    query& set_key_type(p11::ck_ulong v) {
        key_type = v;
        return *this;
    }
    query& set_id(std::vector<std::uint8_t> v) {
        id = std::move(v);
        return *this;
    }
    query& set_label(std::string v) {
        label = std::move(v);
        return *this;
    }
};

inline std::vector<std::uint8_t> read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const fs::path& p, const std::vector<std::uint8_t>& b) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

inline bool contains(const std::vector<std::uint8_t>& hay, std::string_view needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                       [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); }) != hay.end();
}

// Every regular file below `dir`, recursively.
inline std::vector<fs::path> files_below(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(e.path());
    return out;
}

inline fs::path object_file(const fs::path& token, const object_id& id) {
    return token / "objects" / detail::file_name_of(id);
}

// What another process's commit does to the generation counter (the first
// 8 bytes of the lock file, little-endian): tests that edit files behind the
// store's back use it so that a refresh() looks at the directory again.
// Written in place, not truncated: Windows refuses to truncate a file that
// a store has mapped (the counter's view).
inline void bump_generation(const fs::path& token) {
    auto b = read_bytes(token / "lock");
    b.resize(std::max<std::size_t>(b.size(), 8));
    for (std::size_t i = 0; i < 8 && ++b[i] == 0; ++i) {
    }
    std::fstream out(token / "lock", std::ios::binary | std::ios::in | std::ios::out);
    if (!out) out.open(token / "lock", std::ios::binary | std::ios::out);
    out.write(reinterpret_cast<const char*>(b.data()), 8);
}

#if !defined(_WIN32)
// Starts `body` in a child process, which exits with its return value.
// (fork: POSIX only; test_processes.cpp starts processes on every platform.)
template <class F>
pid_t spawn(F&& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        p11::crypto::reseed_after_fork();
        ::_exit(body());
    }
    return pid;
}

// The child's exit status, or 128 + the signal that ended it.
inline int wait_for(pid_t pid) {
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

template <class F>
int in_child(F&& body) {
    return wait_for(spawn(std::forward<F>(body)));
}
#endif

} // namespace store_test
