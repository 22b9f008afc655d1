// One card scenario, timed in-process, for bench/card/run.sh (which counts
// the APDUs each costs from the virtual card's log):
//   card-scenario MODULE READER SCENARIO [PIN [CONTEXT_PIN]]
// SCENARIO: init   C_Initialize + C_GetSlotList
//           list   + open a session and read every object's class, id and label
//           sign9a + log in and sign once with the 9A key (CKA_ID 01, RSA)
//           sign9c + log in and sign once with the 9C key (CKA_ID 02, PIN-always)
// Prints "<scenario> <milliseconds>"; the slot is the one whose description
// names READER (select readers by name, never by index).
#include <chrono>
#include <cstdio>
#include <string>

#include "p11/client/session.hpp"

namespace {

using namespace p11;

int fail(const char* step, const error& e) {
    std::fprintf(stderr, "%s: %s from %s\n", step, to_string(e.code()).data(),
                 e.has_function() ? name(e.function()).data() : "?");
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) return std::fprintf(stderr, "usage: card-scenario MODULE READER SCENARIO [PIN]\n"), 2;
    const std::string module_path = argv[1], reader = argv[2], scenario = argv[3];
    const std::string pin = argc > 4 ? argv[4] : "123456";
    // The PIN given to C_Login(CKU_CONTEXT_SPECIFIC) (tests give a wrong one).
    const std::string context_pin = argc > 5 ? argv[5] : pin;
    const auto start = std::chrono::steady_clock::now();

    auto m = client::module::load(module_path);
    if (!m) return fail("load", m.error_value());
    auto slots = m->slots(true);
    if (!slots) return fail("slots", slots.error_value());
    std::optional<client::slot_id> card;
    for (auto id : *slots) {
        auto info = m->slot(id);
        if (info && info->description.find(reader) != std::string::npos) card = id;
    }
    if (!card) return std::fprintf(stderr, "no slot for reader %s\n", reader.c_str()), 1;

    if (scenario != "init") {
        auto s = m->open_session(*card);
        if (!s) return fail("open_session", s.error_value());
        if (scenario == "list") {
            for (auto h : s->search()) {
                (void)s->get(h, attr::cls);
                (void)s->get(h, attr::id);
                (void)s->get(h, attr::label);
            }
        } else if (scenario == "sign9a" || scenario == "sign9c") {
            auto login = s->login(user_type::user, pin);
            if (!login) return fail("login", login.error_value());
            const std::uint8_t id = scenario == "sign9a" ? 0x01 : 0x02;
            auto key = s->find_one({attr::cls = object_class::private_key, attr::id = std::span<const std::uint8_t>(&id, 1)});
            if (!key || !*key) return std::fprintf(stderr, "no private key with id %02x\n", id), 1;
            const auto type = s->get(**key, attr::key_type);
            const auto mech = type && *type == key_type::rsa ? mechanism_type::sha256_rsa_pkcs : mechanism_type::ecdsa_sha256;
            const std::string data = "benchmark";
            auto sig = s->sign(**key, mech, bytes_view(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()),
                               [&](client::object_handle) { return std::optional<std::string>(context_pin); });
            if (!sig) return fail("sign", sig.error_value());
        } else {
            return std::fprintf(stderr, "unknown scenario %s\n", scenario.c_str()), 2;
        }
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s %.2f\n", scenario.c_str(), ms);
    return 0;
}
