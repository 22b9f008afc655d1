#include "store/token_meta.hpp"

#include <algorithm>

#include "p11/secure.hpp"
#include "store/codec.hpp"
#include "store/sealing.hpp"

namespace p11::store::detail {

namespace {
constexpr std::array<std::uint8_t, 4> magic{'P', '1', '1', 'T'};
constexpr std::uint16_t single_copy_format = 1;  // no generation field
constexpr std::uint16_t format_version = 2;
constexpr std::uint16_t flag_initialized = 1;
constexpr std::size_t max_text = 256;
constexpr std::size_t max_wrapped = 256;

void put_text(le_writer<std::vector<std::uint8_t>>& w, const std::string& s) {
    w.u16(static_cast<std::uint16_t>(s.size()));
    w.raw(bytes_view{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}
std::optional<std::string> get_text(le_reader& r) {
    const auto n = r.u16();
    if (n > max_text) return std::nullopt;
    auto b = r.raw(n);
    return std::string(b.begin(), b.end());
}
void put_wrap(le_writer<std::vector<std::uint8_t>>& w, const pin_wrap& p) {
    w.u32(p.iterations);
    w.raw(p.salt);
    w.u16(static_cast<std::uint16_t>(p.wrapped.size()));
    w.raw(p.wrapped);
}
std::optional<pin_wrap> get_wrap(le_reader& r) {
    pin_wrap p;
    p.iterations = r.u32();
    const auto salt = r.raw(salt_bytes);
    std::copy(salt.begin(), salt.end(), p.salt.begin());
    const auto n = r.u16();
    if (n > max_wrapped) return std::nullopt;
    const auto w = r.raw(n);
    p.wrapped.assign(w.begin(), w.end());
    if (p.present() && p.iterations == 0) return std::nullopt;
    return p;
}
} // namespace

std::vector<std::uint8_t> encode_meta(const meta_record& m) {
    std::vector<std::uint8_t> out;
    le_writer w{out};
    w.raw(magic);
    w.u16(format_version);
    w.u16(m.initialized ? flag_initialized : 0);
    w.u64(m.generation);
    w.raw(m.epoch);
    put_text(w, m.label.substr(0, max_text));
    put_text(w, m.serial.substr(0, max_text));
    w.u32(m.so_failures);
    w.u32(m.user_failures);
    put_wrap(w, m.so);
    put_wrap(w, m.user);
    const auto sum = sha256(out);
    w.raw(sum);
    return out;
}

std::optional<meta_record> decode_meta(std::span<const std::uint8_t> raw) {
    if (raw.size() < digest_bytes || raw.size() > 4096) return std::nullopt;
    const auto body = raw.first(raw.size() - digest_bytes);
    if (!constant_time_equal(sha256(body), raw.last(digest_bytes))) return std::nullopt;
    le_reader r{body};
    meta_record m;
    const auto mg = r.raw(magic.size());
    if (!std::equal(mg.begin(), mg.end(), magic.begin(), magic.end())) return std::nullopt;
    const auto format = r.u16();
    if (format != format_version && format != single_copy_format) return std::nullopt;
    const auto flags = r.u16();
    if ((flags & ~flag_initialized) != 0) return std::nullopt;
    m.initialized = (flags & flag_initialized) != 0;
    m.generation = format == format_version ? r.u64() : 0;
    const auto e = r.raw(m.epoch.size());
    std::copy(e.begin(), e.end(), m.epoch.begin());
    auto label = get_text(r);
    auto serial = get_text(r);
    m.so_failures = r.u32();
    m.user_failures = r.u32();
    auto so = get_wrap(r);
    auto user = get_wrap(r);
    if (!label || !serial || !so || !user || !r.ok() || r.remaining() != 0) return std::nullopt;
    m.label = std::move(*label);
    m.serial = std::move(*serial);
    m.so = std::move(*so);
    m.user = std::move(*user);
    // An initialised token always has an SO PIN; anything else is damage.
    if (m.initialized != m.so.present()) return std::nullopt;
    return m;
}

} // namespace p11::store::detail
