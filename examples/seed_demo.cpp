// seed-demo: the vendor page's example flow, on any token —
//   a) list the slots, b) open a session on each and look at what it holds,
//   then on one token: create and verify a digital signature, encrypt and
//   decrypt a message, wrap and unwrap a secret key, printing every step.
//
//   seed-demo                         the software token, in a throwaway directory,
//                                     holding a small PKI made through PKCS#11
//   seed-demo --token-dir DIR         the same token, made in DIR and kept
//   seed-demo --module PATH --pin PIN [--slot N]   any module and initialised token
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/token_pki.hpp"
#include "p11/client/session.hpp"

namespace {

using namespace p11;
using client::object_handle;

struct options {
    std::string module;
    std::string pin;
    std::optional<client::slot_id> slot;
    std::string token_dir;  // the demo token's directory, kept after the run
    bool throwaway = false;  // the demo token: initialised and filled by us
};

std::string hex(const std::vector<std::uint8_t>& b, std::size_t max = 16) {
    static const char d[] = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < b.size() && i < max; ++i) s += {d[b[i] >> 4], d[b[i] & 15]};
    if (b.size() > max) s += "...";
    return s;
}

[[noreturn]] void fail(const char* step, const error& e) {
    std::fprintf(stderr, "FAILED: %s: %s from %s\n", step, to_string(e.code()).data(),
                 e.has_function() ? name(e.function()).data() : "?");
    std::exit(1);
}
template <class T>
T must(result<T> r, const char* step) {
    if (!r) fail(step, r.error_value());
    return std::move(*r);
}
void must(result<void> r, const char* step) {
    if (!r) fail(step, r.error_value());
}

struct key_pair {
    object_handle public_key = 0, private_key = 0;
};
struct key_pairs {
    key_pair signing, decryption;
};

// A private RSA key of the token with `usage`, and the public key with its CKA_ID.
template <class Usage>
key_pair token_pair(const client::session& s, Usage usage, const char* what) {
    for (auto priv : must(s.find({attr::cls = object_class::private_key, attr::key_type = key_type::rsa, usage = true}),
                          "find private keys")) {
        auto id = must(s.get(priv, attr::id), "CKA_ID");
        auto pub = must(s.find_one({attr::cls = object_class::public_key, attr::id = std::span<const byte>(id)}),
                        "find the public key");
        if (!pub) continue;
        std::printf("  %s: CKA_ID %s, label \"%s\"\n", what, hex(id).c_str(), s.get(priv, attr::label).value_or("").c_str());
        return {*pub, priv};
    }
    std::fprintf(stderr, "FAILED: the token has no %s with its public key\n", what);
    std::exit(1);
}

// The demo token gets a user's certificates, made on the token itself.
void make_demo_pki(const client::module& m, const std::string& pin) {
    auto s = must(m.open_session(0, true), "C_OpenSession");
    auto login = must(s.login(user_type::user, pin), "C_Login");
    for (const auto& made : must(example::pki::make(s, "p11forge demo"), "make the demo PKI"))
        std::printf("  made on the token: key pair and certificate \"%s\"\n", made.label.c_str());
}

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--module") o.module = next();
        else if (a == "--pin") o.pin = next();
        else if (a == "--slot") o.slot = std::strtoul(next().c_str(), nullptr, 0);
        else if (a == "--token-dir") o.token_dir = next();
        else {
            std::fprintf(stderr, "usage: seed-demo [--module PATH] [--pin PIN] [--slot N] [--token-dir DIR]\n");
            std::exit(2);
        }
    }
    if (o.module.empty()) {
        // The embedded default: our software token in a fresh directory.
        o.module = P11FORGE_MODULE_PATH;
        if (!o.token_dir.empty()) {
            std::filesystem::create_directories(o.token_dir);
            ::setenv("P11FORGE_TOKEN_DIR", o.token_dir.c_str(), 1);
            std::printf("token directory: %s (kept)\n", o.token_dir.c_str());
            o.throwaway = true;
        } else if (!std::getenv("P11FORGE_TOKEN_DIR")) {
            auto dir = std::filesystem::temp_directory_path() / ("p11forge-demo-" + std::to_string(::getpid()));
            std::filesystem::create_directories(dir);
            ::setenv("P11FORGE_TOKEN_DIR", dir.c_str(), 1);
            std::printf("token directory: %s (throwaway)\n", dir.c_str());
            o.throwaway = true;
        }
    }
    return o;
}

} // namespace

