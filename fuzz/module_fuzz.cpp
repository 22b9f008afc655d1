// p11forge-fuzz: fuzzes any module's attribute handling.  The module is
// loaded by path through the consumer loader; every input becomes a short
// series of calls with hostile templates and lengths — C_CreateObject,
// C_FindObjectsInit/C_FindObjects, C_GetAttributeValue and C_SetAttributeValue
// with short or missing buffers, C_GenerateKey(Pair), C_CopyObject,
// C_UnwrapKey.  A crash, a hang or a memory error in the module is a finding
// (libFuzzer reports it); so is a return code the specification does not
// allow for the function, and an object that stays on the token although no
// call returned its handle (module_findings.hpp; each printed once, fatal
// with P11FORGE_FUZZ_STRICT=1).  Options and variables: `usage` below,
// printed by --help.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "leftover_objects.hpp"
#include "logged_in_session.hpp"
#include "module_findings.hpp"
#include "p11/client/session.hpp"

namespace {

using namespace p11;

struct state {
    client::module module;
    std::optional<client::session> session;
    fuzzing::module_findings findings;
};
state* global = nullptr;

void note(function_id f, abi::CK_RV r) { global->findings.note(f, static_cast<rv>(r)); }

// A call that may create objects, made between two listings of the session's
// objects: whatever appears that is not among the handles the call returned
// was left by the module (see leftover_objects.hpp) and is destroyed here.
template <class Call>
abi::CK_RV creating(function_id f, std::vector<abi::CK_OBJECT_HANDLE>& made, Call&& call) {
    const auto* fn = global->session->fn();
    const auto h = global->session->handle();
    const auto before = fuzzing::all_objects(fn, h);
    const auto returned_from = made.size();
    const auto r = call();
    note(f, r);
    if (!before) return r;
    const auto after = fuzzing::all_objects(fn, h);
    if (!after) return r;
    unsigned long stray = 0;
    for (auto o : fuzzing::appeared(*before, *after)) {
        if (std::find(made.begin() + static_cast<std::ptrdiff_t>(returned_from), made.end(), o) != made.end()) continue;
        ++stray;
        (void)fn->C_DestroyObject(h, o);
    }
    if (stray) global->findings.leftover(f, static_cast<rv>(r), stray);
    return r;
}

constexpr const char* usage =
    "usage: p11forge-fuzz [--check-returns] [libFuzzer options] [CORPUS_DIR...]\n"
    "Drives a PKCS#11 module with hostile object calls; a crash, a code outside the\n"
    "specification's list and an object left on the token are findings.\n"
    "  --check-returns   print the codes each function answered at exit, with those\n"
    "                    outside its list; exit status 1 if there are any\n"
    "  --help            this text (libFuzzer's own: -help=1)\n"
    "Environment:\n"
    "  P11FORGE_FUZZ_MODULE=PATH     the module (required)\n"
    "  P11FORGE_FUZZ_PIN=PIN         user PIN of the first initialised token; the session logs in\n"
    "  P11FORGE_FUZZ_SO_PIN=PIN      if no token is initialised: initialise the first slot's with\n"
    "                                this SO PIN and set the user PIN\n"
    "  P11FORGE_FUZZ_STRICT=1        any finding stops the run (libFuzzer keeps the input)\n"
    "  P11FORGE_FUZZ_CHECK_RETURNS=1 as --check-returns (for the corpus replayer)\n"
    "Use a throwaway token: the fuzzer creates, changes and destroys objects.\n";

bool has_option(int* argc, char*** argv, const char* option) {
    if (argc == nullptr || argv == nullptr) return false;
    for (int i = 1; i < *argc; ++i)
        if (std::strcmp((*argv)[i], option) == 0) return true;
    return false;
}

void print_summary() {
    const int status = global->findings.print_summary(stderr);
    std::fflush(stderr);
    // Only a failed check changes how the run ends; a clean run keeps the
    // exit path (and LeakSanitizer's check on it) untouched.
    if (status != 0) std::_Exit(status);
}

using fuzzing::input;

// Attribute types the fuzzer favours: the ones object creation cares about.
constexpr abi::CK_ATTRIBUTE_TYPE favoured[] = {
    0x000 /*CLASS*/, 0x001 /*TOKEN*/, 0x002 /*PRIVATE*/, 0x003 /*LABEL*/, 0x011 /*VALUE*/, 0x100 /*KEY_TYPE*/,
    0x102 /*ID*/, 0x103 /*SENSITIVE*/, 0x104 /*ENCRYPT*/, 0x108 /*SIGN*/, 0x120 /*MODULUS*/, 0x121 /*MODULUS_BITS*/,
    0x122 /*PUBLIC_EXPONENT*/, 0x123 /*PRIVATE_EXPONENT*/, 0x161 /*VALUE_LEN*/, 0x162 /*EXTRACTABLE*/,
    0x170 /*MODIFIABLE*/, 0x180 /*EC_PARAMS*/, 0x181 /*EC_POINT*/, 0x40000211 /*WRAP_TEMPLATE*/,
    0x40000600 /*ALLOWED_MECHANISMS*/, 0x80000001 /*vendor*/};

// A template whose every pointer is valid for its length (modules may trust
// the caller's memory; everything else is hostile).
struct built_template {
    std::vector<abi::CK_ATTRIBUTE> attrs;
    std::vector<std::vector<std::uint8_t>> storage;
    std::vector<std::unique_ptr<built_template>> nested;
};

// CKA_WRAP/UNWRAP/DERIVE_TEMPLATE: their value is an array of CK_ATTRIBUTE
// whose pointers the module follows, so raw fuzz bytes there would be the
// harness handing out wild pointers, not a hostile but valid caller.
constexpr bool is_attribute_array(abi::CK_ATTRIBUTE_TYPE t) {
    return t == 0x40000211 || t == 0x40000212 || t == 0x40000213;
}

built_template make_template(input& in, int depth = 0) {
    built_template t;
    const std::size_t n = in.byte() % 7;
    t.storage.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto how = in.byte();
        abi::CK_ATTRIBUTE a{};
        a.type = (how & 0x80) ? favoured[in.byte() % std::size(favoured)] : in.byte();
        if (is_attribute_array(a.type)) {
            if (depth >= 2 || (how & 0x10)) {
                a.pValue = nullptr;  // a length query shape, or an absent nested template
                a.ulValueLen = (how & 0x01) ? 0 : sizeof(abi::CK_ATTRIBUTE);
            } else {
                auto& inner = *t.nested.emplace_back(std::make_unique<built_template>(make_template(in, depth + 1)));
                a.pValue = inner.attrs.empty() ? nullptr : inner.attrs.data();
                a.ulValueLen = static_cast<abi::CK_ULONG>(inner.attrs.size() * sizeof(abi::CK_ATTRIBUTE));
                // A length that is not a whole number of CK_ATTRIBUTEs (never longer than the array).
                if ((how & 0x0c) == 0x0c && a.ulValueLen) --a.ulValueLen;
            }
            t.attrs.push_back(a);
            continue;
        }
        // Well-formed scalars most of the time, so creation gets deep into the module.
        std::size_t len = (how & 0x40) ? sizeof(abi::CK_ULONG) : (how & 0x20) ? 1 : in.byte() % 40;
        auto& bytes = t.storage.emplace_back(in.take(len));
        bytes.resize(len);
        a.pValue = (how & 0x10) && len == 0 ? nullptr : bytes.data();
        a.ulValueLen = static_cast<abi::CK_ULONG>(len);
        // Occasionally claim less than is there (a short value).
        if ((how & 0x0c) == 0x0c && a.ulValueLen) --a.ulValueLen;
        t.attrs.push_back(a);
    }
    return t;
}

