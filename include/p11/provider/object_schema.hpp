// Which attributes each kind of object has, and the rules the specification's
// attribute tables give them for that class (PKCS #11 base 2.40 §4, the
// object-class tables and their footnotes).  The CKA_ table records each
// attribute's most restrictive rules across classes; this schema says, per
// class and key type, what applies; both speak p11::attribute_rule
// (constants/attribute_rules.hpp).  Defaults are the token-specific choices
// of p11forge, made once here for every provider built on the framework.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "p11/constants/attribute.hpp"
#include "p11/constants/attribute_rules.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::provider {

// What a default is, when the caller gave none.
enum class default_value : std::uint8_t { none, ck_false, ck_true, empty };

struct schema_entry {
    attribute_type type;
    attribute_rule rules;
    default_value fallback;
};

namespace detail::schema {
using enum attribute_rule;
using A = attribute_type;
// Footnotes 2, 4 and 6: only the token sets it.
constexpr attribute_rule derived = forbidden_on_create | forbidden_on_generate | forbidden_on_unwrap;

inline constexpr std::array common{
    schema_entry{A::cls, required_on_create, default_value::none},
};
inline constexpr std::array storage{
    schema_entry{A::token, copy_settable, default_value::ck_false},
    schema_entry{A::private_, copy_settable, default_value::none},  // per class below
    schema_entry{A::modifiable, copy_settable | lower_only, default_value::ck_true},
    schema_entry{A::label, modifiable, default_value::empty},
    schema_entry{A::copyable, copy_settable | lower_only, default_value::ck_true},
    schema_entry{A::destroyable, copy_settable | lower_only, default_value::ck_true},
    schema_entry{A::unique_id, derived, default_value::none},
};
inline constexpr std::array data{
    schema_entry{A::application, modifiable, default_value::empty},
    schema_entry{A::object_id, modifiable, default_value::empty},
    schema_entry{A::value, modifiable, default_value::empty},
};
inline constexpr std::array certificate{
    schema_entry{A::certificate_type, required_on_create, default_value::none},
    schema_entry{A::trusted, so_sets_true, default_value::ck_false},
    schema_entry{A::certificate_category, none, default_value::none},
    schema_entry{A::check_value, none, default_value::none},
    schema_entry{A::start_date, modifiable, default_value::empty},
    schema_entry{A::end_date, modifiable, default_value::empty},
    schema_entry{A::public_key_info, none, default_value::none},
    // X.509 public key certificates.  The spec requires CKA_SUBJECT on
    // creation; tokens that parse the certificate (ours) derive it instead, so
    // applications that give only CKA_VALUE work, and a given one is kept.
    schema_entry{A::subject, none, default_value::none},
    schema_entry{A::id, modifiable, default_value::empty},
    schema_entry{A::issuer, modifiable, default_value::empty},
    schema_entry{A::serial_number, modifiable, default_value::empty},
    schema_entry{A::value, required_on_create, default_value::none},
    schema_entry{A::url, none, default_value::none},
    schema_entry{A::hash_of_subject_public_key, none, default_value::none},
    schema_entry{A::hash_of_issuer_public_key, none, default_value::none},
    schema_entry{A::java_midp_security_domain, none, default_value::none},
    schema_entry{A::name_hash_algorithm, none, default_value::none},
};
inline constexpr std::array key{
    schema_entry{A::key_type, required_on_create | required_on_unwrap, default_value::none},
    schema_entry{A::id, modifiable, default_value::empty},
    schema_entry{A::start_date, modifiable, default_value::empty},
    schema_entry{A::end_date, modifiable, default_value::empty},
    schema_entry{A::derive, modifiable, default_value::ck_false},
    schema_entry{A::local, derived, default_value::none},
    schema_entry{A::key_gen_mechanism, derived, default_value::none},
    schema_entry{A::allowed_mechanisms, none, default_value::none},
};
inline constexpr std::array public_key{
    schema_entry{A::subject, modifiable, default_value::empty},
    schema_entry{A::encrypt, modifiable, default_value::ck_true},
    schema_entry{A::verify, modifiable, default_value::ck_true},
    schema_entry{A::verify_recover, modifiable, default_value::ck_true},
    schema_entry{A::wrap, modifiable, default_value::ck_true},
    schema_entry{A::trusted, so_sets_true, default_value::ck_false},
    schema_entry{A::wrap_template, none, default_value::none},
    schema_entry{A::public_key_info, none, default_value::none},
};
inline constexpr std::array private_key{
    schema_entry{A::subject, modifiable, default_value::empty},
    schema_entry{A::sensitive, modifiable | sticky_true, default_value::ck_true},
    schema_entry{A::decrypt, modifiable, default_value::ck_true},
    schema_entry{A::sign, modifiable, default_value::ck_true},
    schema_entry{A::sign_recover, modifiable, default_value::ck_true},
    schema_entry{A::unwrap, modifiable, default_value::ck_true},
    schema_entry{A::extractable, modifiable | sticky_false, default_value::ck_false},
    schema_entry{A::always_sensitive, derived, default_value::none},
    schema_entry{A::never_extractable, derived, default_value::none},
    schema_entry{A::wrap_with_trusted, sticky_true, default_value::ck_false},
    schema_entry{A::unwrap_template, none, default_value::none},
    schema_entry{A::always_authenticate, none, default_value::ck_false},
    schema_entry{A::public_key_info, none, default_value::none},
    schema_entry{A::derive_template, none, default_value::none},
};
inline constexpr std::array secret_key{
    schema_entry{A::sensitive, modifiable | sticky_true, default_value::ck_true},
    schema_entry{A::encrypt, modifiable, default_value::ck_true},
    schema_entry{A::decrypt, modifiable, default_value::ck_true},
    schema_entry{A::sign, modifiable, default_value::ck_true},
    schema_entry{A::verify, modifiable, default_value::ck_true},
    schema_entry{A::wrap, modifiable, default_value::ck_true},
    schema_entry{A::unwrap, modifiable, default_value::ck_true},
    schema_entry{A::extractable, modifiable | sticky_false, default_value::ck_false},
    schema_entry{A::always_sensitive, derived, default_value::none},
    schema_entry{A::never_extractable, derived, default_value::none},
    schema_entry{A::check_value, none, default_value::none},
    schema_entry{A::wrap_with_trusted, sticky_true, default_value::ck_false},
    schema_entry{A::trusted, so_sets_true, default_value::ck_false},
    schema_entry{A::wrap_template, none, default_value::none},
    schema_entry{A::unwrap_template, none, default_value::none},
    schema_entry{A::derive_template, none, default_value::none},
};
inline constexpr std::array rsa_public{
    schema_entry{A::modulus, required_on_create | forbidden_on_generate, default_value::none},
    schema_entry{A::modulus_bits, forbidden_on_create | required_on_generate | forbidden_on_unwrap,
                 default_value::none},
    schema_entry{A::public_exponent, required_on_create, default_value::none},
};
inline constexpr std::array rsa_private{
    schema_entry{A::modulus, required_on_create | forbidden_on_generate | forbidden_on_unwrap, default_value::none},
    schema_entry{A::public_exponent, forbidden_on_generate | forbidden_on_unwrap, default_value::none},
    schema_entry{A::private_exponent, required_on_create | forbidden_on_generate | forbidden_on_unwrap | sensitive,
                 default_value::none},
    schema_entry{A::prime_1, forbidden_on_generate | forbidden_on_unwrap | sensitive, default_value::none},
    schema_entry{A::prime_2, forbidden_on_generate | forbidden_on_unwrap | sensitive, default_value::none},
    schema_entry{A::exponent_1, forbidden_on_generate | forbidden_on_unwrap | sensitive, default_value::none},
    schema_entry{A::exponent_2, forbidden_on_generate | forbidden_on_unwrap | sensitive, default_value::none},
    schema_entry{A::coefficient, forbidden_on_generate | forbidden_on_unwrap | sensitive, default_value::none},
};
inline constexpr std::array ec_public{
    schema_entry{A::ec_params, required_on_create | required_on_generate, default_value::none},
    schema_entry{A::ec_point, required_on_create | forbidden_on_generate, default_value::none},
};
inline constexpr std::array ec_private{
    schema_entry{A::ec_params, required_on_create | forbidden_on_generate | forbidden_on_unwrap, default_value::none},
    schema_entry{A::value, required_on_create | forbidden_on_generate | forbidden_on_unwrap | sensitive,
                 default_value::none},
};
// AES, DES2, DES3, HKDF, generic secret and the HMAC key types share this shape.
inline constexpr std::array value_key{
    schema_entry{A::value, required_on_create | forbidden_on_generate | forbidden_on_unwrap | sensitive,
                 default_value::none},
    schema_entry{A::value_len, forbidden_on_create | forbidden_on_unwrap, default_value::none},
};
} // namespace detail::schema

