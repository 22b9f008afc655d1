// The examples' relying party (examples/common/relying_party.hpp) on its own,
// on whichever library this platform gives it (OpenSSL; CNG on Windows):
// known answers for the hashes and the AES block, fresh random bytes, and,
// given certificates made by openssl on the build machine, the check of their
// keys' signatures and encryption to them (tests/examples/relying_party.py
// makes the inputs and decrypts the outputs with openssl).
//
//   relying-party-check                       the known answers only
//   relying-party-check verify CERT HASH MESSAGE SIGNATURE   (ECDSA as r||s, as PKCS #11 gives it)
//   relying-party-check encrypt CERT PADDING MESSAGE OUT     PADDING: pkcs1, oaep-sha1, oaep-sha256
//                                                            exit 77 when the library refuses PADDING
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "common/relying_party.hpp"

namespace {

using namespace example::host;

bytes from_hex(const char* hex) {
    bytes out;
    for (const char* p = hex; p[0] && p[1]; p += 2) out.push_back(static_cast<std::uint8_t>(std::stoul(std::string(p, 2), nullptr, 16)));
    return out;
}

bytes read(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return bytes(std::istreambuf_iterator<char>(in), {});
}

int failures = 0;

void check(bool ok, const std::string& what) {
    std::printf("%s: %s\n", what.c_str(), ok ? "ok" : "FAILED");
    failures += ok ? 0 : 1;
}

int known_answers() {
    const std::string abc = "abc";
    const bytes_view message{reinterpret_cast<const std::uint8_t*>(abc.data()), abc.size()};
    // FIPS 180-2's examples for "abc".
    const struct {
        hash h;
        const char* expected;
    } digests[] = {
        {hash::sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {hash::sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {hash::sha384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
        {hash::sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                       "454d4423643ce80e2a9ac94fa54ca49f"},
    };
    for (const auto& d : digests) check(digest(d.h, message) == from_hex(d.expected), std::string(name(d.h)) + " of \"abc\"");
    // FIPS 197, appendix C.3: AES-256.
    const bytes key = from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const bytes plain = from_hex("00112233445566778899aabbccddeeff"), cipher = from_hex("8ea2b7ca516745bfeafc49904b496089");
    check(aes256_block(key, plain, true) == cipher, "AES-256 block encrypt (FIPS 197 C.3)");
    check(aes256_block(key, cipher, false) == plain, "AES-256 block decrypt (FIPS 197 C.3)");
    const bytes a = random_bytes(32), b = random_bytes(32);
    check(a.size() == 32 && b.size() == 32 && a != b, "32 random bytes, twice, not the same");
    // r||s to DER: a leading zero dropped from r, one added before s's top bit.
    check(ecdsa_to_der(from_hex("0001" "8002")) == from_hex("3008020101020300" "8002"), "ECDSA r||s to DER");
    return failures ? 1 : 0;
}

bool parse_hash(const std::string& s, hash& h) {
    for (hash c : {hash::sha1, hash::sha256, hash::sha384, hash::sha512})
        if (s == name(c)) return h = c, true;
    return false;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 1) return known_answers();
    const std::string what = argv[1];
    if (what == "verify" && argc == 6) {
        hash h{};
        if (!parse_hash(argv[3], h)) return std::fprintf(stderr, "unknown hash %s\n", argv[3]), 2;
        const bytes certificate = read(argv[2]), message = read(argv[4]);
        bytes signature = read(argv[5]);
        check(verifies(certificate, h, message, signature), std::string("the signature verifies (") + argv[3] + ")");
        signature[signature.size() / 2] ^= 1;
        check(!verifies(certificate, h, message, signature), "a tampered signature does not");
        return failures ? 1 : 0;
    }
    if (what == "encrypt" && argc == 6) {
        const std::string p = argv[3];
        const rsa_padding padding = p == "pkcs1" ? rsa_padding::pkcs1_v15 : p == "oaep-sha1" ? rsa_padding::oaep_sha1
                                                                                              : rsa_padding::oaep_sha256;
        auto sealed = encrypt_to(read(argv[2]), padding, read(argv[4]));
        if (!sealed) {
            std::printf("encryption to the certificate with %s: refused by this platform's library\n", argv[3]);
            return 77;
        }
        std::ofstream(argv[5], std::ios::binary).write(reinterpret_cast<const char*>(sealed->data()),
                                                       static_cast<std::streamsize>(sealed->size()));
        std::printf("encrypted to the certificate with %s: %zu bytes\n", argv[3], sealed->size());
        return 0;
    }
    std::fprintf(stderr, "usage: relying-party-check [verify CERT HASH MESSAGE SIGNATURE | encrypt CERT PADDING MESSAGE OUT]\n");
    return 2;
}
