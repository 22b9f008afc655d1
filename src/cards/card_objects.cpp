#include "cards/card_objects.hpp"

#include "p11/constants/certificate_type.hpp"

namespace p11::cards {

void set_certificate_attributes(provider::attribute_set& c, const crypto::certificate_fields& cert, bytes_view der) {
    using A = attribute_type;
    const auto set_bytes = [&](A t, const std::vector<std::uint8_t>& v) { c.set(t, bytes_view{v.data(), v.size()}); };
    c.set_bool(A::private_, false);
    c.set_ulong(A::certificate_type, static_cast<ck_ulong>(certificate_type::x_509));
    c.set_bool(A::trusted, false);
    c.set_ulong(A::certificate_category, 0);
    set_bytes(A::subject, cert.subject);
    set_bytes(A::issuer, cert.issuer);
    set_bytes(A::serial_number, cert.serial_number);
    c.set(A::value, der);
    c.set(A::start_date, bytes_view{reinterpret_cast<const std::uint8_t*>(cert.not_before), 8});
    c.set(A::end_date, bytes_view{reinterpret_cast<const std::uint8_t*>(cert.not_after), 8});
    set_bytes(A::public_key_info, cert.subject_public_key_info);
}

void set_key_usage(provider::attribute_set& pub, provider::attribute_set& priv, const key_usage& u) {
    using A = attribute_type;
    pub.set_bool(A::encrypt, u.decrypts);
    pub.set_bool(A::wrap, u.decrypts);
    pub.set_bool(A::verify, u.signs);
    pub.set_bool(A::verify_recover, false);
    pub.set_bool(A::derive, false);
    pub.set_bool(A::trusted, false);

    priv.set_bool(A::sensitive, true);
    priv.set_bool(A::always_sensitive, true);
    priv.set_bool(A::extractable, false);
    priv.set_bool(A::never_extractable, true);
    priv.set_bool(A::decrypt, u.decrypts);
    priv.set_bool(A::unwrap, u.decrypts);
    priv.set_bool(A::sign, u.signs);
    priv.set_bool(A::sign_recover, false);
    priv.set_bool(A::derive, u.derives);
    priv.set_bool(A::wrap_with_trusted, false);
    priv.set_bool(A::always_authenticate, u.always_authenticate);
}

} // namespace p11::cards
