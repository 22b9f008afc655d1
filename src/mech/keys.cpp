#include "mech/keys.hpp"

#include <array>

#include "p11/constants/key_type.hpp"
#include "p11/provider/platform.hpp"

namespace p11::mech {

namespace {

crypto::bytes copy_of(const provider::attribute_set& a, attribute_type t) {
    auto v = a.get(t);
    return v ? crypto::bytes(v->begin(), v->end()) : crypto::bytes{};
}
secure_bytes secret_copy_of(const provider::attribute_set& a, attribute_type t) {
    auto v = a.get(t);
    return v ? secure_bytes(v->begin(), v->end()) : secure_bytes{};
}
bool is(const provider::object& o, object_class cls, key_type kt) {
    return o.cls() == cls && o.key_type() == static_cast<ck_ulong>(kt);
}
std::optional<crypto::curve> curve_of(const provider::object& o) {
    auto params = o.attributes().get(attribute_type::ec_params);
    if (!params) return std::nullopt;
    return crypto::curve_from_params(*params);
}

} // namespace

std::shared_ptr<const crypto::rsa_private_key> rsa_private_of(const provider::object& key) {
    if (!is(key, object_class::private_key, key_type::rsa)) return nullptr;
    return key.prepared<crypto::rsa_private_key>([&]() -> std::shared_ptr<const crypto::rsa_private_key> {
        const auto& a = key.attributes();
        crypto::rsa_private_components c;
        c.modulus = copy_of(a, attribute_type::modulus);
        c.public_exponent = copy_of(a, attribute_type::public_exponent);
        c.private_exponent = secret_copy_of(a, attribute_type::private_exponent);
        c.prime1 = secret_copy_of(a, attribute_type::prime_1);
        c.prime2 = secret_copy_of(a, attribute_type::prime_2);
        c.exponent1 = secret_copy_of(a, attribute_type::exponent_1);
        c.exponent2 = secret_copy_of(a, attribute_type::exponent_2);
        c.coefficient = secret_copy_of(a, attribute_type::coefficient);
        return crypto::load_rsa_private(c);
    });
}

std::shared_ptr<const crypto::rsa_public_key> rsa_public_of(const provider::object& key) {
    if (!is(key, object_class::public_key, key_type::rsa)) return nullptr;
    return key.prepared<crypto::rsa_public_key>([&]() -> std::shared_ptr<const crypto::rsa_public_key> {
        const auto& a = key.attributes();
        return crypto::load_rsa_public({copy_of(a, attribute_type::modulus), copy_of(a, attribute_type::public_exponent)});
    });
}

std::shared_ptr<const crypto::ec_private_key> ec_private_of(const provider::object& key) {
    if (!is(key, object_class::private_key, key_type::ec)) return nullptr;
    return key.prepared<crypto::ec_private_key>([&]() -> std::shared_ptr<const crypto::ec_private_key> {
        auto c = curve_of(key);
        auto d = key.attributes().get(attribute_type::value);
        if (!c || !d) return nullptr;
        return crypto::load_ec_private(*c, *d);
    });
}

std::shared_ptr<const crypto::ec_public_key> ec_public_of(const provider::object& key) {
    if (!is(key, object_class::public_key, key_type::ec)) return nullptr;
    return key.prepared<crypto::ec_public_key>([&]() -> std::shared_ptr<const crypto::ec_public_key> {
        auto c = curve_of(key);
        auto q = key.attributes().get(attribute_type::ec_point);
        if (!c || !q) return nullptr;
        return crypto::load_ec_public(*c, *q);
    });
}

std::optional<crypto::ecx_curve> ecx_curve_of(key_type kt, bytes_view ec_params) {
    const auto c = crypto::ecx_curve_from_params(ec_params);
    if (!c || (kt != key_type::ec_edwards && kt != key_type::ec_montgomery)) return std::nullopt;
    if (crypto::is_edwards(*c) != (kt == key_type::ec_edwards)) return std::nullopt;
    return c;
}

namespace {

std::optional<crypto::ecx_curve> ecx_curve_of_key(const provider::object& o) {
    const auto params = o.attributes().get(attribute_type::ec_params);
    if (!params) return std::nullopt;
    return ecx_curve_of(static_cast<key_type>(o.key_type()), *params);
}

} // namespace

std::shared_ptr<const crypto::ecx_private_key> ecx_private_of(const provider::object& key) {
    if (key.cls() != object_class::private_key) return nullptr;
    return key.prepared<crypto::ecx_private_key>([&]() -> std::shared_ptr<const crypto::ecx_private_key> {
        const auto c = ecx_curve_of_key(key);
        const auto value = key.attributes().get(attribute_type::value);
        if (!c || !value) return nullptr;
        return crypto::load_ecx_private(*c, *value);
    });
}

std::shared_ptr<const crypto::ecx_public_key> ecx_public_of(const provider::object& key) {
    if (key.cls() != object_class::public_key) return nullptr;
    return key.prepared<crypto::ecx_public_key>([&]() -> std::shared_ptr<const crypto::ecx_public_key> {
        const auto c = ecx_curve_of_key(key);
        const auto point = key.attributes().get(attribute_type::ec_point);
        if (!c || !point) return nullptr;
        return crypto::load_ecx_public(*c, *point);
    });
}

namespace {

// What a secret key object prepares, once per snapshot: its AES, ChaCha20
// or TDEA key (by its key type) and its MAC keys, each made on first use (one secret may serve
// HMAC with several hashes, and an AES key CMAC too).
struct secret_material {
    crypto::aes_key_ptr aes;
    crypto::chacha20_key_ptr chacha20;
    crypto::des3_key_ptr des3;
    mutable provider::mutex mutex;  // platform.hpp: also where mingw has no std::mutex
    mutable std::array<crypto::mac_key_ptr, crypto::hash_alg_count + 1> macs;  // by hash_alg; the last is AES-CMAC
};
constexpr std::size_t cmac_slot = crypto::hash_alg_count;

std::shared_ptr<const secret_material> material_of(const provider::object& key) {
    auto make = [&] {
        auto m = std::make_shared<secret_material>();
        if (is(key, object_class::secret_key, key_type::aes)) m->aes = crypto::load_aes_key(secret_value_of(key));
        if (is(key, object_class::secret_key, key_type::chacha20))
            m->chacha20 = crypto::load_chacha20_key(secret_value_of(key));
        if (is_des_key(key)) m->des3 = crypto::load_des3_key(secret_value_of(key));
        return std::shared_ptr<const secret_material>(std::move(m));
    };
    // Anything but a secret key (a mechanism check gone wrong) gets its own.
    if (key.cls() != object_class::secret_key) return make();
    return key.prepared<secret_material>(make);
}

} // namespace

crypto::aes_key_ptr aes_key_of(const provider::object& key) {
    if (!is(key, object_class::secret_key, key_type::aes)) return crypto::load_aes_key(secret_value_of(key));
    return material_of(key)->aes;
}

crypto::chacha20_key_ptr chacha20_key_of(const provider::object& key) {
    if (!is(key, object_class::secret_key, key_type::chacha20)) return crypto::load_chacha20_key(secret_value_of(key));
    return material_of(key)->chacha20;
}

bool is_des_key(const provider::object& key) {
    return is(key, object_class::secret_key, key_type::des2) || is(key, object_class::secret_key, key_type::des3);
}

crypto::des3_key_ptr des3_key_of(const provider::object& key) {
    if (!is_des_key(key)) return nullptr;
    return material_of(key)->des3;
}

crypto::mac_key_ptr mac_key_of(const provider::object& key, std::optional<crypto::hash_alg> hmac) {
    const auto material = material_of(key);
    const std::size_t slot = hmac ? static_cast<std::size_t>(*hmac) : cmac_slot;
    std::lock_guard lock(material->mutex);
    auto& k = material->macs[slot];
    if (!k) {
        const auto value = secret_value_of(key);
        k = hmac              ? crypto::load_hmac_key(*hmac, value)
            : is_des_key(key) ? crypto::load_des3_cmac_key(value)
                              : crypto::load_aes_cmac_key(value);
    }
    return k;
}

bytes_view secret_value_of(const provider::object& key) {
    return key.attributes().get(attribute_type::value).value_or(bytes_view{});
}

} // namespace p11::mech
