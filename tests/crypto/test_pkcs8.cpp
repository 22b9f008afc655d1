// The PKCS #8 codec (src/crypto/pkcs8.hpp): RFC 8410 section 10.3's example
// keys byte for byte, round trips of the PKCS #1 v2.1 example RSA key and
// RFC 6979's EC keys, and the strict-DER refusals the parser owes untrusted
// input.  The encoding itself is checked against OpenSSL's parser in
// tests/module/test_pkcs8_openssl.cpp.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "crypto/pkcs8.hpp"
#include "ec_vectors.hpp"
#include "hex.hpp"
#include "rsa_vectors.hpp"

using namespace p11::crypto;
using test::hex;
using test::to_hex;

namespace {

// RFC 8410 section 10.3, the version 1 form, and the version 2 form with an
// attribute and the public key (section 10.1's).
const char* const rfc8410_v1 =
    "302e020100300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842";
const char* const rfc8410_v2 =
    "3072020101300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"
    "a01f301d060a2a864886f70d01090914310f0c0d437572646c6520436861697273"
    "81210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";
const char* const rfc8410_secret = "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842";
const char* const rfc8410_public = "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";

rsa_private_components example_rsa() {
    namespace k = rsa_vectors::key1;
    auto secret = [](const char* h) {
        const auto b = hex(h);
        return secure_bytes(b.begin(), b.end());
    };
    return {hex(k::n), hex(k::e), secret(k::d), secret(k::p), secret(k::q), secret(k::dp), secret(k::dq), secret(k::qinv)};
}

// RFC 6979 prints P-521 values with an odd number of digits: as fixed-width field elements.
bytes field_element(curve c, const char* h) {
    auto b = hex(std::string(std::strlen(h) % 2, '0') + h);
    b.insert(b.begin(), field_bytes(c) - b.size(), 0);
    return b;
}

bool parses(const char* h) { return pkcs8::parse(hex(h)).has_value(); }

} // namespace

TEST_CASE("RFC 8410's example Ed25519 keys", "[pkcs8]") {
    const auto v1 = pkcs8::parse(hex(rfc8410_v1));
    REQUIRE(v1);
    CHECK(v1->alg == pkcs8::algorithm::ecx);
    CHECK(v1->ecx == ecx_curve::ed25519);
    CHECK(to_hex(v1->secret) == rfc8410_secret);
    CHECK(v1->public_key.empty());
    // Our encoder writes exactly the RFC's version 1 form.
    CHECK(to_hex(pkcs8::encode_ecx(ecx_curve::ed25519, hex(rfc8410_secret))) == rfc8410_v1);

    const auto v2 = pkcs8::parse(hex(rfc8410_v2));
    REQUIRE(v2);
    CHECK(to_hex(v2->secret) == rfc8410_secret);
    CHECK(to_hex(v2->public_key) == rfc8410_public);
}

TEST_CASE("RSA and EC keys round trip through PrivateKeyInfo", "[pkcs8]") {
    const auto rsa = example_rsa();
    const auto der = pkcs8::encode_rsa(rsa);
    REQUIRE(der);
    // SEQUENCE { INTEGER 0, SEQUENCE { rsaEncryption, NULL }, OCTET STRING { ...
    CHECK(to_hex(bytes_view{*der}.subspan(4, 18)) == "020100300d06092a864886f70d0101010500");
    CHECK((*der)[22] == 0x04);
    const auto back = pkcs8::parse(*der);
    REQUIRE(back);
    CHECK(back->alg == pkcs8::algorithm::rsa);
    CHECK(back->rsa.modulus == rsa.modulus);
    CHECK(back->rsa.public_exponent == rsa.public_exponent);
    CHECK(back->rsa.private_exponent == rsa.private_exponent);
    CHECK(back->rsa.prime1 == rsa.prime1);
    CHECK(back->rsa.prime2 == rsa.prime2);
    CHECK(back->rsa.exponent1 == rsa.exponent1);
    CHECK(back->rsa.exponent2 == rsa.exponent2);
    CHECK(back->rsa.coefficient == rsa.coefficient);
    // Every CRT value is needed: a key without them has no RSAPrivateKey.
    auto partial = rsa;
    partial.coefficient.clear();
    CHECK_FALSE(pkcs8::encode_rsa(partial));

    const struct {
        curve c;
        const ec_vectors::rfc6979& v;
    } ec_keys[] = {{curve::p256, ec_vectors::p256_sample}, {curve::p384, ec_vectors::p384_sample},
                   {curve::p521, ec_vectors::p521_sample}};
    for (const auto& k : ec_keys) {
        const auto d = field_element(k.c, k.v.x);
        const auto point = test::concat(test::concat(hex("04"), field_element(k.c, k.v.ux)), field_element(k.c, k.v.uy));
        const auto ec = pkcs8::parse(pkcs8::encode_ec(k.c, d, point));
        REQUIRE(ec);
        CHECK(ec->alg == pkcs8::algorithm::ec);
        CHECK(ec->ec_curve == k.c);
        CHECK(to_hex(ec->secret) == to_hex(d));
        CHECK(ec->public_key == point);
    }
}