int main(int argc, char** argv) {
    auto opt = parse(argc, argv);
    auto m = must(client::module::load(opt.module), "load the module");
    auto info = must(m.info(), "C_GetInfo");
    std::printf("module: %s, %s (Cryptoki %u.%02u)\n", info.manufacturer.c_str(), info.description.c_str(),
                info.cryptoki.major, info.cryptoki.minor);

    // a) every slot; b) a session on each, and the certificates it holds.
    for (auto id : must(m.slots(), "C_GetSlotList")) {
        auto si = must(m.slot(id), "C_GetSlotInfo");
        std::printf("slot %lu: %s%s\n", static_cast<unsigned long>(id), si.description.c_str(),
                    si.token_present() ? "" : " (no token)");
        if (!si.token_present()) continue;
        auto ti = must(m.token(id), "C_GetTokenInfo");
        std::printf("  token \"%s\" (%s)\n", ti.label.c_str(), ti.initialized() ? "initialised" : "not initialised");
        if (!ti.initialized()) continue;
        auto s = must(m.open_session(id), "C_OpenSession");
        auto certs = must(s.find({attr::cls = object_class::certificate}), "find certificates");
        std::printf("  %zu certificate(s) visible without login\n", certs.size());
        if (!opt.slot) opt.slot = id;
    }

    if (opt.throwaway) {
        opt.slot = 0;
        opt.pin = "123456";
        must(m.init_token(0, "12345678", "seed demo"), "C_InitToken");
        auto so = must(m.open_session(0, true), "C_OpenSession (SO)");
        auto so_login = must(so.login(user_type::so, "12345678"), "C_Login (SO)");
        must(so.init_pin(opt.pin), "C_InitPIN");
        std::printf("initialised the throwaway token: SO PIN 12345678, user PIN %s\n", opt.pin.c_str());
    }
    if (opt.throwaway) make_demo_pki(m, opt.pin);  // after the SO has logged out
    if (!opt.slot || opt.pin.empty()) {
        std::fprintf(stderr, "no initialised token to work with (give --pin and --slot)\n");
        return 1;
    }

    auto s = must(m.open_session(*opt.slot, true), "C_OpenSession");
    auto login = must(s.login(user_type::user, opt.pin), "C_Login");
    std::printf("logged in to slot %lu\n", static_cast<unsigned long>(*opt.slot));

    // Session objects: the demo leaves nothing behind on a real token.
    const std::vector<std::uint8_t> id{0x5e, 0xed};
    auto generated = s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                         {attr::token = false, attr::modulus_bits = 2048, attr::verify = true,
                                          attr::encrypt = true, attr::wrap = true, attr::id = std::span<const byte>(id),
                                          attr::label = "seed-demo"},
                                         {attr::token = false, attr::sign = true, attr::decrypt = true,
                                          attr::unwrap = true, attr::id = std::span<const byte>(id),
                                          attr::label = "seed-demo"});
    // A smart card makes no key pairs in a session: use the card's own, as
    // the seed's example does — one for signing, one for decryption.
    key_pairs keys;
    if (generated) {
        keys = {generated->public_key, generated->private_key, generated->public_key, generated->private_key};
        std::printf("generated an RSA-2048 key pair\n");
    } else {
        std::printf("the token makes no key pairs (%s): using its own keys\n", to_string(generated.code()).data());
        keys.signing = token_pair(s, attr::sign, "a private RSA key that signs");
        keys.decryption = token_pair(s, attr::decrypt, "a private RSA key that decrypts");
    }
    auto pair = keys.signing;

    // 1. Create and verify a digital signature.
    const std::string message = "The seed's example: sign, encrypt, wrap.";
    const bytes_view msg{reinterpret_cast<const byte*>(message.data()), message.size()};
    auto signature = must(s.sign(pair.private_key, mechanism_type::sha256_rsa_pkcs, msg,
                                 [&](object_handle) { return std::optional<std::string>(opt.pin); }),
                          "C_Sign");
    std::printf("signature (SHA256-RSA-PKCS): %s (%zu bytes)\n", hex(signature).c_str(), signature.size());
    const bool valid = must(s.verify(pair.public_key, mechanism_type::sha256_rsa_pkcs, msg, signature), "C_Verify");
    std::printf("verification: %s\n", valid ? "valid" : "INVALID");
    signature[0] ^= 1;
    const bool tampered = must(s.verify(pair.public_key, mechanism_type::sha256_rsa_pkcs, msg, signature), "C_Verify");
    std::printf("verification of a tampered signature: %s\n", tampered ? "VALID (wrong!)" : "invalid, as it must be");

    // 2. Encrypt and decrypt a message.
    auto oaep = mech::rsa_pkcs_oaep(mechanism_type::sha256);
    auto first_try = s.encrypt(keys.decryption.public_key, oaep, msg);
    if (!first_try) {
        // Some tokens do OAEP with SHA-1 only (SoftHSMv2 2.6): use what they have.
        std::printf("RSA-OAEP with SHA-256 refused (%s); using SHA-1\n", to_string(first_try.code()).data());
        oaep = mech::rsa_pkcs_oaep(mechanism_type::sha_1);
    }
    auto ciphertext = first_try ? std::move(*first_try) : must(s.encrypt(keys.decryption.public_key, oaep, msg), "C_Encrypt (RSA-OAEP)");
    std::printf("ciphertext (RSA-OAEP): %s\n", hex(ciphertext).c_str());
    auto plaintext = must(s.decrypt(keys.decryption.private_key, oaep, ciphertext), "C_Decrypt (RSA-OAEP)");
    const bool same = std::string(plaintext.begin(), plaintext.end()) == message;
    std::printf("decrypted: \"%s\" (%s)\n", std::string(plaintext.begin(), plaintext.end()).c_str(),
                same ? "matches" : "DIFFERS");

    // 3. Wrap and unwrap a secret key.
    auto aes = must(s.generate_key(mechanism_type::aes_key_gen, {attr::token = false, attr::value_len = 32,
                                                                 attr::extractable = true, attr::encrypt = true,
                                                                 attr::label = "seed-demo secret"}),
                    "C_GenerateKey (AES-256)");
    auto wrapped = must(s.wrap(oaep, keys.decryption.public_key, aes), "C_WrapKey (RSA-OAEP)");
    std::printf("wrapped the AES-256 key: %s (%zu bytes)\n", hex(wrapped).c_str(), wrapped.size());
    auto unwrapped = must(s.unwrap(oaep, keys.decryption.private_key, wrapped,
                                   {attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                    attr::token = false, attr::decrypt = true}),
                          "C_UnwrapKey (RSA-OAEP)");
    // The same key: what one encrypts, the other decrypts.
    const std::vector<std::uint8_t> block(16, 0x5e);
    auto sealed = must(s.encrypt(aes, mechanism_type::aes_ecb, block), "C_Encrypt (AES-ECB, original key)");
    auto opened = must(s.decrypt(unwrapped, mechanism_type::aes_ecb, sealed), "C_Decrypt (AES-ECB, unwrapped key)");
    const bool same_key = opened == block;
    std::printf("unwrapped key decrypts what the original encrypted: %s\n", same_key ? "the same key" : "DIFFERENT");

    const bool ok = valid && !tampered && same && same_key;
    std::printf("%s\n", ok ? "seed demo: all steps succeeded" : "seed demo: FAILED");
    if (opt.throwaway && opt.token_dir.empty()) std::filesystem::remove_all(std::getenv("P11FORGE_TOKEN_DIR"));
    return ok ? 0 : 1;
}
