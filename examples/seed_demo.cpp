// seed-demo: the vendor page's example flow, on any module and token —
//   a) list every slot;  b) open a session on every slot with a token and
//   collect every certificate with its key pair;  c) check them against the
//   application's rules, showing each rejection with its reason;  d) one
//   match is taken, several are offered in a numbered dialog;  e) sign and
//   verify with the chosen certificate's key, encrypt/decrypt and wrap/unwrap
//   with an encryption certificate's key; a summary table ends the run.
//
//   seed-demo                         the software token, in a throwaway directory,
//                                     holding a small PKI made through PKCS#11
//   seed-demo --token-dir DIR         the same token, made in DIR and kept
//   seed-demo --module LIBP11FORGE --token-dir DIR   the same with another build of
//                                     our module (e.g. the 2.11 one)
//   seed-demo --module PATH --pin PIN [--slot N]   any module and its tokens
//   seed-demo --module PATH --pin PIN --slot N --make-pki   first puts the demo's
//                                     PKI on that token (token objects: for test tokens)
//   the PIN per token: --pin or $SEED_DEMO_PIN, else the reader's keypad
//   (protected authentication path), else asked without echo on a terminal
//   choices and rules: [--choose N | --cert PKCS11-URI] (the signing certificate)
//                      [--choose-decrypt N | --cert-decrypt PKCS11-URI] (the encryption one)
//                      [--issuer TEXT] [--subject TEXT]
//   for tests: [--bare-signature] (CKM_RSA_PKCS/CKM_ECDSA over a host hash even
//              where the token hashes) [--signature-out FILE]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/certificate_choice.hpp"
#include "common/certificate_rules.hpp"
#include "common/platform.hpp"
#include "common/encrypt_wrap.hpp"
#include "common/sign_verify.hpp"
#include "common/token_pki.hpp"
#include "p11/client/session.hpp"

// The module seed-demo loads without --module: ours, beside it in the build.
// A build without our module (-Dmodule=false) knows none.
#ifndef P11FORGE_MODULE_PATH
#define P11FORGE_MODULE_PATH ""
#endif

namespace {

using namespace p11;
using example::outcome;
using example::inventory::held_certificate;
using example::rules::operation;

struct options {
    std::string module;
    std::string pin;
    std::optional<client::slot_id> slot;
    std::string token_dir;  // the demo token's directory, kept after the run
    bool throwaway = false;  // the demo token: initialised and filled by us
    bool make_pki = false;   // fill the --slot token with the demo's PKI first
    example::rules::filters filters;
    example::choice::given sign_choice, decrypt_choice;
    bool bare_signature = false;
    std::string signature_out;  // file for the signature, empty: none
};

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

// The demo token gets a user's certificates, made on the token itself.
void make_demo_pki(const client::module& m, client::slot_id slot, const std::string& pin) {
    auto s = must(m.open_session(slot, true), "C_OpenSession");
    auto login = must(s.login(user_type::user, pin), "C_Login");
    for (const auto& made : must(example::pki::make(m, s, slot, "p11forge demo"), "make the demo PKI"))
        std::printf("  made on the token: key pair and certificate \"%s\"\n", made.label.c_str());
}

void make_demo_token(const client::module& m, const std::string& pin) {
    {
        must(m.init_token(0, "12345678", "seed demo"), "C_InitToken");
        auto so = must(m.open_session(0, true), "C_OpenSession (SO)");
        auto so_login = must(so.login(user_type::so, "12345678"), "C_Login (SO)");
        must(so.init_pin(pin), "C_InitPIN");
        std::printf("initialised the throwaway token: SO PIN 12345678, user PIN %s\n", pin.c_str());
    }
    make_demo_pki(m, 0, pin);  // after the SO has logged out
}

std::string key_usage_text(const std::optional<unsigned>& bits) {
    if (!bits) return "any (no keyUsage)";
    static const char* const names[] = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
                                        "keyAgreement",     "keyCertSign",    "cRLSign",         "encipherOnly"};
    std::string out;
    for (unsigned i = 0; i < 8; ++i)
        if (*bits & (0x80u >> i)) out += (out.empty() ? "" : ",") + std::string(names[i]);
    return out.empty() ? "none" : out;
}

