// The software token's behaviour through the real module: PINs and their
// retry counters, PIN-always keys, what never leaves the token, the
// attributes the token derives, persistence across reloads and processes,
// encryption at rest, damaged files, concurrent use and large searches.
#if !defined(_WIN32)
#include <sys/wait.h>
#endif

#include <atomic>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "der.hpp"
#include "ec_vectors.hpp"
#include "rsa_vectors.hpp"

using namespace mt;

namespace {

token_flags flags_of(const client::module& m) { return must(m.token(soft_slot), "C_GetTokenInfo").flags; }

rv raw_login(const client::session& s, user_type who, std::string_view pin) {
    return code(s.fn()->C_Login(s.handle(), static_cast<abi::CK_USER_TYPE>(who), client::module::pin_bytes(pin),
                                static_cast<abi::CK_ULONG>(pin.size())));
}
rv raw_logout(const client::session& s) { return code(s.fn()->C_Logout(s.handle())); }

struct pin_flags {
    token_flags count_low, final_try, locked;
};
constexpr pin_flags user_flags{token_flags::user_pin_count_low, token_flags::user_pin_final_try,
                               token_flags::user_pin_locked};
constexpr pin_flags so_flags{token_flags::so_pin_count_low, token_flags::so_pin_final_try, token_flags::so_pin_locked};

rsa_components key1() {
    namespace k = rsa_vectors::key1;
    return {hex(k::n), hex(k::e), hex(k::d), hex(k::p), hex(k::q), hex(k::dp), hex(k::dq), hex(k::qinv)};
}

// Wrong PINs until the token locks the PIN (the module allows 10 attempts).
void exhaust(const client::module& m, const client::session& s, user_type who, std::string_view right,
             const pin_flags& f) {
    constexpr int tries = 10;
    for (int i = 1; i <= tries; ++i) {
        INFO("wrong PIN number " << i);
        CHECK(raw_login(s, who, "wrong-pin") == rv::pin_incorrect);
        const auto flags = flags_of(m);
        CHECK(has(flags, f.count_low));
        CHECK(has(flags, f.final_try) == (i == tries - 1));
        CHECK(has(flags, f.locked) == (i == tries));
    }
    CHECK(raw_login(s, who, right) == rv::pin_locked);
    CHECK(raw_login(s, who, "wrong-pin") == rv::pin_locked);
}

} // namespace

TEST_CASE("the user PIN retry counter: COUNT_LOW, FINAL_TRY, LOCKED, persistent; a right PIN resets it", "[token][pin]") {
    token_env env;
    auto m = load();
    init_token(m);
    CHECK(has(flags_of(m), token_flags::token_initialized));
    CHECK(has(flags_of(m), token_flags::user_pin_initialized));
    CHECK_FALSE(has(flags_of(m), token_flags::user_pin_count_low));
    {
        auto s = must(m.open_session(soft_slot, true));
        // Three wrong, then the right one: the counter starts over.
        for (int i = 0; i < 3; ++i) CHECK(raw_login(s, user_type::user, "wrong-pin") == rv::pin_incorrect);
        CHECK(has(flags_of(m), token_flags::user_pin_count_low));
        CHECK_FALSE(has(flags_of(m), token_flags::user_pin_final_try));
        REQUIRE(raw_login(s, user_type::user, user_pin) == rv::ok);
        CHECK_FALSE(has(flags_of(m), token_flags::user_pin_count_low));
        REQUIRE(raw_logout(s) == rv::ok);
        // Nine wrong leave one try, and the count survives C_Finalize and a reload.
        for (int i = 0; i < 9; ++i) CHECK(raw_login(s, user_type::user, "wrong-pin") == rv::pin_incorrect);
        CHECK(has(flags_of(m), token_flags::user_pin_final_try));
    }
    m.reset();
    m = load();
    CHECK(has(flags_of(m), token_flags::user_pin_final_try));
    CHECK(has(flags_of(m), token_flags::user_pin_count_low));
    {
        auto s = must(m.open_session(soft_slot, true));
        REQUIRE(raw_login(s, user_type::user, user_pin) == rv::ok);  // the last try, right: all clear
        CHECK_FALSE(has(flags_of(m), token_flags::user_pin_final_try));
        CHECK_FALSE(has(flags_of(m), token_flags::user_pin_count_low));
        REQUIRE(raw_logout(s) == rv::ok);
        exhaust(m, s, user_type::user, user_pin, user_flags);
    }
    // Locked across a reload too.
    m.reset();
    m = load();
    CHECK(has(flags_of(m), token_flags::user_pin_locked));
    {
        auto s = must(m.open_session(soft_slot, true));
        CHECK(raw_login(s, user_type::user, user_pin) == rv::pin_locked);
        // The SO unlocks it by setting a new user PIN (C_InitPIN).
        REQUIRE(raw_login(s, user_type::so, so_pin) == rv::ok);
        must(s.init_pin("fresh-user-pin"));
        REQUIRE(raw_logout(s) == rv::ok);
        CHECK_FALSE(has(flags_of(m), token_flags::user_pin_locked));
        CHECK(raw_login(s, user_type::user, user_pin) == rv::pin_incorrect);
        CHECK(raw_login(s, user_type::user, "fresh-user-pin") == rv::ok);
    }
}

