// p11forge-bench: what a PKCS #11 module costs per operation, for any module
// loaded by path.  Each figure is the rate over a fixed time (default 2 s)
// of the operation as an application does it: C_xxxInit + one call with a
// buffer already large enough (no length query), in one session per thread.
//
//   p11forge-bench MODULE PIN [--seconds S] [--only NAME]
// Prints "name value unit" lines (bench/run.sh puts modules side by side).
// The token must be initialised with the user PIN; the benchmark makes its
// keys as session objects and its 1,000 search objects as token objects,
// which it destroys at the end.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "p11/client/session.hpp"

namespace {

using namespace p11;
using clock_type = std::chrono::steady_clock;
using handle = abi::CK_OBJECT_HANDLE;

double seconds = 2.0;
std::string only;

[[noreturn]] void die(const char* what, const error& e) {
    std::fprintf(stderr, "%s: %s from %s\n", what, to_string(e.code()).data(), e.has_function() ? name(e.function()).data() : "?");
    std::exit(1);
}
template <class T>
T must(result<T> r, const char* what) {
    if (!r) die(what, r.error_value());
    return std::move(*r);
}
void check(abi::CK_RV rv, const char* what) {
    if (rv != 0) {
        std::fprintf(stderr, "%s: %s\n", what, to_string(static_cast<p11::rv>(rv)).data());
        std::exit(1);
    }
}

// Runs `op` on `threads` threads for `seconds`; returns operations per second.
double rate(int threads, const std::function<std::function<void()>(int)>& make) {
    std::vector<std::function<void()>> ops;
    for (int t = 0; t < threads; ++t) ops.push_back(make(t));
    std::atomic<bool> stop{false};
    std::vector<long> counts(static_cast<std::size_t>(threads), 0);
    std::vector<std::thread> workers;
    const auto start = clock_type::now();
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            long n = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                ops[static_cast<std::size_t>(t)]();
                ++n;
            }
            counts[static_cast<std::size_t>(t)] = n;
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& w : workers) w.join();
    const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
    long total = 0;
    for (long c : counts) total += c;
    return static_cast<double>(total) / elapsed;
}

void report(const std::string& name, double value, const char* unit) {
    std::printf("%-28s %12.1f %s\n", name.c_str(), value, unit);
    std::fflush(stdout);
}
bool wanted(const std::string& name) { return only.empty() || name.find(only) != std::string::npos; }

struct bench {
    client::module& m;
    client::slot_id slot;
    std::string pin;
    const abi::CK_FUNCTION_LIST_3_0* f;

    client::session session() {
        auto s = must(m.open_session(slot, true), "C_OpenSession");
        return s;
    }
};