abi::CK_OBJECT_HANDLE pick(input& in, const std::vector<abi::CK_OBJECT_HANDLE>& pool) {
    if (pool.empty() || (in.byte() & 7) == 0) return in.byte();  // sometimes a handle that does not exist
    return pool[in.byte() % pool.size()];
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    if (has_option(argc, argv, "--help")) {
        std::fputs(usage, stdout);
        std::exit(0);
    }
    const char* path = std::getenv("P11FORGE_FUZZ_MODULE");
    if (path == nullptr) {
        std::fprintf(stderr, "p11forge-fuzz: set P11FORGE_FUZZ_MODULE to the module to fuzz\n%s", usage);
        std::exit(2);
    }
    auto m = client::module::load(path);
    if (!m) {
        std::fprintf(stderr, "p11forge-fuzz: cannot load %s (%s)\n", path, to_string(m.code()).data());
        std::exit(2);
    }
    global = new state{std::move(*m), std::nullopt, {}};
    global->findings.strict = std::getenv("P11FORGE_FUZZ_STRICT") != nullptr;
    global->findings.check_returns =
        has_option(argc, argv, "--check-returns") || std::getenv("P11FORGE_FUZZ_CHECK_RETURNS") != nullptr;
    const char* pin = std::getenv("P11FORGE_FUZZ_PIN");
    if (const char* so_pin = std::getenv("P11FORGE_FUZZ_SO_PIN")) fuzzing::initialise_first_token(global->module, so_pin, pin);
    global->session = fuzzing::open_logged_in_session(global->module, pin);
    if (!global->session) {
        std::fprintf(stderr, "p11forge-fuzz: no initialised token to fuzz\n");
        std::exit(2);
    }
    std::atexit(print_summary);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (global == nullptr) LLVMFuzzerInitialize(nullptr, nullptr);
    const auto* f = global->session->fn();
    const auto h = global->session->handle();
    input in(data, size);
    std::vector<abi::CK_OBJECT_HANDLE> made;

    for (int step = 0; step < 8 && !in.empty(); ++step) {
        auto t = make_template(in);
        auto* tp = t.attrs.empty() && (in.byte() & 1) ? nullptr : t.attrs.data();
        const auto count = static_cast<abi::CK_ULONG>(t.attrs.size());
        switch (in.byte() % 8) {
        case 0: {
            abi::CK_OBJECT_HANDLE o = 0;
            creating(function_id::C_CreateObject, made, [&] {
                const auto r = f->C_CreateObject(h, tp, count, &o);
                if (r == 0) made.push_back(o);
                return r;
            });
            break;
        }
        case 1: {
            note(function_id::C_FindObjectsInit, f->C_FindObjectsInit(h, tp, count));
            abi::CK_OBJECT_HANDLE found[8];
            abi::CK_ULONG n = 0;
            note(function_id::C_FindObjects, f->C_FindObjects(h, found, in.byte() % 9, &n));
            note(function_id::C_FindObjectsFinal, f->C_FindObjectsFinal(h));
            break;
        }
        case 2: {
            // Outputs: NULL (length query), short and exact buffers, mixed.
            for (auto& a : t.attrs) {
                const auto mode = in.byte() % 3;
                if (mode == 0) a.pValue = nullptr;
                else if (mode == 1 && a.ulValueLen) a.ulValueLen /= 2;
            }
            note(function_id::C_GetAttributeValue, f->C_GetAttributeValue(h, pick(in, made), tp, count));
            break;
        }
        case 3: note(function_id::C_SetAttributeValue, f->C_SetAttributeValue(h, pick(in, made), tp, count)); break;
        case 4: {
            // Fast generators only: RSA generation would turn the fuzzer into a benchmark.
            constexpr abi::CK_MECHANISM_TYPE gens[] = {0x1080 /*AES_KEY_GEN*/, 0x350 /*GENERIC_SECRET_KEY_GEN*/};
            abi::CK_MECHANISM mech{gens[in.byte() % 2], nullptr, 0};
            abi::CK_OBJECT_HANDLE o = 0;
            creating(function_id::C_GenerateKey, made, [&] {
                const auto r = f->C_GenerateKey(h, &mech, tp, count, &o);
                if (r == 0) made.push_back(o);
                return r;
            });
            break;
        }
        case 5: {
            auto priv = make_template(in);
            abi::CK_MECHANISM mech{0x1040 /*EC_KEY_PAIR_GEN*/, nullptr, 0};
            abi::CK_OBJECT_HANDLE pub_h = 0, priv_h = 0;
            creating(function_id::C_GenerateKeyPair, made, [&] {
                const auto r = f->C_GenerateKeyPair(h, &mech, tp, count, priv.attrs.data(),
                                                    static_cast<abi::CK_ULONG>(priv.attrs.size()), &pub_h, &priv_h);
                if (r == 0) made.insert(made.end(), {pub_h, priv_h});
                return r;
            });
            break;
        }
        case 6: {
            abi::CK_OBJECT_HANDLE o = 0;
            const auto from = pick(in, made);
            creating(function_id::C_CopyObject, made, [&] {
                const auto r = f->C_CopyObject(h, from, tp, count, &o);
                if (r == 0) made.push_back(o);
                return r;
            });
            break;
        }
        case 7: {
            abi::CK_MECHANISM mech{(in.byte() & 1) ? 0x2109UL /*AES_KEY_WRAP*/ : 0x210AUL /*_PAD*/, nullptr, 0};
            auto wrapped = in.take(in.byte() % 48);
            abi::CK_OBJECT_HANDLE o = 0;
            const auto with = pick(in, made);
            creating(function_id::C_UnwrapKey, made, [&] {
                const auto r = f->C_UnwrapKey(h, &mech, with, wrapped.data(),
                                              static_cast<abi::CK_ULONG>(wrapped.size()), tp, count, &o);
                if (r == 0) made.push_back(o);
                return r;
            });
            break;
        }
        }
    }
    // Leave the token as we found it; an object that will not go is a finding
    // like one a failed call left.
    for (auto o : made) {
        const auto r = f->C_DestroyObject(h, o);
        note(function_id::C_DestroyObject, r);
        if (r != 0) global->findings.leftover(function_id::C_DestroyObject, static_cast<rv>(r), 1);
    }
    return 0;
}
