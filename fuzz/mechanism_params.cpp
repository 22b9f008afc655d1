// Fuzzes the mechanism parameters a module accepts: every mechanism it lists
// (and now and then one it does not), with hostile parameter structs
// (hostile_mechanism.hpp) and a key from a pool of fixed RSA/EC keys and
// fuzz-made secret keys, through C_EncryptInit, C_DecryptInit, C_SignInit,
// C_VerifyInit, C_DigestInit, C_WrapKey, C_UnwrapKey, C_DeriveKey and
// C_GenerateKey.  When an Init accepts the parameters, one operation follows
// (a parameter that passes the check but breaks the operation, like a PSS
// salt length that overflows the encoding, shows there).
//
// Invariant: no crash or sanitizer report, and every return value is in the
// function's allowed list and not CKR_GENERAL_ERROR / CKR_HOST_MEMORY
// (call_transcript.hpp).  Environment as for the module fuzzer
// (fuzz/run_module_fuzz.sh sets it up).
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include "call_transcript.hpp"
#include "fixed_key_set.hpp"
#include "fuzz_input.hpp"
#include "hostile_mechanism.hpp"
#include "logged_in_session.hpp"

namespace {

using namespace p11;
using namespace p11::fuzzing;
using abi::CK_OBJECT_HANDLE;
using abi::CK_ULONG;
using F = function_id;

struct state {
    client::module module;
    client::session session;
    abi::CK_SLOT_ID slot = 0;
    fixed_key_set keys;
    std::vector<CK_ULONG> mechanisms;  // C_GetMechanismList
};
state* global = nullptr;

CK_OBJECT_HANDLE fuzz_secret_key(input& in, const abi::CK_FUNCTION_LIST_3_0* f, abi::CK_SESSION_HANDLE s,
                                 transcript& t) {
    const CK_ULONG type = in.byte() & 1 ? ckk_aes : ckk_generic_secret;
    const std::size_t n = in.byte() % 4 ? 16 + 8 * (in.byte() % 3) : in.byte() % 70;
    auto value = in.take(n);
    value.resize(n);
    auto tmpl = usable_secret_key(type, std::move(value));
    CK_OBJECT_HANDLE h = 0;
    return t.call(F::C_CreateObject, f->C_CreateObject(s, tmpl.data(), tmpl.size(), &h)) == rv::ok ? h : 0;
}

CK_OBJECT_HANDLE pick_key(input& in, CK_OBJECT_HANDLE secret) {
    const auto& k = global->keys;
    const CK_OBJECT_HANDLE pool[] = {secret,
                                     k.rsa[0].private_key,
                                     k.rsa[0].public_key,
                                     k.rsa[1].private_key,
                                     k.rsa[1].public_key,
                                     k.ec[0].private_key,
                                     k.ec[0].public_key,
                                     k.ec[1].private_key,
                                     k.ec[2].private_key,
                                     in.byte() /* maybe no such object */};
    return in.pick(pool);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* path = std::getenv("P11FORGE_FUZZ_MODULE");
    const char* pin = std::getenv("P11FORGE_FUZZ_PIN");
    const char* so_pin = std::getenv("P11FORGE_FUZZ_SO_PIN");
    if (path == nullptr || pin == nullptr) {
        std::fprintf(stderr,
                     "mechanism-params: set P11FORGE_FUZZ_MODULE and P11FORGE_FUZZ_PIN (fuzz/run_module_fuzz.sh)\n");
        std::exit(2);
    }
    auto m = client::module::load(path);
    if (!m) {
        std::fprintf(stderr, "mechanism-params: cannot load %s\n", path);
        std::exit(2);
    }
    if (so_pin != nullptr) initialise_first_token(*m, so_pin, pin);
    auto s = open_logged_in_session(*m, pin);
    if (!s) {
        std::fprintf(stderr, "mechanism-params: no initialised token\n");
        std::exit(2);
    }
    abi::CK_SESSION_INFO info{};
    (void)s->fn()->C_GetSessionInfo(s->handle(), &info);
    global = new state{std::move(*m), std::move(*s), info.slotID, {}, {}};
    global->keys = import_fixed_keys(global->session.fn(), global->session.handle());
    CK_ULONG n = 0;
    (void)global->session.fn()->C_GetMechanismList(info.slotID, nullptr, &n);
    global->mechanisms.resize(n);
    (void)global->session.fn()->C_GetMechanismList(info.slotID, global->mechanisms.data(), &n);
    global->mechanisms.resize(n);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (global == nullptr) LLVMFuzzerInitialize(nullptr, nullptr);
    const auto* f = global->session.fn();
    abi::CK_SESSION_HANDLE s = 0;
    if (f->C_OpenSession(global->slot, 0x2 | 0x4 /*RW, SERIAL*/, nullptr, nullptr, &s) != 0) std::abort();
    input in(data, size);
    transcript t;
    t.backend = "module";
    const auto secret = fuzz_secret_key(in, f, s, t);
    const auto& list = global->mechanisms;
    const CK_ULONG type =
        in.byte() % 16 == 0 || list.empty() ? static_cast<CK_ULONG>(in.number(2)) : list[in.byte() % list.size()];
    const auto key = pick_key(in, secret);
    const auto function = in.byte() % 9;
    hostile_mechanism m(in, type, &global->keys.ec_raw_point[in.byte() % 3]);
    t.context = m.describe();
    auto payload = in.take(in.byte() % 2 ? in.byte() * 4 : in.byte());
    std::vector<std::uint8_t> sink;
    object_template derived;
    derived.session_object().ulong(cka::cls, cko_secret_key).ulong(cka::key_type, ckk_generic_secret);
    if (in.byte() & 1) derived.ulong(cka::value_len, in.byte() % 2 ? 32 : in.number(sizeof(CK_ULONG)));
    auto produce = [&](F fn, auto&& call) { (void)fetch_output(t, fn, output_mode::large_buffer, sink, call); };
    auto bytes = [&] { return static_cast<CK_ULONG>(payload.size()); };

    switch (function) {
    case 0:
        if (t.call(F::C_EncryptInit, f->C_EncryptInit(s, m.get(), key)) == rv::ok)
            produce(F::C_Encrypt,
                    [&](abi::CK_BYTE* o, CK_ULONG* n) { return f->C_Encrypt(s, payload.data(), bytes(), o, n); });
        break;
    case 1:
        if (t.call(F::C_DecryptInit, f->C_DecryptInit(s, m.get(), key)) == rv::ok)
            produce(F::C_Decrypt,
                    [&](abi::CK_BYTE* o, CK_ULONG* n) { return f->C_Decrypt(s, payload.data(), bytes(), o, n); });
        break;
    case 2:
        if (t.call(F::C_SignInit, f->C_SignInit(s, m.get(), key)) == rv::ok)
            produce(F::C_Sign,
                    [&](abi::CK_BYTE* o, CK_ULONG* n) { return f->C_Sign(s, payload.data(), bytes(), o, n); });
        break;
    case 3:
        if (t.call(F::C_VerifyInit, f->C_VerifyInit(s, m.get(), key)) == rv::ok) {
            const auto signature = in.take(in.byte() * 2);
            auto sig = signature;
            t.call(F::C_Verify, f->C_Verify(s, payload.data(), bytes(), sig.data(), static_cast<CK_ULONG>(sig.size())));
        }
        break;
    case 4:
        if (t.call(F::C_DigestInit, f->C_DigestInit(s, m.get())) == rv::ok)
            produce(F::C_Digest,
                    [&](abi::CK_BYTE* o, CK_ULONG* n) { return f->C_Digest(s, payload.data(), bytes(), o, n); });
        break;
    case 5:
        produce(F::C_WrapKey,
                [&](abi::CK_BYTE* o, CK_ULONG* n) { return f->C_WrapKey(s, m.get(), key, secret, o, n); });
        break;
    case 6: {
        CK_OBJECT_HANDLE h = 0;
        t.call(F::C_UnwrapKey,
               f->C_UnwrapKey(s, m.get(), key, payload.data(), bytes(), derived.data(), derived.size(), &h));
        break;
    }
    case 7: {
        CK_OBJECT_HANDLE h = 0;
        t.call(F::C_DeriveKey, f->C_DeriveKey(s, m.get(), key, derived.data(), derived.size(), &h));
        break;
    }
    case 8: {
        CK_OBJECT_HANDLE h = 0;
        t.call(F::C_GenerateKey, f->C_GenerateKey(s, m.get(), derived.data(), derived.size(), &h));
        break;
    }
    }
    // Closing the session ends any operation still active and drops its objects.
    (void)f->C_CloseSession(s);
    return 0;
}
