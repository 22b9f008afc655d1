// A mechanism's recipe (p11/constants/mechanism_recipe.hpp) in the crypto
// layer's terms: the one lookup every token's operations start from.
#pragma once

#include <optional>

#include "crypto/hash.hpp"
#include "mech/hashes.hpp"
#include "p11/constants/mechanism_recipe.hpp"

namespace p11::mech {

struct mechanism_plan {
    mechanism_scheme scheme;
    std::optional<crypto::hash_alg> hash;  // hashed on the host; nullopt: the caller's input is used as given
};

[[nodiscard]] constexpr std::optional<mechanism_plan> plan_of(mechanism_type m) {
    const auto r = recipe_of(m);
    if (!r) return std::nullopt;
    if (!r->digest) return mechanism_plan{r->scheme, std::nullopt};
    const auto h = hash_of_digest(*r->digest);
    if (!h) return std::nullopt;
    return mechanism_plan{r->scheme, h};
}

// Every digest a recipe names is one the crypto layer computes.
static_assert([] {
    for (const auto& r : p11::detail::recipes::rows)
        if (r.digest && !hash_of_digest(*r.digest)) return false;
    return true;
}());

[[nodiscard]] constexpr bool is_rsa_scheme(mechanism_scheme s) {
    return s == mechanism_scheme::rsa_pkcs1 || s == mechanism_scheme::rsa_x509 || s == mechanism_scheme::rsa_pss ||
           s == mechanism_scheme::rsa_oaep;
}

} // namespace p11::mech