TEST_CASE("the PKCS #8 parser refuses what is not strict DER of a supported key", "[pkcs8]") {
    // The RFC 8410 v1 key with one thing changed at a time.
    CHECK(parses(rfc8410_v1));
    CHECK_FALSE(parses(""));
    CHECK_FALSE(parses("302e020100300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f447558"));  // truncated
    CHECK_FALSE(parses("302f020100300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f4475584200"));  // trailing byte inside
    CHECK_FALSE(parses("302e020100300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f4475584200"));  // trailing byte outside
    CHECK_FALSE(parses("30812e020100300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"));  // length not minimal
    CHECK_FALSE(parses("302f02020000300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"));  // version not minimal
    CHECK_FALSE(parses("302e020102300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"));  // version 3
    CHECK_FALSE(parses("302e0201ff300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"));  // negative version
    CHECK_FALSE(parses("3030020100300706032b6570050004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"));  // parameters present (RFC 8410: absent)
    CHECK_FALSE(parses("302e020100300506032b657904220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"));  // unknown OID
    CHECK_FALSE(parses("302d020100300506032b657004210420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f447558"));  // 31-byte key
    CHECK_FALSE(parses("302c020100300506032b6570042004d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"));  // key not in an inner OCTET STRING
    // A version 1 PrivateKeyInfo may not carry the public key (RFC 5958: version 2 only).
    CHECK_FALSE(parses("3051020100300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"
                       "81210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1"));
    // ... and version 2's public key has no unused bits.
    CHECK(parses("3051020101300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"
                 "81210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1"));
    CHECK_FALSE(parses("3051020101300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"
                       "81210119bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1"));

    // RSA: a multi-prime key (version 1), a negative modulus, a modulus that is no INTEGER.
    const auto rsa = *pkcs8::encode_rsa(example_rsa());
    auto changed = [&](std::size_t at, std::uint8_t value) {
        bytes b(rsa.begin(), rsa.end());
        b.at(at) = value;
        return pkcs8::parse(b).has_value();
    };
    // Offsets: outer header 4, version 3, AlgorithmIdentifier 15, OCTET STRING
    // header 4, RSAPrivateKey header 4: its version at 30, n at 33 (02 81 81 00 a5 ...).
    REQUIRE(to_hex(bytes_view{rsa}.subspan(30, 8)) == "0201000281810" "0a5");
    CHECK(pkcs8::parse(rsa));
    CHECK_FALSE(changed(32, 0x01));
    CHECK_FALSE(changed(36, 0x80));
    CHECK_FALSE(changed(33, 0x04));

    // EC (RFC 5915): a d of 31 bytes for P-256 (an encoder that dropped a
    // leading zero) is padded back; 33 bytes are too many.  The inner [0]
    // parameters may repeat the curve, never name another.
    const std::string d31(62, '1');
    const auto short_d = pkcs8::parse(
        hex("3040020100301306072a8648ce3d020106082a8648ce3d0301070426302402010104" "1f" + d31));
    REQUIRE(short_d);
    CHECK(to_hex(short_d->secret) == "00" + d31);
    CHECK(short_d->public_key.empty());
    CHECK_FALSE(parses(("3042020100301306072a8648ce3d020106082a8648ce3d03010704283026020101042111" + d31).c_str()));
    CHECK(parses(("304c020100301306072a8648ce3d020106082a8648ce3d0301070432303002010104" "1f" + d31 +
                  "a00a06082a8648ce3d030107").c_str()));
    CHECK_FALSE(parses(("3049020100301306072a8648ce3d020106082a8648ce3d030107042f302d020101041f" + d31 +
                        "a00706052b81040022").c_str()));
    // ECPrivateKey version 0, and an unknown curve (secp256k1) in the AlgorithmIdentifier.
    CHECK_FALSE(parses(("3040020100301306072a8648ce3d020106082a8648ce3d0301070426302402010004" "1f" + d31).c_str()));
    CHECK_FALSE(parses(("303d020100301006072a8648ce3d020106052b8104000a0426302402010104" "1f" + d31).c_str()));
}