void list(const std::vector<held_certificate>& certs) {
    std::printf("certificates:\n");
    for (const auto& c : certs) {
        std::printf("  \"%s\" on token \"%s\" (slot %lu)\n", c.subject.c_str(), c.where->token_label.c_str(),
                    static_cast<unsigned long>(c.where->slot));
        std::printf("      issuer %s; valid %.8s-%.8s; key usage %s; private key %s\n", c.issuer.c_str(),
                    c.parsed.not_before.c_str(), c.parsed.not_after.c_str(), key_usage_text(c.parsed.key_usage).c_str(),
                    !c.private_key ? "absent" : c.matched_by_public_key ? "present (matched by public key)" : "present");
    }
}

// c) and d) for one operation: the rules, then the choice.
const held_certificate* select(const std::vector<held_certificate>& certs, operation op, const options& o,
                               const example::choice::given& given, outcome& why_none) {
    std::printf("%s: the rules\n", example::rules::name(op));
    std::vector<const held_certificate*> offered;
    for (const auto& c : certs) {
        auto rejected = example::rules::rejection(c, op, o.filters);
        if (rejected) std::printf("  rejected \"%s\": %s\n", c.subject.c_str(), rejected->c_str());
        else offered.push_back(&c);
    }
    for (std::size_t i = 0; i < offered.size(); ++i)
        std::printf("  %zu) %s  (issuer %s, until %.8s, token \"%s\")\n", i + 1, offered[i]->subject.c_str(),
                    offered[i]->issuer.c_str(), offered[i]->parsed.not_after.c_str(),
                    offered[i]->where->token_label.c_str());
    auto chosen = example::choice::choose(offered, given);
    if (!chosen.certificate) {
        // Nothing passing the rules is the token's lot; candidates and no choice is an error, not a guess.
        why_none = {offered.empty() ? outcome::skipped : outcome::failed, chosen.error};
        std::printf("  no certificate for %s: %s\n", example::rules::name(op), chosen.error.c_str());
        return nullptr;
    }
    std::printf("  using \"%s\"\n", chosen.certificate->subject.c_str());
    return chosen.certificate;
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
        else if (a == "--make-pki") o.make_pki = true;
        else if (a == "--bare-signature") o.bare_signature = true;
        else if (a == "--signature-out") o.signature_out = next();
        else if (a == "--issuer") o.filters.issuer_contains = next();
        else if (a == "--subject") o.filters.subject_contains = next();
        else if (a == "--choose") o.sign_choice.number = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
        else if (a == "--cert") o.sign_choice.uri = next();
        else if (a == "--cert-decrypt") o.decrypt_choice.uri = next();
        else if (a == "--choose-decrypt")
            o.decrypt_choice.number = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
        else {
            std::fprintf(stderr, "usage: seed-demo [--module PATH] [--pin PIN] [--slot N [--make-pki]] [--token-dir DIR]\n"
                                 "                 [--choose N | --cert PKCS11-URI] [--choose-decrypt N | --cert-decrypt PKCS11-URI]\n"
                                 "                 [--issuer TEXT] [--subject TEXT] [--bare-signature] [--signature-out FILE]\n");
            std::exit(2);
        }
    }
    // The demo token is ours: the embedded default, or another build of our module (--token-dir).
    const bool ours = o.module.empty() || !o.token_dir.empty();
    if (o.module.empty()) o.module = P11FORGE_MODULE_PATH;
    if (o.module.empty()) {
        std::fprintf(stderr, "this build has no module of its own (-Dmodule=false): give --module PATH\n");
        std::exit(2);
    }
    if (ours && !o.token_dir.empty()) {
        std::filesystem::create_directories(o.token_dir);
        example::platform::set_environment("P11FORGE_TOKEN_DIR", o.token_dir);
        std::printf("token directory: %s (kept)\n", o.token_dir.c_str());
        o.throwaway = true;
    } else if (ours && !std::getenv("P11FORGE_TOKEN_DIR")) {
        auto dir = std::filesystem::temp_directory_path() / ("p11forge-demo-" + std::to_string(example::platform::process_id()));
        std::filesystem::create_directories(dir);
        example::platform::set_environment("P11FORGE_TOKEN_DIR", dir.string());
        std::printf("token directory: %s (throwaway)\n", dir.string().c_str());
        o.throwaway = true;
    }
    return o;
}

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) std::fprintf(stderr, "cannot write %s\n", path.c_str());
}