TEST_CASE("the SO PIN retry counter works the same way", "[token][pin]") {
    token_env env;
    auto m = load();
    init_token(m);
    {
        auto s = must(m.open_session(soft_slot, true));
        for (int i = 0; i < 2; ++i) CHECK(raw_login(s, user_type::so, "wrong-pin") == rv::pin_incorrect);
        CHECK(has(flags_of(m), token_flags::so_pin_count_low));
        REQUIRE(raw_login(s, user_type::so, so_pin) == rv::ok);
        CHECK_FALSE(has(flags_of(m), token_flags::so_pin_count_low));
        REQUIRE(raw_logout(s) == rv::ok);
        for (int i = 0; i < 9; ++i) CHECK(raw_login(s, user_type::so, "wrong-pin") == rv::pin_incorrect);
    }
    m.reset();
    m = load();
    CHECK(has(flags_of(m), token_flags::so_pin_final_try));
    {
        auto s = must(m.open_session(soft_slot, true));
        REQUIRE(raw_login(s, user_type::so, so_pin) == rv::ok);
        CHECK_FALSE(has(flags_of(m), token_flags::so_pin_final_try));
        REQUIRE(raw_logout(s) == rv::ok);
        exhaust(m, s, user_type::so, so_pin, so_flags);
        // The user PIN is independent.
        CHECK(raw_login(s, user_type::user, user_pin) == rv::ok);
    }
    m.reset();
    m = load();
    CHECK(has(flags_of(m), token_flags::so_pin_locked));
    // C_InitToken needs the SO PIN: locked.
    CHECK(m.init_token(soft_slot, so_pin, "again").code() == rv::pin_locked);
}

TEST_CASE("C_SetPIN changes the user's and the SO's PIN; lengths out of range are refused", "[token][pin]") {
    token_env env;
    auto m = load();
    const auto info = must(m.token(soft_slot));
    CHECK(info.min_pin_length == 4);
    CHECK(info.max_pin_length == 255);
    // CKR_PIN_LEN_RANGE from C_InitToken, C_InitPIN and C_SetPIN.
    CHECK(m.init_token(soft_slot, "123", "short").code() == rv::pin_len_range);
    CHECK(m.init_token(soft_slot, std::string(256, 'x'), "long").code() == rv::pin_len_range);
    init_token(m);
    auto s = must(m.open_session(soft_slot, true));
    {
        REQUIRE(raw_login(s, user_type::so, so_pin) == rv::ok);
        CHECK(s.init_pin("123").code() == rv::pin_len_range);
        CHECK(s.init_pin(std::string(256, 'x')).code() == rv::pin_len_range);
        // The SO's own PIN, in an SO session.
        must(s.set_pin(so_pin, "new-so-pin"));
        REQUIRE(raw_logout(s) == rv::ok);
        CHECK(raw_login(s, user_type::so, so_pin) == rv::pin_incorrect);
        REQUIRE(raw_login(s, user_type::so, "new-so-pin") == rv::ok);
        REQUIRE(raw_logout(s) == rv::ok);
    }
    // The user's PIN, logged in ...
    REQUIRE(raw_login(s, user_type::user, user_pin) == rv::ok);
    must(s.set_pin(user_pin, "second-user-pin"));
    CHECK(s.set_pin("second-user-pin", "abc").code() == rv::pin_len_range);
    CHECK(s.set_pin("second-user-pin", std::string(256, 'y')).code() == rv::pin_len_range);
    CHECK(s.set_pin("not-the-pin", "third-user-pin").code() == rv::pin_incorrect);
    REQUIRE(raw_logout(s) == rv::ok);
    CHECK(raw_login(s, user_type::user, user_pin) == rv::pin_incorrect);
    REQUIRE(raw_login(s, user_type::user, "second-user-pin") == rv::ok);
    REQUIRE(raw_logout(s) == rv::ok);
    // ... and in a public R/W session; the longest and shortest allowed PINs.
    must(s.set_pin("second-user-pin", std::string(255, 'z')));
    must(s.set_pin(std::string(255, 'z'), "1234"));
    CHECK(raw_login(s, user_type::user, "1234") == rv::ok);
    REQUIRE(raw_logout(s) == rv::ok);
    // A read-only session may not change it.
    auto ro = must(m.open_session(soft_slot, false));
    CHECK(ro.set_pin("1234", "5678").code() == rv::session_read_only);
    // The new PIN survives a reload.
    s = client::session{};
    ro = client::session{};
    m.reset();
    m = load();
    auto again = must(m.open_session(soft_slot, true));
    CHECK(raw_login(again, user_type::user, "1234") == rv::ok);
}

