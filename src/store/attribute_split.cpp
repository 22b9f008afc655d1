#include "store/attribute_split.hpp"

#include "p11/constants/attribute.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::store::detail {

namespace {
bool class_holds_key_material(const attribute_set& a) {
    const auto cls = a.ulong(attribute_type::cls);
    if (!cls) return true;
    switch (static_cast<object_class>(*cls)) {
    case object_class::data:
    case object_class::certificate:
    case object_class::public_key:
    case object_class::hw_feature:
    case object_class::domain_parameters:
    case object_class::mechanism:
    case object_class::profile:
        return false;
    default:
        return true;
    }
}
} // namespace

bool is_private_object(const attribute_set& a) {
    auto raw = a.get(attribute_type::private_);
    if (raw && raw->size() == 1) return (*raw)[0] != 0;
    const auto cls = a.ulong(attribute_type::cls);
    return cls && (static_cast<object_class>(*cls) == object_class::private_key ||
                   static_cast<object_class>(*cls) == object_class::secret_key ||
                   static_cast<object_class>(*cls) == object_class::otp_key);
}

bool is_secret_attribute(const attribute_set& object, attribute_type t) {
    return has_all(rules_of(t), attribute_rule::sensitive) && class_holds_key_material(object);
}

split_attributes split_for_storage(const attribute_set& a, bool is_private) {
    split_attributes out;
    for (const auto& e : a.entries()) {
        const bytes_view v{e.value.data(), e.value.size()};
        if (is_private || is_secret_attribute(a, e.type)) out.secret.set(e.type, v);
        else out.clear.set(e.type, v);
    }
    return out;
}

attribute_set merge(const attribute_set& clear, const attribute_set& secret) {
    attribute_set out = clear;
    for (const auto& e : secret.entries()) out.set(e.type, bytes_view{e.value.data(), e.value.size()});
    return out;
}

} // namespace p11::store::detail
