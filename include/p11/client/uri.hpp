// PKCS #11 URIs (RFC 7512): parse, format, and match against what a module
// reports, so that one string selects a module, a token and an object:
//
//   pkcs11:token=My%20Token;object=signing%20key;type=private?pin-source=file:/pin&module-path=/usr/lib/x.so
//
// Parsing follows the RFC's grammar strictly: attribute names at most once
// in the path, defined query attributes at most once, percent-encoding
// decoded (and required for characters outside the allowed sets), `type` from
// its five values, `slot-id` and `library-version` numeric, pin-source and
// pin-value not both, module-path absolute.  Unknown (vendor) attributes are
// kept and printed back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "p11/attributes/attribute_template.hpp"
#include "p11/client/module.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::client {

struct uri {
    // Path attributes (CK_TOKEN_INFO, CK_INFO, CK_SLOT_INFO, object attributes).
    std::optional<std::string> token, manufacturer, serial, model;
    std::optional<std::string> library_manufacturer, library_description;
    std::optional<version> library_version;
    std::optional<std::string> slot_description, slot_manufacturer;
    std::optional<ck_ulong> slot_id;
    std::optional<std::string> object;
    std::optional<object_class> type;
    std::optional<std::vector<std::uint8_t>> id;
    // Query attributes.
    std::optional<std::string> pin_source, pin_value, module_name, module_path;
    // Vendor attributes, in the order given.
    std::vector<std::pair<std::string, std::string>> vendor_path, vendor_query;

    // nullopt (and a reason in `why`) when `text` is not a valid PKCS #11 URI.
    static std::optional<uri> parse(std::string_view text, std::string* why = nullptr);
    [[nodiscard]] std::string format() const;

    // Each matches when every attribute of that group present in the URI is equal.
    [[nodiscard]] bool matches(const library_info& i) const;
    [[nodiscard]] bool matches(const slot_info& s) const;
    [[nodiscard]] bool matches(const token_info& t) const;
    // The object attributes (object, type, id) as a C_FindObjects template.
    [[nodiscard]] attribute_template object_template() const;
};

namespace uri_detail {

inline bool is_unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}
// pk11-path-res-avail (pk11-res-avail and "&"): what a path value may hold unencoded.
inline bool is_path_char(char c) {
    return is_unreserved(c) || std::string_view(":[]@!$'()*+,=&").find(c) != std::string_view::npos;
}
// pk11-query-res-avail adds "/", "?" and "|" to pk11-res-avail ("&" separates).
inline bool is_query_char(char c) {
    return is_unreserved(c) || std::string_view(":[]@!$'()*+,=/?|").find(c) != std::string_view::npos;
}
inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes a value; false if a raw character is not allowed or a %XX is broken.
inline bool decode(std::string_view in, bool query, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (query ? is_query_char(c) : is_path_char(c)) {
            out.push_back(c);
        } else {
            return false;
        }
    }
    return true;
}

inline std::string encode(std::string_view in, bool query) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : in) {
        const bool raw = query ? is_query_char(static_cast<char>(c)) : is_path_char(static_cast<char>(c));
        // ";" never appears raw in the path; "&" never raw in the query; "=" is safe in values.
        if (raw && c != ';') out.push_back(static_cast<char>(c));
        else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 15]);
        }
    }
    return out;
}
inline std::string encode_bytes(const std::vector<std::uint8_t>& b) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (auto c : b) out += {'%', digits[c >> 4], digits[c & 15]};
    return out;
}

inline bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
inline bool valid_vendor_name(std::string_view n) {
    if (n.empty()) return false;
    for (char c : n)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

inline std::optional<object_class> type_from(std::string_view v) {
    if (v == "public") return object_class::public_key;
    if (v == "private") return object_class::private_key;
    if (v == "cert") return object_class::certificate;
    if (v == "secret-key") return object_class::secret_key;
    if (v == "data") return object_class::data;
    return std::nullopt;
}
inline std::string_view type_name(object_class c) {
    switch (c) {
    case object_class::public_key: return "public";
    case object_class::private_key: return "private";
    case object_class::certificate: return "cert";
    case object_class::secret_key: return "secret-key";
    default: return "data";
    }
}

inline bool fail(std::string* why, std::string message) {
    if (why) *why = std::move(message);
    return false;
}

} // namespace uri_detail