TEST_CASE("CKA_ALWAYS_AUTHENTICATE keys need C_Login(CKU_CONTEXT_SPECIFIC) for every use", "[token][always-auth]") {
    token_fixture t;
    const auto k = key1();
    const auto rsa = rsa_private(t.s, k, {attr::always_authenticate = true});
    const auto rsa_pub = rsa_public(t.s, k.n, k.e);
    const auto ec = must(t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                               {attr::token = false, attr::ec_params = sp(p256_params)},
                                               {attr::token = false, attr::sign = true, attr::always_authenticate = true}));
    CHECK(bool_attribute(t.s, rsa, attribute_type::always_authenticate));
    CHECK(bool_attribute(t.s, ec.private_key, attribute_type::always_authenticate));
    const auto msg = hex(rsa_vectors::key1::message_1_1);
    const auto expected = hex(rsa_vectors::key1::v15_signature_1_1);

    for (const auto key : {rsa, ec.private_key}) {
        const mechanism m = key == rsa ? mechanism(mechanism_type::sha1_rsa_pkcs) : mechanism(mechanism_type::ecdsa_sha256);
        INFO(to_string(m.type()).view());
        // Init, then the operation without the context login: CKR_USER_NOT_LOGGED_IN, and the operation is over.
        REQUIRE(sign_init(t.s, m, key) == rv::ok);
        CHECK(sign_into(t.s, msg, 512).code == rv::user_not_logged_in);
        CHECK(sign_into(t.s, msg, 512).code == rv::operation_not_initialized);
        // Multi-part likewise.
        REQUIRE(sign_init(t.s, m, key) == rv::ok);
        CHECK(code(t.fn()->C_SignUpdate(t.h(), const_cast<std::uint8_t*>(msg.data()), 4)) == rv::user_not_logged_in);
        // With it: works, once.
        REQUIRE(sign_init(t.s, m, key) == rv::ok);
        REQUIRE(raw_login(t.s, user_type::context_specific, user_pin) == rv::ok);
        const auto sig = sign_into(t.s, msg, 512);
        REQUIRE(sig.code == rv::ok);
        if (key == rsa) CHECK(sig.data == expected);
        else CHECK(must(t.s.verify(ec.public_key, m, bv(msg), bv(sig.data))));
        REQUIRE(sign_init(t.s, m, key) == rv::ok);
        CHECK(sign_into(t.s, msg, 512).code == rv::user_not_logged_in);
        // A wrong context PIN: CKR_PIN_INCORRECT; the operation still wants the right one.
        REQUIRE(sign_init(t.s, m, key) == rv::ok);
        CHECK(raw_login(t.s, user_type::context_specific, "wrong-pin") == rv::pin_incorrect);
        CHECK(has(flags_of(t.m), token_flags::user_pin_count_low));
        REQUIRE(raw_login(t.s, user_type::context_specific, user_pin) == rv::ok);
        CHECK(sign_into(t.s, msg, 512).code == rv::ok);
        CHECK_FALSE(has(flags_of(t.m), token_flags::user_pin_count_low));
        // The wrapper does Init -> context login -> Sign with the PIN it is given.
        const auto via_wrapper = must(t.s.sign(key, m, bv(msg), [](object_handle) {
            return std::optional<std::string>(std::string(user_pin));
        }));
        if (key == rsa) CHECK(via_wrapper == expected);
        CHECK(t.s.sign(key, m, bv(msg)).code() == rv::user_not_logged_in);
        // Without a PIN the wrapper ended the operation (the session stays usable).
        CHECK(sign_into(t.s, msg, 512).code == rv::operation_not_initialized);
        CHECK(t.s.sign(key, m, bv(msg), [](object_handle) { return std::optional<std::string>(); }).code() ==
              rv::function_canceled);
        REQUIRE(sign_init(t.s, m, key) == rv::ok);
        CHECK(sign_into(t.s, msg, 512).code == rv::user_not_logged_in);  // ends it too
    }
    // No operation waiting for a PIN: CKR_OPERATION_NOT_INITIALIZED.
    CHECK(raw_login(t.s, user_type::context_specific, user_pin) == rv::operation_not_initialized);
    // An ordinary key needs no context login.
    const auto plain = rsa_private(t.s, k);
    CHECK(must(t.s.sign(plain, mechanism_type::sha1_rsa_pkcs, bv(msg))) == expected);

    // Decryption with a PIN-always RSA key (oaep-vect.txt example 1.1).
    namespace o = rsa_vectors::oaep1;
    const auto dec = rsa_private(t.s, {hex(o::n), hex(o::e), hex(o::d), hex(o::p), hex(o::q), hex(o::dp), hex(o::dq), hex(o::qinv)},
                                 {attr::always_authenticate = true});
    (void)rsa_pub;
    REQUIRE_LISTED(t.m, mechanism_type::rsa_pkcs_oaep);
    const auto oaep = mech::rsa_pkcs_oaep(mechanism_type::sha_1);
    REQUIRE(decrypt_init(t.s, oaep, dec) == rv::ok);
    CHECK(decrypt_into(t.s, hex(o::encryption_1_1), 128).code == rv::user_not_logged_in);
    REQUIRE(decrypt_init(t.s, oaep, dec) == rv::ok);
    REQUIRE(raw_login(t.s, user_type::context_specific, user_pin) == rv::ok);
    const auto plain_text = decrypt_into(t.s, hex(o::encryption_1_1), 128);
    REQUIRE(plain_text.code == rv::ok);
    CHECK(plain_text.data == hex(o::message_1_1));
}

TEST_CASE("sensitive and unextractable values never leave the token", "[token][sensitive]") {
    token_fixture t;
    const auto pair = must(t.s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                                 {attr::token = false, attr::modulus_bits = 1024},
                                                 {attr::token = false, attr::sign = true}));
    CHECK(bool_attribute(t.s, pair.private_key, attribute_type::sensitive));  // the default
    for (auto a : {attribute_type::private_exponent, attribute_type::prime_1, attribute_type::prime_2,
                   attribute_type::exponent_1, attribute_type::exponent_2, attribute_type::coefficient}) {
        INFO(to_string(a).view());
        const auto answer = query_attribute(t.s, pair.private_key, a);
        CHECK(answer.code == rv::attribute_sensitive);
        CHECK(answer.length == ~abi::CK_ULONG{0});  // CK_UNAVAILABLE_INFORMATION
    }
    CHECK(must(attribute(t.s, pair.private_key, attribute_type::modulus)).size() == 128);
    // Several at once: the readable ones are filled, the sensitive one marked.
    {
        std::uint8_t mod[256], exp[256];
        abi::CK_ATTRIBUTE tmpl[2] = {{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::modulus), mod, sizeof mod},
                                     {static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::private_exponent), exp, sizeof exp}};
        CHECK(code(t.fn()->C_GetAttributeValue(t.h(), pair.private_key, tmpl, 2)) == rv::attribute_sensitive);
        CHECK(tmpl[0].ulValueLen == 128);
        CHECK(tmpl[1].ulValueLen == ~abi::CK_ULONG{0});
    }
    const auto ec = must(t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                               {attr::token = false, attr::ec_params = sp(p256_params)},
                                               {attr::token = false}));
    CHECK(query_attribute(t.s, ec.private_key, attribute_type::value).code == rv::attribute_sensitive);
    // Imported keys too, with the defaults (sensitive).
    const auto imported = rsa_private(t.s, key1());
    CHECK(query_attribute(t.s, imported, attribute_type::private_exponent).code == rv::attribute_sensitive);
    const auto imported_ec = ec_private(t.s, p256_params, hex(ec_vectors::p256_sample.x));
    CHECK(query_attribute(t.s, imported_ec, attribute_type::value).code == rv::attribute_sensitive);

    // Secret keys: sensitive, or merely unextractable, both hide CKA_VALUE (footnote 7).
    const auto value = bytes(16, 0x5a);
    const auto sensitive = aes_key(t.s, value, {attr::sensitive = true, attr::extractable = true});
    const auto unextractable = aes_key(t.s, value, {attr::sensitive = false, attr::extractable = false});
    const auto open = aes_key(t.s, value, {attr::sensitive = false, attr::extractable = true});
    CHECK(query_attribute(t.s, sensitive, attribute_type::value).code == rv::attribute_sensitive);
    CHECK(query_attribute(t.s, unextractable, attribute_type::value).code == rv::attribute_sensitive);
    CHECK(must(attribute(t.s, open, attribute_type::value)) == value);
    // Sticky: sensitive cannot go back to false, extractable cannot go back to true.
    CHECK(t.s.set(sensitive, {attr::sensitive = false}).code() == rv::attribute_read_only);
    CHECK(t.s.set(unextractable, {attr::extractable = true}).code() == rv::attribute_read_only);
    must(t.s.set(open, {attr::sensitive = true}));
    CHECK(query_attribute(t.s, open, attribute_type::value).code == rv::attribute_sensitive);
    // A copy keeps its origin's protection.
    const auto copied = must(t.s.copy(sensitive));
    CHECK(query_attribute(t.s, copied, attribute_type::value).code == rv::attribute_sensitive);
    CHECK(t.s.copy(sensitive, {attr::sensitive = false}).code() == rv::attribute_read_only);

    // C_WrapKey: an unextractable key cannot be wrapped; a sensitive extractable one can.
    const auto kek = aes_key(t.s, bytes(32, 0x11));
    CHECK(t.s.wrap(mechanism_type::aes_key_wrap, kek, unextractable).code() == rv::key_unextractable);
    const auto generated = must(t.s.generate_key(mechanism_type::aes_key_gen, {attr::token = false, attr::value_len = 32}));
    CHECK_FALSE(bool_attribute(t.s, generated, attribute_type::extractable));  // the default
    CHECK(t.s.wrap(mechanism_type::aes_key_wrap, kek, generated).code() == rv::key_unextractable);
    CHECK(t.s.wrap(mechanism_type::aes_key_wrap, kek, pair.private_key).code() == rv::key_unextractable);
    const auto wrapped = must(t.s.wrap(mechanism_type::aes_key_wrap, kek, sensitive));
    CHECK(must(t.s.decrypt(kek, mechanism_type::aes_key_wrap, bv(wrapped))) == value);
}

