// p11forge-bench: what a PKCS #11 module costs per operation, for any module
// loaded by path.  Each figure is the rate over a fixed time (default 2 s)
// of the operation as an application does it, in one session per thread.
//
//   p11forge-bench MODULE PIN [--seconds S] [--only NAME]
//   p11forge-bench MODULE --startup
//   p11forge-bench MODULE PIN --prepare-objects N
// Prints "name value unit" lines (bench/run.sh puts modules side by side).
// The token must be initialised with the user PIN; the benchmark makes its
// keys as session objects and its search objects as public token objects,
// which it destroys at the end unless P11FORGE_BENCH_KEEP is set.
// --startup measures one token start-up: loading the module, C_Initialize,
// a session and the first C_FindObjects (public objects, no login), in ms.
// --prepare-objects leaves N search objects on the token for it.
#include <cstring>

#include "harness.hpp"

namespace {

using namespace bench;

std::optional<client::slot_id> first_initialised_token(client::module& m) {
    for (auto id : must(m.slots(true), "C_GetSlotList")) {
        auto t = m.token(id);
        if (t && t->initialized()) return id;
    }
    return std::nullopt;
}

int startup(const char* path) {
    const auto start = clock_type::now();
    auto m = must(client::module::load(path), "load");
    const auto slot = first_initialised_token(m);
    if (!slot) return std::fprintf(stderr, "no initialised token\n"), 1;
    auto s = must(m.open_session(*slot, false), "C_OpenSession");
    (void)must(s.find({attr::label = "p11forge-bench-needle"}), "find");
    report("startup-1000-objects", std::chrono::duration<double, std::milli>(clock_type::now() - start).count(), "ms");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[2], "--startup") == 0) return startup(argv[1]);
    if (argc < 3)
        return std::fprintf(stderr, "usage: p11forge-bench MODULE PIN [--seconds S] [--only NAME]\n"
                                    "       p11forge-bench MODULE --startup\n"
                                    "       p11forge-bench MODULE PIN --prepare-objects N\n"),
               2;
    parse_options(argc, argv, 3);
    const bool prepare_only = argc == 5 && std::strcmp(argv[3], "--prepare-objects") == 0;
    auto m = must(client::module::load(argv[1]), "load");
    const auto slot = first_initialised_token(m);
    if (!slot) return std::fprintf(stderr, "no initialised token\n"), 1;

    std::vector<client::session> sessions;
    for (int i = 0; i < 2; ++i) sessions.push_back(must(m.open_session(*slot, true), "C_OpenSession"));
    auto& s = sessions.front();
    auto login = must(s.login(user_type::user, argv[2]), "C_Login");
    if (prepare_only) {
        prepare_objects(s, static_cast<std::size_t>(std::atol(argv[4])));
        return 0;
    }

    // Keys: session objects.
    const std::uint8_t p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    client::session::key_pair rsa{};
    if (wanted_any("rsa2048"))  // seconds on mbedTLS: only when an RSA benchmark runs
        rsa = must(s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                       {attr::token = false, attr::modulus_bits = 2048, attr::verify = true, attr::encrypt = true},
                                       {attr::token = false, attr::sign = true, attr::decrypt = true}),
                   "RSA-2048 key pair");
    const auto ec = must(s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                             {attr::token = false, attr::verify = true, attr::ec_params = std::span<const std::uint8_t>(p256)},
                                             {attr::token = false, attr::sign = true}),
                         "P-256 key pair");
    const auto aes = must(s.generate_key(mechanism_type::aes_key_gen,
                                         {attr::token = false, attr::value_len = 32, attr::encrypt = true, attr::decrypt = true,
                                          attr::wrap = true, attr::unwrap = true, attr::extractable = true}),
                          "AES-256 key");

    fixture fx{m, *slot, sessions, s.fn(), rsa, ec, aes};
    crypto_benchmarks(fx);
    curve_benchmarks(fx);
    object_benchmarks(fx);
    return 0;
}