struct summary_row {
    const char* operation;
    outcome result;
};

int finish(const std::vector<summary_row>& rows) {
    std::printf("\nsummary:\n");
    bool failed = false, all_ok = true;
    for (const auto& r : rows) {
        std::printf("  %-16s %-8s %s\n", r.operation, example::status_name(r.result.state), r.result.detail.c_str());
        failed |= r.result.state == outcome::failed;
        all_ok &= r.result.state == outcome::ok;
    }
    // Skipped is not failed: a token may simply hold no key for an operation.
    std::printf("%s\n", failed ? "seed demo: FAILED" : all_ok ? "seed demo: all steps succeeded" : "seed demo: done, some steps skipped");
    return failed ? 1 : 0;
}


// Everything with the module loaded; it is unloaded on return.
int demo(options& opt) {
    auto m = must(client::module::load(opt.module), "load the module");
    auto info = must(m.info(), "C_GetInfo");
    std::printf("module: %s, %s (Cryptoki %u.%02u)\n", info.manufacturer.c_str(), info.description.c_str(),
                info.cryptoki.major, info.cryptoki.minor);
    if (opt.throwaway) {
        opt.pin = "123456";
        make_demo_token(m, opt.pin);
    } else if (opt.make_pki) {
        if (!opt.slot || opt.pin.empty()) {
            std::fprintf(stderr, "--make-pki needs --slot and --pin\n");
            return 2;
        }
        make_demo_pki(m, *opt.slot, opt.pin);
    }

    // a) and b)
    // The demo's PIN is the demo token's: a card in a reader beside it is listed, not logged in to.
    const example::inventory::scope scope{opt.slot, opt.pin,
                                          opt.throwaway ? std::optional<client::slot_id>(0) : std::nullopt};
    auto inv = must(example::inventory::collect(m, scope), "collect the certificates");
    if (opt.slot && inv.tokens.empty()) {
        // A --slot that names nothing usable is the caller's mistake, not a token without keys.
        std::fprintf(stderr, "FAILED: --slot %lu: no such slot, or no initialised token in it\n",
                     static_cast<unsigned long>(*opt.slot));
        return 1;
    }
    list(inv.certificates);

    const std::string message = "The seed's example: sign, encrypt, wrap.";
    const bytes_view msg{reinterpret_cast<const byte*>(message.data()), message.size()};
    std::vector<summary_row> rows;

    // c), d), e) for signing ...
    outcome why;
    if (auto signer = select(inv.certificates, operation::sign, opt, opt.sign_choice, why)) {
        std::vector<std::uint8_t> signature;
        const example::signing::request r{opt.bare_signature, opt.signature_out.empty() ? nullptr : &signature};
        rows.push_back({"sign/verify", example::signing::sign_and_verify(m, *signer, msg, r)});
        if (!opt.signature_out.empty() && !signature.empty()) write_file(opt.signature_out, signature);
    } else rows.push_back({"sign/verify", why});

    // ... and for encryption, with the user's encryption certificate.
    if (auto recipient = select(inv.certificates, operation::decrypt, opt, opt.decrypt_choice, why)) {
        auto r = example::encryption::run(m, *recipient, msg);
        rows.push_back({"encrypt/decrypt", r.encrypt_decrypt});
        rows.push_back({"wrap/unwrap", r.wrap_unwrap});
    } else {
        rows.push_back({"encrypt/decrypt", why});
        rows.push_back({"wrap/unwrap", why});
    }
    return finish(rows);
}

} // namespace

int main(int argc, char** argv) {
    auto opt = parse(argc, argv);
    const int rc = demo(opt);
    // After the module is unloaded: Windows deletes no file a module still holds open.
    std::error_code failed;
    if (opt.throwaway && opt.token_dir.empty()) std::filesystem::remove_all(std::getenv("P11FORGE_TOKEN_DIR"), failed);
    if (failed) std::fprintf(stderr, "cannot remove the throwaway token: %s\n", failed.message().c_str());
    return rc;
}