TEST_CASE("the attributes the token derives: LOCAL, KEY_GEN_MECHANISM, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE, PUBLIC_KEY_INFO",
          "[token][attributes]") {
    token_fixture t;
    constexpr ck_ulong unavailable = ~ck_ulong{0};
    auto flags = [&](object_handle h) {
        return std::tuple{bool_attribute(t.s, h, attribute_type::local),
                          ulong_attribute(t.s, h, attribute_type::key_gen_mechanism),
                          bool_attribute(t.s, h, attribute_type::always_sensitive),
                          bool_attribute(t.s, h, attribute_type::never_extractable)};
    };
    const auto aes_gen = static_cast<ck_ulong>(mechanism_type::aes_key_gen);
    // Generated, sensitive and unextractable from birth.
    const auto locked = must(t.s.generate_key(mechanism_type::aes_key_gen,
                                              {attr::token = false, attr::value_len = 16, attr::sensitive = true,
                                               attr::extractable = false, attr::wrap = true, attr::unwrap = true}));
    CHECK(flags(locked) == std::tuple{true, aes_gen, true, true});
    // Generated in the open; made sensitive later: it was not always sensitive.
    const auto later = must(t.s.generate_key(mechanism_type::aes_key_gen,
                                             {attr::token = false, attr::value_len = 16, attr::sensitive = false,
                                              attr::extractable = true}));
    CHECK(flags(later) == std::tuple{true, aes_gen, false, false});
    must(t.s.set(later, {attr::sensitive = true, attr::extractable = false}));
    CHECK(flags(later) == std::tuple{true, aes_gen, false, false});
    // Changing nothing relevant keeps a locked key's history.
    must(t.s.set(locked, {attr::label = "renamed"}));
    CHECK(flags(locked) == std::tuple{true, aes_gen, true, true});
    // A copy of a local key is local (2.40 base, CKA_LOCAL).
    CHECK(std::get<0>(flags(must(t.s.copy(locked)))) == true);
    // Imported: not local, no generation mechanism, not always sensitive.
    const auto imported = aes_key(t.s, bytes(16, 7), {attr::sensitive = true, attr::extractable = false});
    CHECK(flags(imported) == std::tuple{false, unavailable, false, false});
    // Unwrapped: it was outside the token, whatever the template says.
    const auto kek = aes_key(t.s, bytes(16, 9));
    const auto wrapped = must(t.s.wrap(mechanism_type::aes_key_wrap, kek,
                                       aes_key(t.s, bytes(16, 3), {attr::extractable = true})));
    const auto unwrapped = must(t.s.unwrap(mechanism_type::aes_key_wrap, kek, bv(wrapped),
                                           {attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                            attr::token = false, attr::sensitive = true, attr::extractable = false}));
    CHECK(flags(unwrapped) == std::tuple{false, unavailable, false, false});

    // (P-384 and ECDH where the token lists them; the RSA part below runs regardless.)
    [&] {
        // Key pairs: the generation mechanism on both halves; PUBLIC_KEY_INFO from the key.
        REQUIRE_LISTED(t.m, mechanism_type::ec_key_pair_gen, 384);
        const auto pair = must(t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                                     {attr::token = false, attr::ec_params = sp(p384_params)},
                                                     {attr::token = false, attr::derive = true}));
        const auto ec_gen = static_cast<ck_ulong>(mechanism_type::ec_key_pair_gen);
        CHECK(flags(pair.private_key) == std::tuple{true, ec_gen, true, true});
        CHECK(bool_attribute(t.s, pair.public_key, attribute_type::local));
        CHECK(ulong_attribute(t.s, pair.public_key, attribute_type::key_gen_mechanism) == ec_gen);
        const auto point = der::content(must(attribute(t.s, pair.public_key, attribute_type::ec_point)), 0);
        CHECK(must(attribute(t.s, pair.private_key, attribute_type::public_key_info)) == der::ec_spki(p384_params, point));
        REQUIRE_LISTED(t.m, mechanism_type::ecdh1_derive, 384);
        // Derived from a generated (always sensitive) key: sensitive and unextractable stays "always".
        const auto derived = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, point), pair.private_key,
                                             {attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                              attr::value_len = 32, attr::token = false, attr::sensitive = true,
                                              attr::extractable = false}));
        CHECK(flags(derived) == std::tuple{false, unavailable, true, true});
        const auto derived_open = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, point), pair.private_key,
                                                  {attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                                   attr::value_len = 32, attr::token = false, attr::sensitive = false,
                                                   attr::extractable = true}));
        CHECK(flags(derived_open) == std::tuple{false, unavailable, false, false});
        // From an imported base key: never "always sensitive".
        const auto imported_ec = ec_private(t.s, p256_params, hex(ec_vectors::p256_sample.x));
        const auto peer = cat(bytes{0x04}, cat(hex(ec_vectors::p256.grx), hex(ec_vectors::p256.gry)));
        const auto from_imported = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, peer), imported_ec,
                                                   {attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                                    attr::value_len = 16, attr::token = false}));
        CHECK(std::get<2>(flags(from_imported)) == false);
    }();

    // Imported RSA keys report the SPKI of RFC 3279 built from their components.
    const auto k = key1();
    CHECK(must(attribute(t.s, rsa_private(t.s, k), attribute_type::public_key_info)) == der::rsa_spki(k.n, k.e));
    CHECK(must(attribute(t.s, rsa_public(t.s, k.n, k.e), attribute_type::public_key_info)) == der::rsa_spki(k.n, k.e));
    // CKA_MODULUS_BITS of an imported public key.
    CHECK(ulong_attribute(t.s, rsa_public(t.s, k.n, k.e), attribute_type::modulus_bits) == 1024);
    CHECK(ulong_attribute(t.s, rsa_public(t.s, hex(rsa_vectors::key2::n), k.e), attribute_type::modulus_bits) == 1025);
}

