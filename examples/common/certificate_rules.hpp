// Step c) of the seed's flow: the rules a real application applies before it
// offers a certificate for an operation.  A rejection carries its reason, so
// that the user sees why a certificate is not offered.
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include "common/platform.hpp"
#include "common/token_certificates.hpp"

namespace example::rules {

enum class operation { sign, decrypt };

inline const char* name(operation op) { return op == operation::sign ? "signing" : "decryption"; }

struct filters {
    std::string issuer_contains, subject_contains;  // empty: any
};

inline std::string now_utc() {
    char b[16];
    const std::time_t t = std::time(nullptr);
    const std::tm u = platform::utc(t);
    std::strftime(b, sizeof b, "%Y%m%d%H%M%S", &u);
    return b;
}

inline std::optional<std::string> rejection(const inventory::held_certificate& c, operation op, const filters& f) {
    // keyUsage bits as they sit in the BIT STRING's first byte (RFC 5280 4.2.1.3).
    constexpr unsigned digital_signature = 0x80, non_repudiation = 0x40, key_encipherment = 0x20;
    const unsigned wanted = op == operation::sign ? digital_signature | non_repudiation : key_encipherment;
    if (c.parsed.key_usage && !(*c.parsed.key_usage & wanted))
        return std::string("key usage does not allow ") + name(op);
    const auto now = now_utc();
    if (c.parsed.not_before.substr(0, 14) > now) return "not valid yet (from " + c.parsed.not_before + ")";
    if (c.parsed.not_after.substr(0, 14) < now) return "expired (" + c.parsed.not_after + ")";
    if (!f.issuer_contains.empty() && c.issuer.find(f.issuer_contains) == std::string::npos)
        return "issuer does not contain \"" + f.issuer_contains + "\"";
    if (!f.subject_contains.empty() && c.subject.find(f.subject_contains) == std::string::npos)
        return "subject does not contain \"" + f.subject_contains + "\"";
    if (!c.private_key) return std::string("no private key with the certificate's CKA_ID on the token");
    if (op == operation::decrypt && c.key_type != p11::key_type::rsa) return std::string("not an RSA key");
    return std::nullopt;
}

} // namespace example::rules
