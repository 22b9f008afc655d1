#include "openpgp/openpgp_data.hpp"

#include <algorithm>
#include <cstdio>

#include "p11/card/tlv.hpp"

namespace p11::openpgp {

namespace {

card::error malformed() { return card::error{card::errc::malformed}; }

// Compact-TLV card capabilities (ISO 7816-4 8.1.1.2.7) in the historical
// bytes: the third byte says command chaining (bit 8) and extended Lc/Le
// (bit 7).  Historical bytes start with a category indicator; 00 puts a
// three-byte status indicator after the compact-TLV objects, which the bounds
// check below simply stops at.
void read_card_capabilities(bytes_view hist, application_data& out) {
    if (hist.empty() || (hist[0] != 0x00 && hist[0] != 0x80)) return;
    std::size_t pos = 1;
    while (pos < hist.size()) {
        const std::uint8_t tag = hist[pos] >> 4, length = hist[pos] & 0x0F;
        if (length > hist.size() - pos - 1) return;
        if (tag == 0x7 && length == 3) {
            out.chaining = (hist[pos + 3] & 0x80) != 0;
            out.extended_length = (hist[pos + 3] & 0x40) != 0;
        }
        pos += 1 + length;
    }
}

// The discretionary data objects, whichever of 6E and 73 holds them.
std::optional<bytes_view> find_in(bytes_view outer, std::optional<bytes_view> inner, std::uint32_t t) {
    if (inner)
        if (auto v = card::find_tlv(*inner, t)) return v;
    return card::find_tlv(outer, t);
}

// A constructed DO as GET DATA returned it: with its own tag and length
// (what real cards send: 6E 82 01 37 4F 10 ...), or only its content (some
// cards and emulators; the specification's wording allows both).  The
// content starts with another tag (4F, 5B, 93 ...), so the two never clash.
bytes_view contents_of(bytes_view raw, std::uint32_t t) {
    if (auto inner = card::read_exact(raw, t)) return *inner;
    return raw;
}

bool all_zero(bytes_view v) {
    return std::all_of(v.begin(), v.end(), [](std::uint8_t b) { return b == 0; });
}

std::vector<std::uint8_t> without_leading_zeros(bytes_view v) {
    std::size_t skip = 0;
    while (skip + 1 < v.size() && v[skip] == 0) ++skip;
    return {v.begin() + static_cast<std::ptrdiff_t>(skip), v.end()};
}

} // namespace

card::outcome<algorithm_attributes> parse_algorithm_attributes(bytes_view v) {
    if (v.empty()) return malformed();
    algorithm_attributes a;
    a.id = v[0];
    if (a.id == algorithm_id::rsa) {
        // 01, modulus bits (2), public exponent bits (2), import format (1; absent on v2.0 cards).
        if (v.size() < 5 || v.size() > 6) return malformed();
        a.rsa_bits = static_cast<std::uint16_t>((v[1] << 8) | v[2]);
        a.supported = a.rsa_bits == 2048 || a.rsa_bits == 3072 || a.rsa_bits == 4096;
        return a;
    }
    if (a.id != algorithm_id::ecdh && a.id != algorithm_id::ecdsa && a.id != algorithm_id::eddsa) return a;
    // The OID bytes, then an optional import-format byte FF (public key included).
    bytes_view oid = v.subspan(1);
    if (!oid.empty() && oid.back() == 0xFF) oid = oid.first(oid.size() - 1);
    if (oid.empty()) return malformed();
    for (const auto& c : curve_oids)
        if (oid.size() == c.size && std::equal(oid.begin(), oid.end(), c.oid.begin())) a.ec_curve = c.id;
    if (!a.ec_curve) return a;
    // Each curve with the algorithm it is made for.
    const curve c = *a.ec_curve;
    a.supported = (c == curve::p256 && a.id != algorithm_id::eddsa) ||
                  (c == curve::ed25519 && a.id == algorithm_id::eddsa) ||
                  (c == curve::x25519 && a.id == algorithm_id::ecdh);
    return a;
}

card::outcome<pw_status> parse_pw_status(bytes_view v) {
    // 7 bytes; 3.x cards that announce a PIN block 2 format may add more.
    if (v.size() < 7) return malformed();
    pw_status s;
    s.pw1_one_signature = v[0] == 0x00;
    s.pw1_max = v[1] & 0x7F;  // bit 8: format (UTF-8 or PIN block 2), not a length
    s.rc_max = v[2];
    s.pw3_max = v[3];
    s.pw1_tries = v[4];
    s.rc_tries = v[5];
    s.pw3_tries = v[6];
    return s;
}

card::outcome<application_data> parse_application_data(bytes_view do_6e) {
    const std::optional<bytes_view> outer = contents_of(do_6e, tag::application_related);
    if (!card::read_tlvs(*outer)) return malformed();
    const auto inner = card::find_tlv(*outer, tag::discretionary);

    application_data d;
    auto aid = card::find_tlv(*outer, tag::aid);
    if (!aid || aid->size() != aid_size || !std::equal(aid_prefix.begin(), aid_prefix.end(), aid->begin()))
        return malformed();
    d.version_major = (*aid)[6];
    d.version_minor = (*aid)[7];
    d.manufacturer = static_cast<std::uint16_t>(((*aid)[8] << 8) | (*aid)[9]);
    std::copy(aid->begin() + 10, aid->begin() + 14, d.serial.begin());

    if (auto hist = card::find_tlv(*outer, tag::historical)) read_card_capabilities(*hist, d);
    if (find_in(*outer, inner, tag::extended_length_info)) d.extended_length = true;

    for (std::size_t i = 0; i < key_slots.size(); ++i) {
        auto v = find_in(*outer, inner, key_slots[i].attributes_tag);
        if (!v) return malformed();
        auto a = parse_algorithm_attributes(*v);
        if (!a) return a.err();
        d.algorithms[i] = *a;
    }
    auto pw = find_in(*outer, inner, tag::pw_status);
    if (!pw) return malformed();
    auto status = parse_pw_status(*pw);
    if (!status) return status.err();
    d.pw = *status;

    // Key information (3.x): pairs of key reference and status (00: no key,
    // 01 generated on the card, 02 imported).  Without it, a key is there
    // when its fingerprint is set, and whether the card made it is unknown.
    if (auto info = find_in(*outer, inner, tag::key_information)) {
        if (info->size() % 2 != 0) return malformed();
        for (std::size_t i = 0; i < info->size(); i += 2)
            for (std::size_t k = 0; k < key_slots.size(); ++k)
                if ((*info)[i] == key_slots[k].id) {
                    d.key_present[k] = (*info)[i + 1] != key_status::absent;
                    d.key_generated[k] = (*info)[i + 1] == key_status::generated;
                }
    } else if (auto fp = find_in(*outer, inner, tag::fingerprints)) {
        if (fp->size() != fingerprint_size * key_slots.size()) return malformed();
        for (std::size_t k = 0; k < key_slots.size(); ++k)
            d.key_present[k] = !all_zero(fp->subspan(k * fingerprint_size, fingerprint_size));
    }
    return d;
}

std::string cardholder_name(bytes_view do_65) {
    auto name = card::find_tlv(contents_of(do_65, tag::cardholder_related), tag::name);
    if (!name) return {};
    if (!std::all_of(name->begin(), name->end(), [](std::uint8_t b) { return b >= 0x20 && b < 0x7F; })) return {};
    // ISO 7501-1 order: surname, "<<", given names separated by "<".
    const std::string raw(name->begin(), name->end());
    const auto split = raw.find("<<");
    std::string given = split == std::string::npos ? std::string{} : raw.substr(split + 2);
    std::string surname = split == std::string::npos ? raw : raw.substr(0, split);
    std::replace(given.begin(), given.end(), '<', ' ');
    std::replace(surname.begin(), surname.end(), '<', ' ');
    if (given.empty()) return surname;
    if (surname.empty()) return given;
    return given + " " + surname;
}

std::optional<std::uint32_t> signature_counter(bytes_view do_7a) {
    auto c = card::find_tlv(contents_of(do_7a, tag::security_support), tag::signature_counter);
    if (!c || c->size() != 3) return std::nullopt;
    return (std::uint32_t{(*c)[0]} << 16) | (std::uint32_t{(*c)[1]} << 8) | (*c)[2];
}

card::outcome<public_key> parse_public_key(bytes_view do_7f49, const algorithm_attributes& alg) {
    auto outer = card::read_exact(do_7f49, tag::public_key);
    if (!outer) return outer.err();
    if (!card::read_tlvs(*outer)) return malformed();
    public_key k;
    if (alg.id == algorithm_id::rsa) {
        auto n = card::find_tlv(*outer, tag::rsa_modulus);
        auto e = card::find_tlv(*outer, tag::rsa_exponent);
        if (!n || n->empty() || !e || e->empty() || e->size() > 8) return malformed();
        k.modulus = without_leading_zeros(*n);
        k.exponent = without_leading_zeros(*e);
        if (k.modulus.size() * 8 != alg.rsa_bits || (k.modulus[0] & 0x80) == 0) return malformed();
        return k;
    }
    auto p = card::find_tlv(*outer, tag::ec_point);
    if (!p || !alg.ec_curve) return malformed();
    const bool weierstrass = *alg.ec_curve == curve::p256;
    if (weierstrass ? (p->size() != 65 || (*p)[0] != 0x04) : p->size() != 32) return malformed();
    k.point.assign(p->begin(), p->end());
    return k;
}

std::string manufacturer_name(std::uint16_t id) {
    // The registry of manufacturer ids kept with the specification (facts).
    struct entry {
        std::uint16_t id;
        const char* name;
    };
    static constexpr entry known[] = {
        {0x0005, "ZeitControl"}, {0x0006, "Yubico"}, {0x000F, "Nitrokey"}, {0xF517, "FSIJ"},
        {0x0000, "test card"},   {0xFFFF, "test card"},
    };
    for (const auto& e : known)
        if (e.id == id) return e.name;
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(id));
    return buf;
}

} // namespace p11::openpgp