TEST_CASE("token objects persist across C_Finalize and a reload of the module", "[token][persistence]") {
    token_fixture t;
    const auto value = hex("2b7e151628aed2a6abf7158809cf4f3c");  // SP 800-38A key
    must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                     attr::label = "public data", attr::application = "tests", attr::value = sp(str("hello"))}));
    must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = true,
                     attr::label = "private data", attr::value = sp(str("secret"))}));
    const auto key = aes_key(t.s, value, {attr::token = true, attr::label = "persistent aes", attr::id = sp(hex("0102"))});
    const auto gone = must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                                       attr::label = "destroyed"}));
    must(t.s.destroy(gone));
    must(t.s.set(key, {attr::label = "renamed aes"}));
    // A session object does not survive.
    must(t.s.create({attr::cls = object_class::data, attr::token = false, attr::label = "session data"}));
    (void)key;

    t.s = client::session{};
    t.m.reset();
    t.env.activate();
    t.m = load();
    {
        // Before login: public objects only.
        auto pub = must(t.m.open_session(soft_slot, false));
        CHECK(must(pub.find({attr::label = "public data"})).size() == 1);
        CHECK(must(pub.find({attr::label = "private data"})).empty());
        CHECK(must(pub.find({attr::cls = object_class::secret_key})).empty());
    }
    t.reload();
    const auto data = must(t.s.find({attr::label = "public data"}));
    REQUIRE(data.size() == 1);
    CHECK(must(attribute(t.s, data[0], attribute_type::value)) == str("hello"));
    CHECK(must(t.s.get(data[0], attr::application)) == "tests");
    const auto priv = must(t.s.find({attr::label = "private data"}));
    REQUIRE(priv.size() == 1);
    CHECK(must(attribute(t.s, priv[0], attribute_type::value)) == str("secret"));
    CHECK(must(t.s.find({attr::label = "destroyed"})).empty());
    CHECK(must(t.s.find({attr::label = "session data"})).empty());
    CHECK(must(t.s.find({attr::label = "persistent aes"})).empty());
    const auto keys = must(t.s.find({attr::cls = object_class::secret_key, attr::id = sp(hex("0102"))}));
    REQUIRE(keys.size() == 1);
    CHECK(must(t.s.get(keys[0], attr::label)) == "renamed aes");
    // The key still is the key: SP 800-38A F.1.1, first block.
    CHECK(to_hex(must(t.s.encrypt(keys[0], mechanism_type::aes_ecb, bv(hex("6bc1bee22e409f96e93d7e117393172a"))))) ==
          "3ad77bb40d7a3660a89ecaf32466ef97");
    CHECK(query_attribute(t.s, keys[0], attribute_type::value).code == rv::attribute_sensitive);
}

// Linux only: the other process is a fork()ed child (Windows has no fork;
// windows-token-persistence runs p11forge.dll in two processes under wine).
#if !defined(_WIN32)
TEST_CASE("objects made by another process are seen at the next C_FindObjectsInit", "[token][persistence]") {
    token_fixture t;
    CHECK(must(t.s.find({attr::label = "from the child"})).empty());
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child initialises the module for itself (a fork()ed child must).
        int status = 1;
        {
            auto m = client::module::load(P11FORGE_MODULE_PATH);
            if (m) {
                auto s = m->open_session(soft_slot, true);
                auto login = s ? s->login(user_type::user, user_pin) : result<client::login_guard>(rv::general_error);
                if (login) {
                    auto a = s->create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                                        attr::label = "from the child", attr::value = sp(str("public"))});
                    auto b = s->create({attr::cls = object_class::data, attr::token = true, attr::private_ = true,
                                        attr::label = "from the child, private", attr::value = sp(str("private"))});
                    auto k = s->create({attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                        attr::token = true, attr::label = "child key",
                                        attr::value = sp(hex("2b7e151628aed2a6abf7158809cf4f3c")), attr::encrypt = true});
                    status = a && b && k ? 0 : 2;
                    for (const auto* r : {&a, &b, &k})
                        if (!*r) std::fprintf(stderr, "child: C_CreateObject: %s\n", to_string(r->code()).data());
                }
            }
        }
        ::_exit(status);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    // No reload: the next search sees them.
    const auto found = must(t.s.find({attr::label = "from the child"}));
    REQUIRE(found.size() == 1);
    CHECK(must(attribute(t.s, found[0], attribute_type::value)) == str("public"));
    const auto priv = must(t.s.find({attr::label = "from the child, private"}));
    REQUIRE(priv.size() == 1);
    CHECK(must(attribute(t.s, priv[0], attribute_type::value)) == str("private"));
    const auto key = must(t.s.find({attr::label = "child key"}));
    REQUIRE(key.size() == 1);
    CHECK(to_hex(must(t.s.encrypt(key[0], mechanism_type::aes_ecb, bv(hex("6bc1bee22e409f96e93d7e117393172a"))))) ==
          "3ad77bb40d7a3660a89ecaf32466ef97");
    // And this process's own objects are still there for the child's successors.
    must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false, attr::label = "parent"}));
    CHECK(must(t.s.find({attr::cls = object_class::data})).size() == 3);
}
#endif