// The schema of one kind of object: every attribute it may have.
class object_schema {
public:
    [[nodiscard]] const schema_entry* find(attribute_type t) const {
        // Later parts refine earlier ones (CKA_VALUE of a key, CKA_SUBJECT of a cert).
        for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
            if (it->type == t) return &*it;
        return nullptr;
    }
    [[nodiscard]] std::span<const schema_entry> entries() const { return entries_; }
    [[nodiscard]] bool supported() const { return supported_; }

    // nullopt-like: an unsupported class gives an empty, unsupported schema.
    static object_schema of(object_class cls, std::optional<ck_ulong> key_type_or_cert_type) {
        namespace s = detail::schema;
        object_schema out;
        auto add = [&](auto const& part) { out.entries_.insert(out.entries_.end(), part.begin(), part.end()); };
        add(s::common);
        switch (cls) {
        case object_class::data:
            add(s::storage), add(s::data);
            break;
        case object_class::certificate:
            // X.509 public-key certificates only.
            if (key_type_or_cert_type.value_or(0) != 0) return {};
            add(s::storage), add(s::certificate);
            break;
        case object_class::public_key:
        case object_class::private_key: {
            add(s::storage), add(s::key);
            const bool pub = cls == object_class::public_key;
            add(pub ? std::span<const schema_entry>(s::public_key) : std::span<const schema_entry>(s::private_key));
            const auto kt = static_cast<key_type>(key_type_or_cert_type.value_or(~ck_ulong{0}));
            if (kt == key_type::rsa) add(pub ? std::span<const schema_entry>(s::rsa_public) : std::span<const schema_entry>(s::rsa_private));
            // Edwards and Montgomery keys (3.0) have the EC key's attributes (3.0 mechanisms §2.3.5-2.3.8).
            else if (kt == key_type::ec || kt == key_type::ec_edwards || kt == key_type::ec_montgomery)
                add(pub ? std::span<const schema_entry>(s::ec_public) : std::span<const schema_entry>(s::ec_private));
            else if (key_type_or_cert_type) return {};
            break;
        }
        case object_class::secret_key: {
            add(s::storage), add(s::key), add(s::secret_key);
            const auto kt = static_cast<key_type>(key_type_or_cert_type.value_or(~ck_ulong{0}));
            if (key_type_or_cert_type && !is_value_key(kt)) return {};
            add(s::value_key);
            break;
        }
        default:
            return {};
        }
        out.supported_ = true;
        return out;
    }

    // Key types whose material is CKA_VALUE (+ CKA_VALUE_LEN).
    static constexpr bool is_value_key(key_type kt) {
        return is_hmac_key(kt) || kt == key_type::aes || kt == key_type::des2 || kt == key_type::des3 ||
               kt == key_type::hkdf || kt == key_type::chacha20;
    }

    // The key types an HMAC takes: generic secrets and the CKK_SHA*_HMAC ones.
    static constexpr bool is_hmac_key(key_type kt) {
        switch (kt) {
        case key_type::generic_secret:
        case key_type::sha_1_hmac:
        case key_type::sha224_hmac:
        case key_type::sha256_hmac:
        case key_type::sha384_hmac:
        case key_type::sha512_hmac:
        case key_type::sha3_224_hmac:
        case key_type::sha3_256_hmac:
        case key_type::sha3_384_hmac:
        case key_type::sha3_512_hmac: return true;
        default: return false;
        }
    }

    // CKA_PRIVATE's default: keys that hold secrets are private unless asked.
    static constexpr bool private_by_default(object_class cls) {
        return cls == object_class::private_key || cls == object_class::secret_key;
    }

private:
    std::vector<schema_entry> entries_;
    bool supported_ = false;
};

} // namespace p11::provider