std::vector<std::uint8_t> bytes_of(std::size_t n, std::uint8_t v) { return std::vector<std::uint8_t>(n, v); }

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) return std::fprintf(stderr, "usage: p11forge-bench MODULE PIN [--seconds S] [--only NAME]\n"), 2;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--seconds") seconds = std::atof(argv[i + 1]);
        else if (a == "--only") only = argv[i + 1];
    }
    const std::string pin = argv[2];
    const auto load_start = clock_type::now();
    auto m = must(client::module::load(argv[1]), "load");
    std::optional<client::slot_id> slot;
    for (auto id : must(m.slots(true), "C_GetSlotList")) {
        auto t = m.token(id);
        if (t && t->initialized()) {
            slot = id;
            break;
        }
    }
    if (!slot) return std::fprintf(stderr, "no initialised token\n"), 1;
    auto main_session = must(m.open_session(*slot, true), "C_OpenSession");
    auto login = must(main_session.login(user_type::user, pin), "C_Login");
    // Token start-up: load, C_Initialize, the first search (objects of earlier runs, if any).
    (void)main_session.find({attr::label = "p11forge-bench-search"});
    if (wanted("startup"))
        report("startup-load-init-find", std::chrono::duration<double, std::milli>(clock_type::now() - load_start).count(), "ms");
    const auto* f = main_session.fn();

    // Keys: session objects.
    const std::uint8_t p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    auto rsa = must(main_session.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                                   {attr::token = false, attr::modulus_bits = 2048, attr::verify = true, attr::encrypt = true},
                                                   {attr::token = false, attr::sign = true, attr::decrypt = true}),
                    "RSA-2048 key pair");
    auto ec = must(main_session.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                                  {attr::token = false, attr::verify = true, attr::ec_params = std::span<const std::uint8_t>(p256)},
                                                  {attr::token = false, attr::sign = true}),
                   "P-256 key pair");
    auto aes = must(main_session.generate_key(mechanism_type::aes_key_gen,
                                              {attr::token = false, attr::value_len = 32, attr::encrypt = true, attr::decrypt = true,
                                               attr::wrap = true, attr::unwrap = true, attr::extractable = true}),
                    "AES-256 key");

    // Sessions of the same application share the login; one per thread.
    std::vector<client::session> sessions;
    sessions.push_back(std::move(main_session));
    sessions.push_back(must(m.open_session(*slot, true), "C_OpenSession"));

    const auto digest = bytes_of(32, 0x42);
    const auto message = bytes_of(1024, 0x5a);
    const auto mib = bytes_of(1 << 20, 0x33);

    auto sign_rate = [&](const char* name, handle key, abi::CK_MECHANISM_TYPE mech, const std::vector<std::uint8_t>& data, int threads) {
        if (!wanted(name)) return;
        const double r = rate(threads, [&](int t) {
            const auto h = sessions[static_cast<std::size_t>(t)].handle();
            return [=, &data] {
                abi::CK_MECHANISM ck{mech, nullptr, 0};
                std::uint8_t sig[512];
                abi::CK_ULONG n = sizeof sig;
                check(f->C_SignInit(h, &ck, key), "C_SignInit");
                check(f->C_Sign(h, const_cast<std::uint8_t*>(data.data()), static_cast<abi::CK_ULONG>(data.size()), sig, &n), "C_Sign");
            };
        });
        report(name, r, "ops/s");
    };
    auto verify_rate = [&](const char* name, handle pub, handle priv, abi::CK_MECHANISM_TYPE mech, const std::vector<std::uint8_t>& data) {
        if (!wanted(name)) return;
        const auto h = sessions[0].handle();
        abi::CK_MECHANISM ck{mech, nullptr, 0};
        std::vector<std::uint8_t> sig(512);
        abi::CK_ULONG n = 512;
        check(f->C_SignInit(h, &ck, priv), "C_SignInit");
        check(f->C_Sign(h, const_cast<std::uint8_t*>(data.data()), static_cast<abi::CK_ULONG>(data.size()), sig.data(), &n), "C_Sign");
        sig.resize(n);
        const double r = rate(1, [&](int) {
            return [&] {
                abi::CK_MECHANISM c{mech, nullptr, 0};
                check(f->C_VerifyInit(h, &c, pub), "C_VerifyInit");
                check(f->C_Verify(h, const_cast<std::uint8_t*>(data.data()), static_cast<abi::CK_ULONG>(data.size()), sig.data(),
                                  static_cast<abi::CK_ULONG>(sig.size())), "C_Verify");
            };
        });
        report(name, r, "ops/s");
    };
    const auto rsa_pkcs = static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::sha256_rsa_pkcs);
    const auto ecdsa = static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::ecdsa);
    sign_rate("rsa2048-sign", rsa.private_key, rsa_pkcs, message, 1);
    sign_rate("rsa2048-sign-2threads", rsa.private_key, rsa_pkcs, message, 2);
    verify_rate("rsa2048-verify", rsa.public_key, rsa.private_key, rsa_pkcs, message);
    sign_rate("ecdsa-p256-sign", ec.private_key, ecdsa, digest, 1);
    sign_rate("ecdsa-p256-sign-2threads", ec.private_key, ecdsa, digest, 2);
    verify_rate("ecdsa-p256-verify", ec.public_key, ec.private_key, ecdsa, digest);

    if (wanted("aes256-gcm-1MiB")) {
        const auto h = sessions[0].handle();
        std::vector<std::uint8_t> out(mib.size() + 16);
        std::uint8_t iv[12] = {1};
        const double r = rate(1, [&](int) {
            return [&] {
                abi::CK_GCM_PARAMS p{iv, 12, 96, nullptr, 0, 128};
                abi::CK_MECHANISM ck{static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::aes_gcm), &p, sizeof p};
                abi::CK_ULONG n = static_cast<abi::CK_ULONG>(out.size());
                check(f->C_EncryptInit(h, &ck, aes), "C_EncryptInit");
                check(f->C_Encrypt(h, const_cast<std::uint8_t*>(mib.data()), static_cast<abi::CK_ULONG>(mib.size()), out.data(), &n), "C_Encrypt");
            };
        });
        report("aes256-gcm-1MiB", r, "MiB/s");
    }
    if (wanted("sha256-1MiB")) {
        const auto h = sessions[0].handle();
        const double r = rate(1, [&](int) {
            return [&] {
                abi::CK_MECHANISM ck{static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::sha256), nullptr, 0};
                std::uint8_t out[32];
                abi::CK_ULONG n = 32;
                check(f->C_DigestInit(h, &ck), "C_DigestInit");
                check(f->C_Digest(h, const_cast<std::uint8_t*>(mib.data()), static_cast<abi::CK_ULONG>(mib.size()), out, &n), "C_Digest");
            };
        });
        report("sha256-1MiB", r, "MiB/s");
    }
    if (wanted("random-32")) {
        const auto h = sessions[0].handle();
        const double r = rate(1, [&](int) {
            return [&] {
                std::uint8_t out[32];
                check(f->C_GenerateRandom(h, out, 32), "C_GenerateRandom");
            };
        });
        report("random-32", r, "ops/s");
    }
    if (wanted("session-open-close")) {
        const double r = rate(1, [&](int) {
            return [&] {
                abi::CK_SESSION_HANDLE s = 0;
                check(f->C_OpenSession(*slot, static_cast<abi::CK_FLAGS>(session_flags::serial_session), nullptr, nullptr, &s), "C_OpenSession");
                check(f->C_CloseSession(s), "C_CloseSession");
            };
        });
        report("session-open-close", r, "ops/s");
    }
    if (wanted("aes256-keygen")) {
        const auto h = sessions[0].handle();
        const double r = rate(1, [&](int) {
            return [&] {
                abi::CK_ULONG len = 32;
                abi::CK_BBOOL no = 0;
                abi::CK_ATTRIBUTE t[] = {{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::value_len), &len, sizeof len},
                                         {static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::token), &no, sizeof no}};
                abi::CK_MECHANISM ck{static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::aes_key_gen), nullptr, 0};
                handle k = 0;
                check(f->C_GenerateKey(h, &ck, t, 2, &k), "C_GenerateKey");
                check(f->C_DestroyObject(h, k), "C_DestroyObject");
            };
        });
        report("aes256-keygen-destroy", r, "ops/s");
    }
    if (wanted("get-attribute")) {
        const auto h = sessions[0].handle();
        const double r = rate(1, [&](int) {
            return [&] {
                abi::CK_ULONG type = 0;
                abi::CK_ATTRIBUTE a{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::key_type), &type, sizeof type};
                check(f->C_GetAttributeValue(h, aes, &a, 1), "C_GetAttributeValue");
            };
        });
        report("get-attribute", r, "ops/s");
    }
    if (wanted("find-label-1000")) {
        auto& s = sessions[0];
        auto existing = must(s.find({attr::label = "p11forge-bench-search"}), "find");
        for (std::size_t i = existing.size(); i < 1000; ++i)
            (void)must(s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                                 attr::label = "p11forge-bench-search", attr::application = std::to_string(i)}),
                       "C_CreateObject");
        (void)must(s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false, attr::label = "p11forge-bench-needle"}),
                   "C_CreateObject");
        const auto h = s.handle();
        const std::string needle = "p11forge-bench-needle";
        const double r = rate(1, [&](int) {
            return [&] {
                abi::CK_ATTRIBUTE a{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::label), const_cast<char*>(needle.data()),
                                    static_cast<abi::CK_ULONG>(needle.size())};
                handle found[4];
                abi::CK_ULONG n = 0;
                check(f->C_FindObjectsInit(h, &a, 1), "C_FindObjectsInit");
                check(f->C_FindObjects(h, found, 4, &n), "C_FindObjects");
                check(f->C_FindObjectsFinal(h), "C_FindObjectsFinal");
                if (n != 1) std::exit(3);
            };
        });
        report("find-label-among-1000", r, "ops/s");
        if (!std::getenv("P11FORGE_BENCH_KEEP"))
            for (auto o : must(s.find({attr::cls = object_class::data}), "find")) (void)s.destroy(o);
    }
    return 0;
}