TEST_CASE("the token directory holds no private label and no secret key bytes in the clear", "[token][at-rest]") {
    token_fixture t;
    const std::string label = "Private-Label-9f3e1c77";
    const auto secret = str("private value 4b1d-77aa-0e6c");
    const auto key_bytes = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    const auto public_key_bytes = hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b");
    must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = true, attr::label = label,
                     attr::value = sp(secret)}));
    aes_key(t.s, key_bytes, {attr::token = true, attr::label = "aes at rest"});
    // Not private, but its value is sensitive: encrypted at rest all the same.
    aes_key(t.s, public_key_bytes, {attr::token = true, attr::private_ = false, attr::label = "public aes"});
    const auto k = key1();
    rsa_private(t.s, k, {attr::token = true, attr::label = "rsa at rest"});

    // Close everything so that nothing is pending, then look at every file.
    t.s = client::session{};
    t.m.reset();
    const auto files = t.env.files();
    REQUIRE(files.size() >= 5);  // metadata and the objects
    for (const auto& f : files) {
        INFO(f.string());
        const auto content = read_file(f);
        CHECK_FALSE(contains(content, str(label)));
        CHECK_FALSE(contains(content, secret));
        CHECK_FALSE(contains(content, key_bytes));
        CHECK_FALSE(contains(content, first(key_bytes, 8)));
        CHECK_FALSE(contains(content, public_key_bytes));
        CHECK_FALSE(contains(content, first(k.d, 16)));
        CHECK_FALSE(contains(content, first(k.p, 16)));
        CHECK_FALSE(contains(content, str(user_pin)));
        CHECK_FALSE(contains(content, str(so_pin)));
    }
    // Still all there after a reload.
    t.env.activate();
    t.m = load();
    t.s = must(t.m.open_session(soft_slot, true));
    must(t.s.login(user_type::user, user_pin)).release();
    CHECK(must(t.s.find({attr::label = label})).size() == 1);
    const auto pub_key = must(t.s.find({attr::label = "public aes"}));
    REQUIRE(pub_key.size() == 1);
    CHECK(must(t.s.encrypt(pub_key[0], mechanism_type::aes_ecb, bv(bytes(16, 0)))) ==
          must(t.s.encrypt(aes_key(t.s, public_key_bytes), mechanism_type::aes_ecb, bv(bytes(16, 0)))));
}

TEST_CASE("a damaged object file is skipped and the rest of the token loads", "[token][damage]") {
    token_fixture t;
    const auto objects_dir = t.env.token_dir() / "objects";
    auto listing = [&] {
        std::set<fs::path> names;
        if (fs::exists(objects_dir))
            for (const auto& e : fs::directory_iterator(objects_dir)) names.insert(e.path());
        return names;
    };
    // One file per object: find each object's file by what appears.
    std::map<std::string, fs::path> file_of;
    for (const std::string name : {"first", "second", "third"}) {
        const auto before = listing();
        must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                         attr::label = name, attr::value = sp(str("value of " + name))}));
        const auto after = listing();
        std::vector<fs::path> added;
        std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(added));
        REQUIRE(added.size() == 1);
        file_of[name] = added[0];
    }
    aes_key(t.s, bytes(16, 0x42), {attr::token = true, attr::label = "key"});
    t.s = client::session{};
    t.m.reset();

    SECTION("a flipped byte") {
        auto content = read_file(file_of["second"]);
        REQUIRE(content.size() > 16);
        content[content.size() / 2] ^= 0x20;
        std::ofstream(file_of["second"], std::ios::binary | std::ios::trunc)
            .write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
    }
    SECTION("a truncated file") {
        fs::resize_file(file_of["second"], fs::file_size(file_of["second"]) / 2);
    }
    SECTION("an empty file") {
        fs::resize_file(file_of["second"], 0);
    }
    SECTION("garbage in place of the record") {
        std::ofstream(file_of["second"], std::ios::binary | std::ios::trunc) << "this is not a record";
    }

    t.env.activate();
    t.m = load();  // C_Initialize succeeds
    CHECK(has(flags_of(t.m), token_flags::token_initialized));
    t.s = must(t.m.open_session(soft_slot, true));
    must(t.s.login(user_type::user, user_pin)).release();
    CHECK(must(t.s.find({attr::label = "second"})).empty());
    for (const std::string name : {"first", "third"}) {
        const auto found = must(t.s.find({attr::label = name}));
        REQUIRE(found.size() == 1);
        CHECK(must(attribute(t.s, found[0], attribute_type::value)) == str("value of " + name));
    }
    const auto key = must(t.s.find({attr::label = "key"}));
    REQUIRE(key.size() == 1);
    CHECK(must(t.s.encrypt(key[0], mechanism_type::aes_ecb, bv(bytes(16, 0)))).size() == 16);
    CHECK(must(t.s.find({attr::cls = object_class::data})).size() == 2);
    // The token keeps working: new objects, and the damaged one stays out.
    must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false, attr::label = "fourth"}));
    CHECK(must(t.s.find({attr::cls = object_class::data})).size() == 3);
    // The damaged file is set aside, not deleted: its owner may still want it back.
    CHECK(fs::exists(file_of["second"]));
}

