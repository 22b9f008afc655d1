// select-certificate: the vendor page's steps a-e.
//   a) list every slot;  b) open a session on each and collect every certificate;
//   c) keep those that pass the rules (key usage, validity period, issuer);
//   d) more than one?  offer a numbered choice;
//   e) sign with the private key that belongs to the chosen certificate
//      (same CKA_ID), asking for the PIN again if the key is PIN-always.
//
//   select-certificate --module PATH --pin PIN [--issuer TEXT] [--choose N]
//                      [--data FILE] [--out SIGNATURE_FILE]
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "common/der.hpp"
#include "common/signature_plan.hpp"
#include "p11/client/session.hpp"

namespace {

using namespace p11;

struct candidate {
    client::slot_id slot;
    std::string token;
    std::string label;
    std::vector<std::uint8_t> id;
    std::string subject, issuer, valid_until;
};

struct rules {
    std::string issuer_contains;  // empty: any issuer
};

std::string now_utc() {
    char b[16];
    const std::time_t t = std::time(nullptr);
    std::strftime(b, sizeof b, "%Y%m%d%H%M%S", std::gmtime(&t));
    return b;
}

// c) digitalSignature (or nonRepudiation) allowed, valid now, issuer as asked.
bool acceptable(const example::der::certificate& c, const rules& r, const std::string& issuer, std::string& why) {
    constexpr unsigned digital_signature = 0x80, non_repudiation = 0x40;
    if (c.key_usage && !(*c.key_usage & (digital_signature | non_repudiation))) return why = "key usage excludes signing", false;
    const auto now = now_utc();
    if (c.not_before.substr(0, 14) > now) return why = "not valid yet", false;
    if (c.not_after.substr(0, 14) < now) return why = "expired", false;
    if (!r.issuer_contains.empty() && issuer.find(r.issuer_contains) == std::string::npos)
        return why = "issuer does not match", false;
    return true;
}

} // namespace

int main(int argc, char** argv) {
    std::string module_path, pin, data_file, out_file;
    rules rule;
    int choice = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool more = i + 1 < argc;
        if (a == "--module" && more) module_path = argv[++i];
        else if (a == "--pin" && more) pin = argv[++i];
        else if (a == "--issuer" && more) rule.issuer_contains = argv[++i];
        else if (a == "--choose" && more) choice = std::atoi(argv[++i]);
        else if (a == "--data" && more) data_file = argv[++i];
        else if (a == "--out" && more) out_file = argv[++i];
        else return std::fprintf(stderr, "usage: select-certificate --module PATH --pin PIN [--issuer TEXT] [--choose N] [--data FILE] [--out FILE]\n"), 2;
    }
    if (module_path.empty() || pin.empty()) return std::fprintf(stderr, "--module and --pin are required\n"), 2;

    auto m = client::module::load(module_path);
    if (!m) return std::fprintf(stderr, "cannot load %s: %s\n", module_path.c_str(), to_string(m.code()).data()), 1;

    // a) and b): every slot, every certificate.
    std::vector<candidate> accepted;
    for (auto id : m->slots(true).value_or({})) {
        auto token = m->token(id);
        if (!token || !token->initialized()) continue;
        auto s = m->open_session(id);
        if (!s) continue;
        for (auto h : s->find({attr::cls = object_class::certificate}).value_or({})) {
            auto value = s->get(h, attr::value);
            auto parsed = value ? example::der::parse_certificate(*value) : std::nullopt;
            if (!parsed) continue;
            candidate c{id, token->label, s->get(h, attr::label).value_or(""), s->get(h, attr::id).value_or({}),
                        example::der::name_to_string(parsed->subject).value_or("?"),
                        example::der::name_to_string(parsed->issuer).value_or("?"), parsed->not_after};
            std::string why;
            // c) the application's rules.
            if (acceptable(*parsed, rule, c.issuer, why)) accepted.push_back(c);
            else std::printf("skipped \"%s\" on \"%s\": %s\n", c.subject.c_str(), c.token.c_str(), why.c_str());
        }
    }
    if (accepted.empty()) return std::fprintf(stderr, "no certificate passes the rules\n"), 1;

    // d) several candidates: a numbered choice (given, or asked for).
    for (std::size_t i = 0; i < accepted.size(); ++i)
        std::printf("%zu) %s  (issuer %s, until %.8s, token \"%s\")\n", i + 1, accepted[i].subject.c_str(),
                    accepted[i].issuer.c_str(), accepted[i].valid_until.c_str(), accepted[i].token.c_str());
    if (accepted.size() > 1 && choice == 0) {
        std::printf("choose 1-%zu: ", accepted.size());
        std::fflush(stdout);
        std::cin >> choice;
    }
    if (accepted.size() == 1) choice = 1;
    if (choice < 1 || static_cast<std::size_t>(choice) > accepted.size()) return std::fprintf(stderr, "no such choice\n"), 1;
    const auto& chosen = accepted[static_cast<std::size_t>(choice) - 1];
    std::printf("using %s\n", chosen.subject.c_str());

    // e) the private key with the certificate's CKA_ID signs.
    auto s = m->open_session(chosen.slot).value();
    auto login = s.login(user_type::user, pin);
    if (!login) return std::fprintf(stderr, "C_Login: %s\n", to_string(login.code()).data()), 1;
    auto key = s.find_one({attr::cls = object_class::private_key, attr::id = std::span<const byte>(chosen.id)});
    if (!key || !*key) return std::fprintf(stderr, "no private key with the certificate's CKA_ID\n"), 1;
    std::vector<std::uint8_t> data{'s', 'e', 'e', 'd'};
    if (!data_file.empty()) {
        std::ifstream in(data_file, std::ios::binary);
        data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    // The best signature mechanism the token lists for the key (common/signature_plan.hpp).
    const auto kt = s.get(**key, attr::key_type);
    const auto plan = kt ? example::signing::choose(*m, chosen.slot, *kt) : std::nullopt;
    if (!plan) return std::fprintf(stderr, "the token lists no signature mechanism for this key\n"), 1;
    const auto mech = plan->mechanism;
    data = plan->to_be_signed(data);
    auto signature = s.sign(**key, mech, data, [&](client::object_handle) {
        std::printf("the key asks for the PIN again (CKA_ALWAYS_AUTHENTICATE)\n");
        return std::optional<std::string>(pin);
    });
    if (!signature) return std::fprintf(stderr, "signing failed: %s\n", to_string(signature.code()).data()), 1;
    std::printf("signed %zu bytes with %s: %zu-byte signature\n", data.size(), plan->describe().c_str(), signature->size());
    if (!out_file.empty()) {
        std::ofstream out(out_file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(signature->data()), static_cast<std::streamsize>(signature->size()));
    }
    return 0;
}
