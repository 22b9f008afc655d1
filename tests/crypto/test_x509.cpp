// Certificate fields against what OpenSSL reports for the same certificate
// (tests/crypto/data, made once by make-certs.sh), and SubjectPublicKeyInfo
// parsing.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "crypto/x509.hpp"
#include "hex.hpp"

using namespace p11::crypto;
using test::hex;

namespace {

bytes read_file(const std::string& name) {
    std::ifstream in(std::string(P11FORGE_TEST_DATA) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::map<std::string, std::string> read_expected(const std::string& name) {
    std::ifstream in(std::string(P11FORGE_TEST_DATA) + "/" + name);
    REQUIRE(in);
    std::map<std::string, std::string> out;
    for (std::string line; std::getline(in, line);) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
}

std::string date(const char (&d)[8]) { return std::string(d, 8); }

} // namespace

TEST_CASE("certificate fields are those OpenSSL sees", "[x509]") {
    struct cert_case {
        const char* name;
        std::optional<unsigned> key_usage;
    };
    // keyUsage bits as in the BIT STRING: digitalSignature 0x80, keyCertSign 0x04.
    for (const auto& c : {cert_case{"ec-p256", 0x84u}, cert_case{"rsa-2048", std::nullopt}}) {
        INFO(c.name);
        const auto der = read_file(std::string(c.name) + ".der");
        const auto expected = read_expected(std::string(c.name) + ".expected");
        const auto f = parse_certificate(der);
        REQUIRE(f);
        CHECK(test::to_hex(f->serial_number) == expected.at("serial"));
        CHECK(test::to_hex(f->subject) == expected.at("subject"));
        CHECK(test::to_hex(f->issuer) == expected.at("issuer"));
        CHECK(test::to_hex(f->subject_public_key_info) == expected.at("spki"));
        CHECK(date(f->not_before) == expected.at("not_before"));
        CHECK(date(f->not_after) == expected.at("not_after"));
        CHECK(f->key_usage == c.key_usage);

        // The certificate's key parses into a usable public key of the right kind.
        const auto info = parse_public_key_info(f->subject_public_key_info);
        REQUIRE(info);
        if (std::string(c.name) == "ec-p256") {
            REQUIRE(info->ec);
            CHECK(info->ec->curve_id() == curve::p256);
            CHECK(info->ec->subject_public_key_info() == f->subject_public_key_info);
        } else {
            REQUIRE(info->rsa);
            CHECK(info->rsa->modulus_bits() == 2048);
            CHECK(info->rsa->subject_public_key_info() == f->subject_public_key_info);
        }
    }
}

TEST_CASE("malformed certificates and keys are refused", "[x509]") {
    auto der = read_file("ec-p256.der");
    CHECK_FALSE(parse_certificate({}));
    CHECK_FALSE(parse_certificate(bytes_view(der).first(der.size() - 1)));
    CHECK_FALSE(parse_certificate(test::concat(der, hex("00"))));  // trailing bytes
    auto broken = der;
    broken[4] = 0x31;  // TBSCertificate tagged SET instead of SEQUENCE
    CHECK_FALSE(parse_certificate(broken));

    const auto spki = parse_certificate(der)->subject_public_key_info;
    CHECK_FALSE(parse_public_key_info(bytes_view(spki).first(spki.size() - 1)));
    CHECK_FALSE(parse_public_key_info(test::concat(spki, hex("00"))));
    auto off_curve = spki;
    off_curve.back() ^= 1;
    CHECK_FALSE(parse_public_key_info(off_curve));
    // An EC key on a curve we do not offer (P-192, RFC 5480 secp192r1).
    auto p192 = hex("3049301306072a8648ce3d020106082a8648ce3d03010103320004"
                    "188da80eb03090f67cbf20eb43a18800f4ff0afd82ff1012"
                    "07192b95ffc8da78631011ed6b24cdd573f977a11e794811");
    CHECK_FALSE(parse_public_key_info(p192));
}