namespace {
// The token's metadata and its second copy (src/store/meta_copies.hpp).
const char* const metadata_copies[] = {"token.meta", "token.meta.2"};

void flip_bit(const fs::path& file, std::size_t bit) {
    auto content = read_file(file);
    REQUIRE(content.size() * 8 > bit);
    content[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
}

// Three token objects: public data, private data, an AES key.
void store_three_objects(const client::session& s) {
    must(s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                   attr::label = "public data", attr::value = sp(str("public"))}));
    must(s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = true,
                   attr::label = "private data", attr::value = sp(str("private"))}));
    aes_key(s, hex("2b7e151628aed2a6abf7158809cf4f3c"), {attr::token = true, attr::label = "aes"});
}
} // namespace

TEST_CASE("a flipped bit in token.meta loses nothing: the next C_Initialize logs in and finds every object",
          "[token][damage]") {
    token_fixture t;
    store_three_objects(t.s);
    const auto serial = must(t.m.token(soft_slot)).serial;
    t.s = client::session{};
    t.m.reset();

    const auto dir = t.env.token_dir();
    SECTION("in token.meta") { flip_bit(dir / metadata_copies[0], fs::file_size(dir / metadata_copies[0]) * 4 + 3); }
    SECTION("in its second copy") { flip_bit(dir / metadata_copies[1], 77); }
    SECTION("token.meta truncated") { fs::resize_file(dir / metadata_copies[0], 40); }

    t.env.activate();
    t.m = load();
    const auto info = must(t.m.token(soft_slot));
    CHECK(has(info.flags, token_flags::token_initialized));
    CHECK(has(info.flags, token_flags::user_pin_initialized));
    CHECK(info.label == "module test");
    CHECK(info.serial == serial);
    t.s = must(t.m.open_session(soft_slot, true));
    REQUIRE(raw_login(t.s, user_type::user, user_pin) == rv::ok);
    CHECK(must(t.s.find({attr::token = true})).size() == 3);
    const auto priv = must(t.s.find({attr::label = "private data"}));
    REQUIRE(priv.size() == 1);
    CHECK(must(attribute(t.s, priv[0], attribute_type::value)) == str("private"));
    const auto key = must(t.s.find({attr::label = "aes"}));
    REQUIRE(key.size() == 1);
    CHECK(to_hex(must(t.s.encrypt(key[0], mechanism_type::aes_ecb, bv(hex("6bc1bee22e409f96e93d7e117393172a"))))) ==
          "3ad77bb40d7a3660a89ecaf32466ef97");
    REQUIRE(raw_logout(t.s) == rv::ok);
    REQUIRE(raw_login(t.s, user_type::so, so_pin) == rv::ok);
    // The logins rewrote the damaged copy.
    CHECK(read_file(dir / metadata_copies[0]) == read_file(dir / metadata_copies[1]));
}

TEST_CASE("both copies of token.meta damaged: C_InitToken sets every object file aside in quarantine/, deleting none",
          "[token][damage][init]") {
    token_fixture t;
    store_three_objects(t.s);
    t.s = client::session{};
    t.m.reset();
    const auto dir = t.env.token_dir();
    std::set<bytes> records;
    for (const auto& f : fs::directory_iterator(dir / "objects")) records.insert(read_file(f.path()));
    REQUIRE(records.size() == 3);
    for (const char* copy : metadata_copies) flip_bit(dir / copy, 100);

    t.env.activate();
    t.m = load();
    // The token cannot be read: not initialised as far as CK_TOKEN_INFO can
    // say, and no PIN opens it.
    CHECK_FALSE(has(flags_of(t.m), token_flags::token_initialized));
    {
        auto s = must(t.m.open_session(soft_slot, true));
        CHECK(raw_login(s, user_type::user, user_pin) == rv::token_not_recognized);
        CHECK(raw_login(s, user_type::so, so_pin) == rv::token_not_recognized);
    }
    // Any SO PIN starts a new token (none can be checked), but the old
    // token's files are set aside, not deleted.
    must(t.m.init_token(soft_slot, "another-so-pin", "new token"), "C_InitToken");
    CHECK(has(flags_of(t.m), token_flags::token_initialized));
    CHECK(must(t.m.token(soft_slot)).label == "new token");
    CHECK(fs::is_empty(dir / "objects"));
    std::size_t quarantined_records = 0, quarantined_metadata = 0;
    for (const auto& f : fs::directory_iterator(dir / "quarantine")) {
        const auto name = f.path().filename().string();
        if (name.starts_with("token.meta")) ++quarantined_metadata;
        else if (name.find(".obj.") != std::string::npos && records.contains(read_file(f.path()))) ++quarantined_records;
    }
    CHECK(quarantined_records == 3);
    CHECK(quarantined_metadata == 2);
    auto s = must(t.m.open_session(soft_slot, true));
    CHECK(raw_login(s, user_type::so, so_pin) == rv::pin_incorrect);
    REQUIRE(raw_login(s, user_type::so, "another-so-pin") == rv::ok);
    CHECK(must(s.find({})).empty());
}

TEST_CASE("C_InitToken again: the SO PIN is checked, objects and the user PIN go, the label changes", "[token][init]") {
    token_fixture t;
    CHECK(must(t.m.token(soft_slot)).label == "module test");
    CHECK(!must(t.m.token(soft_slot)).serial.empty());
    must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false, attr::label = "old"}));
    aes_key(t.s, bytes(16, 1), {attr::token = true, attr::label = "old key"});
    // Not while a session is open.
    CHECK(t.m.init_token(soft_slot, so_pin, "renewed").code() == rv::session_exists);
    t.s = client::session{};
    CHECK(t.m.init_token(soft_slot, "wrong-so-pin", "renewed").code() == rv::pin_incorrect);
    must(t.m.init_token(soft_slot, so_pin, "renewed"));
    const auto info = must(t.m.token(soft_slot));
    CHECK(info.label == "renewed");
    CHECK(has(info.flags, token_flags::token_initialized));
    CHECK_FALSE(has(info.flags, token_flags::user_pin_initialized));
    auto s = must(t.m.open_session(soft_slot, true));
    CHECK(must(s.find({})).empty());
    CHECK(raw_login(s, user_type::user, user_pin) == rv::user_pin_not_initialized);
    REQUIRE(raw_login(s, user_type::so, so_pin) == rv::ok);
    must(s.init_pin(user_pin));
    REQUIRE(raw_logout(s) == rv::ok);
    REQUIRE(raw_login(s, user_type::user, user_pin) == rv::ok);
    CHECK(must(s.find({})).empty());
}

