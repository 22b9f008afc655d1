#include "softtoken/keys.hpp"

#include "p11/constants/key_type.hpp"

namespace p11::soft {

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

crypto::aes_key_ptr aes_key_of(const provider::object& key) {
    if (!is(key, object_class::secret_key, key_type::aes)) return crypto::load_aes_key(secret_value_of(key));
    return key.prepared<crypto::aes_key>([&] { return crypto::load_aes_key(secret_value_of(key)); });
}

bytes_view secret_value_of(const provider::object& key) {
    return key.attributes().get(attribute_type::value).value_or(bytes_view{});
}

} // namespace p11::soft