inline std::optional<uri> uri::parse(std::string_view text, std::string* why) {
    using namespace uri_detail;
    constexpr std::string_view scheme = "pkcs11:";
    if (text.size() < scheme.size() || !std::equal(scheme.begin(), scheme.end(), text.begin(), [](char a, char b) {
            return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
        })) {
        fail(why, "not a pkcs11: URI");
        return std::nullopt;
    }
    text.remove_prefix(scheme.size());
    const auto qmark = text.find('?');
    const std::string_view path = text.substr(0, qmark);
    const std::string_view query = qmark == std::string_view::npos ? std::string_view{} : text.substr(qmark + 1);
    if (path.find('/') != std::string_view::npos || path.find('#') != std::string_view::npos) {
        fail(why, "'/' and '#' must be percent-encoded in the path");
        return std::nullopt;
    }

    uri u;
    std::vector<std::string> seen;
    auto each = [&](std::string_view list, char sep, bool is_query) -> bool {
        while (!list.empty()) {
            const auto end = list.find(sep);
            const auto item = list.substr(0, end);
            list = end == std::string_view::npos ? std::string_view{} : list.substr(end + 1);
            if (item.empty()) continue;  // tolerate "pkcs11:a=b;" and "pkcs11:?"
            const auto eq = item.find('=');
            if (eq == std::string_view::npos) return fail(why, "attribute without '=': " + std::string(item));
            const std::string name(item.substr(0, eq));
            std::string value;
            if (!decode(item.substr(eq + 1), is_query, value)) return fail(why, "bad character or escape in " + name);
            if (!is_query) {
                if (std::find(seen.begin(), seen.end(), name) != seen.end())
                    return fail(why, "path attribute repeated: " + name);
                seen.push_back(name);
                if (name == "token") u.token = value;
                else if (name == "manufacturer") u.manufacturer = value;
                else if (name == "serial") u.serial = value;
                else if (name == "model") u.model = value;
                else if (name == "library-manufacturer") u.library_manufacturer = value;
                else if (name == "library-description") u.library_description = value;
                else if (name == "library-version") {
                    const auto dot = value.find('.');
                    const auto major = value.substr(0, dot);
                    const auto minor = dot == std::string::npos ? std::string("0") : value.substr(dot + 1);
                    if (!all_digits(major) || !all_digits(minor) || major.size() > 3 || minor.size() > 3 ||
                        std::stoul(major) > 255 || std::stoul(minor) > 255)
                        return fail(why, "library-version is M or M.N");
                    u.library_version = version{static_cast<std::uint8_t>(std::stoul(major)),
                                                static_cast<std::uint8_t>(std::stoul(minor))};
                } else if (name == "slot-description") u.slot_description = value;
                else if (name == "slot-manufacturer") u.slot_manufacturer = value;
                else if (name == "slot-id") {
                    if (!all_digits(value) || value.size() > 19) return fail(why, "slot-id is a decimal number");
                    u.slot_id = static_cast<ck_ulong>(std::stoull(value));
                } else if (name == "object") u.object = value;
                else if (name == "type") {
                    u.type = type_from(value);
                    if (!u.type) return fail(why, "type is public, private, cert, secret-key or data");
                } else if (name == "id") u.id = std::vector<std::uint8_t>(value.begin(), value.end());
                else if (valid_vendor_name(name)) u.vendor_path.emplace_back(name, value);
                else return fail(why, "bad attribute name: " + name);
            } else {
                auto* field = name == "pin-source"    ? &u.pin_source
                              : name == "pin-value"   ? &u.pin_value
                              : name == "module-name" ? &u.module_name
                              : name == "module-path" ? &u.module_path
                                                      : nullptr;
                // Only vendor query attributes may repeat (RFC 7512, 2.3): which
                // of two PINs or two modules would be meant?
                if (field && *field) return fail(why, "query attribute repeated: " + name);
                if (field == &u.module_path && (value.empty() || value.front() != '/'))
                    return fail(why, "module-path must be absolute");
                if (field) *field = value;
                else if (valid_vendor_name(name)) u.vendor_query.emplace_back(name, value);
                else return fail(why, "bad query attribute name: " + name);
            }
        }
        return true;
    };
    if (!each(path, ';', false) || !each(query, '&', true)) return std::nullopt;
    if (u.pin_source && u.pin_value) {
        fail(why, "pin-source and pin-value are mutually exclusive");
        return std::nullopt;
    }
    return u;
}

inline std::string uri::format() const {
    using namespace uri_detail;
    std::string path, query;
    auto put = [](std::string& out, char sep, std::string_view name, const std::string& value) {
        if (!out.empty()) out.push_back(sep);
        out.append(name).push_back('=');
        out += value;
    };
    auto text = [&](std::string_view name, const std::optional<std::string>& v) {
        if (v) put(path, ';', name, encode(*v, false));
    };
    text("token", token);
    text("manufacturer", manufacturer);
    text("serial", serial);
    text("model", model);
    text("library-manufacturer", library_manufacturer);
    text("library-description", library_description);
    if (library_version)
        put(path, ';', "library-version", std::to_string(library_version->major) + "." + std::to_string(library_version->minor));
    text("slot-description", slot_description);
    text("slot-manufacturer", slot_manufacturer);
    if (slot_id) put(path, ';', "slot-id", std::to_string(*slot_id));
    text("object", object);
    if (type) put(path, ';', "type", std::string(type_name(*type)));
    if (id) put(path, ';', "id", encode_bytes(*id));
    for (const auto& [n, v] : vendor_path) put(path, ';', n, encode(v, false));
    auto q = [&](std::string_view name, const std::optional<std::string>& v) {
        if (v) put(query, '&', name, encode(*v, true));
    };
    q("pin-source", pin_source);
    q("pin-value", pin_value);
    q("module-name", module_name);
    q("module-path", module_path);
    for (const auto& [n, v] : vendor_query) put(query, '&', n, encode(v, true));
    return "pkcs11:" + path + (query.empty() ? "" : "?" + query);
}

inline bool uri::matches(const library_info& i) const {
    if (library_manufacturer && *library_manufacturer != i.manufacturer) return false;
    if (library_description && *library_description != i.description) return false;
    if (library_version && *library_version != i.library) return false;
    return true;
}

inline bool uri::matches(const slot_info& s) const {
    if (slot_id && *slot_id != s.id) return false;
    if (slot_description && *slot_description != s.description) return false;
    if (slot_manufacturer && *slot_manufacturer != s.manufacturer) return false;
    return true;
}

inline bool uri::matches(const token_info& t) const {
    if (token && *token != t.label) return false;
    if (manufacturer && *manufacturer != t.manufacturer) return false;
    if (serial && *serial != t.serial) return false;
    if (model && *model != t.model) return false;
    return true;
}

inline attribute_template uri::object_template() const {
    attribute_template t;
    if (object) t.set(attr::label = *object);
    if (type) t.set(attr::cls = *type);
    if (id) t.set(attr::id = std::span<const byte>(id->data(), id->size()));
    return t;
}

} // namespace p11::client
