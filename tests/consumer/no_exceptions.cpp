// The consumer side in a program built without exceptions and RTTI (as
// firmware-adjacent and some system code is): everything is result<T>,
// checked by hand.  Loads the module given on the command line, initialises
// a throwaway token, and uses sessions, search, typed get, sign and verify.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <dlfcn.h>

#include "p11/client/session.hpp"

#if defined(__cpp_exceptions) || defined(__GXX_RTTI)
#error "this test must be built with -fno-exceptions -fno-rtti"
#endif

namespace {
int failures = 0;
void check(bool ok, const char* what) {
    std::printf("%s: %s\n", ok ? "ok" : "FAILED", what);
    if (!ok) ++failures;
}
} // namespace

int main(int argc, char** argv) {
    using namespace p11;
    if (argc != 2) return 2;
    // Keep the module mapped after the loader's dlclose: its immortal
    // statics (kept alive for calls from exit handlers) would otherwise show
    // as leaks to LeakSanitizer, which can no longer see who holds them.
    if (::dlopen(argv[1], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) == nullptr) return 2;
    auto m = client::module::load(argv[1]);
    check(m.has_value(), "load");
    if (!m) return 1;
    auto slots = m->slots(false);
    check(slots && !slots->empty(), "slots");
    if (!slots || slots->empty()) return 1;
    const auto slot = slots->front();
    check(m->init_token(slot, "12345678", "no-exceptions").has_value(), "init_token");
    {
        auto so = m->open_session(slot, true);
        check(so.has_value(), "open_session");
        if (!so) return 1;
        auto login = so->login(user_type::so, "12345678");
        check(login.has_value(), "SO login");
        check(so->init_pin("123456").has_value(), "init_pin");
    }
    auto s = m->open_session(slot, true);
    if (!s) return 1;
    // A wrong PIN is an error value, not an exception.
    check(s->login(user_type::user, "000000").code() == rv::pin_incorrect, "wrong PIN is a value");
    auto login = s->login(user_type::user, "123456");
    check(login.has_value(), "user login");
    auto pair = s->generate_key_pair(mechanism_type::ec_key_pair_gen,
                                     {attr::token = false, attr::label = "k", attr::verify = true,
                                      attr::ec_params = std::span<const std::uint8_t>(
                                          reinterpret_cast<const std::uint8_t*>("\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07"), 10)},
                                     {attr::token = false, attr::label = "k", attr::sign = true});
    check(pair.has_value(), "generate P-256 pair");
    if (!pair) return 1;
    int found = 0;
    for (auto h : s->search({attr::label = "k"})) {
        auto label = s->get(h, attr::label);
        if (label && *label == "k") ++found;
    }
    check(found == 2, "search and typed get");
    const std::string data = "no exceptions here";
    const bytes_view view(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    auto sig = s->sign(pair->private_key, mechanism_type::ecdsa_sha256, view);
    check(sig && sig->size() == 64, "sign");
    if (sig) {
        auto ok = s->verify(pair->public_key, mechanism_type::ecdsa_sha256, view, bytes_view(sig->data(), sig->size()));
        check(ok && *ok, "verify");
    }
    return failures == 0 ? 0 : 1;
}