TEST_CASE("C_Logout ends the handles of private objects", "[token][login]") {
    token_fixture t;
    const auto priv = must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = true,
                                       attr::label = "private"}));
    const auto pub = must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                                      attr::label = "public"}));
    const auto session_private = must(t.s.create({attr::cls = object_class::data, attr::token = false,
                                                  attr::private_ = true, attr::label = "session private"}));
    REQUIRE(raw_logout(t.s) == rv::ok);
    CHECK(query_attribute(t.s, priv, attribute_type::label).code == rv::object_handle_invalid);
    CHECK(query_attribute(t.s, session_private, attribute_type::label).code == rv::object_handle_invalid);
    CHECK(query_attribute(t.s, pub, attribute_type::label).code == rv::ok);
    CHECK(must(t.s.find({attr::label = "private"})).empty());
    // 2.40 base, C_Logout: the handles stay invalid after a new login, and
    // private session objects are gone; the token object is found again.
    REQUIRE(raw_login(t.s, user_type::user, user_pin) == rv::ok);
    CHECK(query_attribute(t.s, priv, attribute_type::label).code == rv::object_handle_invalid);
    CHECK(must(t.s.find({attr::label = "session private"})).empty());
    const auto again = must(t.s.find({attr::label = "private"}));
    REQUIRE(again.size() == 1);
    CHECK(must(t.s.get(again[0], attr::label)) == "private");
}

TEST_CASE("two threads sign with one key in two sessions at once", "[token][threads]") {
    token_fixture t;
    const auto k = key1();
    const auto rsa = rsa_private(t.s, k, {attr::token = true, attr::label = "shared rsa"});
    const auto ec_pub = ec_public(t.s, p256_params,
                                  cat(bytes{0x04}, cat(hex(ec_vectors::p256_sample.ux), hex(ec_vectors::p256_sample.uy))));
    const auto ec = ec_private(t.s, p256_params, hex(ec_vectors::p256_sample.x), {attr::token = true});
    const auto msg = hex(rsa_vectors::key1::message_1_1);
    const auto expected = hex(rsa_vectors::key1::v15_signature_1_1);
    std::atomic<int> wrong{0}, failed{0}, done{0};
    auto worker = [&] {
        auto s = t.m.open_session(soft_slot, false);
        if (!s) {
            ++failed;
            return;
        }
        for (int i = 0; i < 40; ++i) {
            auto sig = s->sign(rsa, mechanism_type::sha1_rsa_pkcs, bv(msg));
            if (!sig) ++failed;
            else if (*sig != expected) ++wrong;
            auto ecsig = s->sign(ec, mechanism_type::ecdsa_sha256, bv(msg));
            if (!ecsig) {
                ++failed;
                continue;
            }
            auto ok = s->verify(ec_pub, mechanism_type::ecdsa_sha256, bv(msg), bv(*ecsig));
            if (!ok) ++failed;
            else if (!*ok) ++wrong;
            ++done;
        }
    };
    std::thread a(worker), b(worker);
    a.join();
    b.join();
    CHECK(failed == 0);
    CHECK(wrong == 0);
    CHECK(done == 80);
}

TEST_CASE("C_FindObjects by label among 1,000 token objects", "[token][find]") {
    token_fixture t;
    char label[32];
    for (int i = 0; i < 1000; ++i) {
        std::snprintf(label, sizeof label, "object %04d", i);
        must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = (i % 2 == 1),
                         attr::label = std::string_view(label), attr::value = sp(str(std::to_string(i * 7)))}));
    }
    auto check_one = [&](int i) {
        std::snprintf(label, sizeof label, "object %04d", i);
        const auto found = must(t.s.find({attr::label = std::string_view(label)}));
        REQUIRE(found.size() == 1);
        CHECK(must(attribute(t.s, found[0], attribute_type::value)) == str(std::to_string(i * 7)));
        CHECK(must(t.s.get(found[0], attr::label)) == label);
    };
    check_one(777);
    check_one(0);
    check_one(999);
    CHECK(must(t.s.find({attr::label = "object 1000"})).empty());
    CHECK(must(t.s.find({attr::cls = object_class::data})).size() == 1000);
    // After a reload (the index is rebuilt from the files).
    t.reload();
    check_one(778);
    check_one(1);
    CHECK(must(t.s.find({attr::cls = object_class::data})).size() == 1000);
}

// The PIN-derived keys use 100,000 PBKDF2 iterations unless the config file
// says otherwise (the other tests say 1 to stay fast).  The iteration count
// is stored with each PIN wrap as a little-endian 32-bit number.
TEST_CASE("PIN derivation uses 100,000 PBKDF2 iterations by default, and the configured count otherwise",
          "[token][kdf]") {
    auto meta_of = [](const token_env& env) { return read_file(env.token_dir() / "token.meta"); };
    const auto le100000 = hex("a0860100"), le2500 = hex("c4090000");
    {
        token_env env(0);  // no kdf_iterations line
        auto m = load();
        init_token(m);
        auto s = must(m.open_session(soft_slot, true));
        CHECK(raw_login(s, user_type::user, user_pin) == rv::ok);
        CHECK(contains(meta_of(env), le100000));
    }
    {
        token_env env(2500);
        auto m = load();
        init_token(m);
        auto s = must(m.open_session(soft_slot, true));
        CHECK(raw_login(s, user_type::user, user_pin) == rv::ok);
        CHECK(contains(meta_of(env), le2500));
        CHECK_FALSE(contains(meta_of(env), le100000));
    }
}
