// The module built for Cryptoki 2.11, 2.40 and 3.0 (tests/module/meson.build
// builds the profiles the build did not choose): what each exports, reports
// and lists, and that a 2.11 module speaks only 2.11.

#include <set>

#include "p11/abi/functions.hpp"
#include "ec_vectors.hpp"
#include "rsa_vectors.hpp"
#include "support.hpp"

using namespace mt;

namespace {

struct function_row {
    const char* name;
    int major, minor;
};
#define P11_TEST_FUNCTION_ROW(name, major, minor, params, args) function_row{#name, major, minor},
constexpr function_row all_functions[] = {P11_FUNCTIONS(P11_TEST_FUNCTION_ROW)};
#undef P11_TEST_FUNCTION_ROW

// The C_ names of the one list a module exports (dlsym), and those it does not.
struct exports {
    std::vector<std::string> present, absent;
};
exports exported_functions(const char* path) {
    const auto so = open_module(path);
    exports out;
    for (const auto& f : all_functions) (so.symbol(f.name) ? out.present : out.absent).push_back(f.name);
    return out;
}
bool is_3_0(const function_row& f) { return f.major >= 3; }

template <class Flags>
void check_flags_in(Flags flags, profile p) {
    for (unsigned bit = 0; bit < 8 * sizeof(ck_ulong); ++bit) {
        const auto v = ck_ulong{1} << bit;
        if ((static_cast<ck_ulong>(flags) & v) == 0) continue;
        INFO(to_string(static_cast<Flags>(v)).view());
        CHECK(exists_in(static_cast<Flags>(v), p));
    }
}

} // namespace

TEST_CASE("the 2.40 build exports the 68 functions of 2.x and no C_GetInterface", "[profiles]") {
    const auto e = exported_functions(P11FORGE_MODULE_PATH);
    CHECK(e.present.size() == 68);
    for (const auto& f : all_functions) {
        INFO(f.name);
        CHECK((std::find(e.present.begin(), e.present.end(), f.name) != e.present.end()) == !is_3_0(f));
    }
    {
        const auto so = open_module(P11FORGE_MODULE_PATH);
        CHECK(so.symbol("C_GetInterface") == nullptr);
        CHECK(so.symbol("C_GetInterfaceList") == nullptr);
    }

    token_env env;
    auto m = load(P11FORGE_MODULE_PATH);
    const auto info = must(m.info());
    CHECK(info.cryptoki.major == 2);
    CHECK(info.cryptoki.minor == 40);
    const auto v = function_list_version(P11FORGE_MODULE_PATH);
    CHECK(int(v.major) == 2);
    CHECK(int(v.minor) == 40);
    CHECK_FALSE(m.supports(function_id::C_LoginUser));
    // Nothing newer than 2.40 in its lists.
    for (const auto& mi : must(m.mechanisms(soft_slot))) {
        INFO(to_string(mi.type).view());
        CHECK(exists_in(mi.type, profiles::v2_40));
        check_flags_in(mi.flags, profiles::v2_40);
    }
}

TEST_CASE("the 2.11 build reports 2.11 and nothing newer", "[profiles][wine-lacks]") {
    const auto e = exported_functions(P11FORGE_MODULE_2_11_PATH);
    CHECK(e.present.size() == 68);
    for (const auto& name : e.present) {
        INFO(name);
        const auto* row = std::find_if(std::begin(all_functions), std::end(all_functions),
                                       [&](const function_row& f) { return name == f.name; });
        CHECK_FALSE(is_3_0(*row));
    }
    const auto v = function_list_version(P11FORGE_MODULE_2_11_PATH);
    CHECK(int(v.major) == 2);
    CHECK(int(v.minor) == 11);

    token_fixture t(P11FORGE_MODULE_2_11_PATH);
    const auto info = must(t.m.info());
    CHECK(info.cryptoki.major == 2);
    CHECK(info.cryptoki.minor == 11);

    // Mechanisms: only those 2.11 defines, with flags 2.11 defines.
    const auto listed = must(t.m.mechanisms(soft_slot));
    std::set<mechanism_type> types;
    for (const auto& mi : listed) {
        INFO(to_string(mi.type).view());
        types.insert(mi.type);
        CHECK(exists_in(mi.type, profiles::v2_11));
        check_flags_in(mi.flags, profiles::v2_11);
    }
    // Introduced later (2.20: SHA-256/384/512; 2.20 amendment 3: SHA-224, AES-CTR;
    // 2.30: GCM, CMAC, ECDSA with SHA-2; 2.40: AES key wrap).
    for (auto later : {mechanism_type::aes_gcm, mechanism_type::sha224, mechanism_type::sha256, mechanism_type::sha512,
                       mechanism_type::sha256_hmac, mechanism_type::sha256_rsa_pkcs, mechanism_type::sha256_rsa_pkcs_pss,
                       mechanism_type::aes_cmac, mechanism_type::aes_cmac_general, mechanism_type::aes_ctr,
                       mechanism_type::ecdsa_sha256, mechanism_type::aes_key_wrap, mechanism_type::aes_key_wrap_pad}) {
        INFO(to_string(later).view());
        CHECK_FALSE(types.contains(later));
        CHECK(t.m.mechanism(soft_slot, later).code() == rv::mechanism_invalid);
    }
    // ... while what 2.11 has is there.
    for (auto present : {mechanism_type::sha_1, mechanism_type::sha_1_hmac, mechanism_type::rsa_pkcs,
                         mechanism_type::rsa_pkcs_pss, mechanism_type::sha1_rsa_pkcs_pss, mechanism_type::rsa_pkcs_oaep,
                         mechanism_type::aes_key_gen, mechanism_type::aes_ecb, mechanism_type::aes_cbc_pad,
                         mechanism_type::ec_key_pair_gen, mechanism_type::ecdsa, mechanism_type::ecdsa_sha1,
                         mechanism_type::ecdh1_derive}) {
        INFO(to_string(present).view());
        if (mt::listed(t.m, present)) CHECK(types.contains(present));
    }
    // A SHA-256 operation is refused like any unknown mechanism ...
    CHECK(t.s.digest(mechanism_type::sha256, bv(str("abc"))).code() == rv::mechanism_invalid);
    // ... and SHA-256 (or its MGF1) inside an OAEP or PSS parameter is an invalid parameter
    // (where the token lists OAEP and PSS).
    [&] {
        REQUIRE_LISTED(t.m, mechanism_type::rsa_pkcs_oaep);
        REQUIRE_LISTED(t.m, mechanism_type::rsa_pkcs_pss);
        const auto pair = must(t.s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                                     {attr::token = false, attr::modulus_bits = 1024, attr::encrypt = true},
                                                     {attr::token = false, attr::decrypt = true, attr::sign = true}));
        CHECK(t.s.encrypt(pair.public_key, mech::rsa_pkcs_oaep(mechanism_type::sha256), bv(str("x"))).code() ==
              rv::mechanism_param_invalid);
        abi::CK_RSA_PKCS_OAEP_PARAMS mixed{static_cast<abi::CK_ULONG>(mechanism_type::sha_1),
                                           static_cast<abi::CK_ULONG>(mgf::sha256), 1, nullptr, 0};
        CHECK(t.s.encrypt(pair.public_key, mechanism::with_struct(mechanism_type::rsa_pkcs_oaep, mixed), bv(str("x")))
                  .code() == rv::mechanism_param_invalid);
        abi::CK_RSA_PKCS_PSS_PARAMS pss{static_cast<abi::CK_ULONG>(mechanism_type::sha256),
                                        static_cast<abi::CK_ULONG>(mgf::sha256), 32};
        CHECK(t.s.sign(pair.private_key, mechanism::with_struct(mechanism_type::rsa_pkcs_pss, pss), bv(bytes(32, 1)))
                  .code() == rv::mechanism_param_invalid);
        // What 2.11 defines works: OAEP with SHA-1.
        const auto sealed = must(t.s.encrypt(pair.public_key, mech::rsa_pkcs_oaep(mechanism_type::sha_1), bv(str("x"))));
        CHECK(must(t.s.decrypt(pair.private_key, mech::rsa_pkcs_oaep(mechanism_type::sha_1), bv(sealed))) == str("x"));
    }();
    // The mechanisms it has work (FIPS 180-4, pkcs1v15sign-vectors.txt, SP 800-38A F.2.1).
    CHECK(to_hex(must(t.s.digest(mechanism_type::sha_1, bv(str("abc"))))) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    namespace k = rsa_vectors::key1;
    const auto rsa = rsa_private(t.s, {hex(k::n), hex(k::e), hex(k::d), hex(k::p), hex(k::q), hex(k::dp), hex(k::dq),
                                       hex(k::qinv)});
    CHECK(must(t.s.sign(rsa, mechanism_type::sha1_rsa_pkcs, bv(hex(k::message_1_1)))) == hex(k::v15_signature_1_1));
    const auto aes = aes_key(t.s, hex("2b7e151628aed2a6abf7158809cf4f3c"));
    CHECK(to_hex(must(t.s.encrypt(aes, mech::aes_cbc(hex("000102030405060708090a0b0c0d0e0f")),
                                  bv(hex("6bc1bee22e409f96e93d7e117393172a"))))) == "7649abac8119b246cee98e9b12e9197d");

    // Token and slot flags 2.11 defines (the PIN counters are 2.10).
    const auto ti = must(t.m.token(soft_slot));
    check_flags_in(ti.flags, profiles::v2_11);
    check_flags_in(must(t.m.slot(soft_slot)).flags, profiles::v2_11);

    // Newer attributes do not exist: CKA_ALWAYS_AUTHENTICATE (2.20) in a template ...
    CHECK(t.s.create({attr::cls = object_class::private_key, attr::key_type = key_type::rsa, attr::token = false,
                      attr::modulus = sp(hex(k::n)), attr::public_exponent = sp(hex(k::e)),
                      attr::private_exponent = sp(hex(k::d)), attr::always_authenticate = true})
              .code() == rv::attribute_type_invalid);
    CHECK(t.s.create({attr::cls = object_class::data, attr::token = false, attr::destroyable = false}).code() ==
          rv::attribute_type_invalid);
    // ... or on an object: CKR_ATTRIBUTE_TYPE_INVALID, the length unavailable.
    for (auto newer : {attribute_type::always_authenticate, attribute_type::public_key_info, attribute_type::check_value,
                       attribute_type::unique_id, attribute_type::copyable}) {
        INFO(to_string(newer).view());
        const auto a = query_attribute(t.s, rsa, newer);
        CHECK(a.code == rv::attribute_type_invalid);
        CHECK(a.length == ~abi::CK_ULONG{0});
    }
    // The wrapper reads "not there" as false.
    CHECK_FALSE(must(t.s.get_flag_or_false(rsa, attribute_type::always_authenticate)));

    // Codes 2.11 does not define come back as their fallback: CKR_ACTION_PROHIBITED
    // (2.40) for a change to an unmodifiable object, CKR_CURVE_NOT_SUPPORTED (2.40).
    const auto frozen = must(t.s.create({attr::cls = object_class::data, attr::token = false, attr::modifiable = false}));
    const auto r = t.s.set(frozen, {attr::label = "changed"}).code();
    CHECK(r != rv::action_prohibited);
    CHECK(r == downgrade(rv::action_prohibited, profiles::v2_11));
    CHECK(exists_in(r, profiles::v2_11));
    const auto curve = t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                             {attr::token = false, attr::ec_params = sp(secp256k1_params)},
                                             {attr::token = false})
                           .code();
    CHECK(curve != rv::curve_not_supported);
    CHECK(curve == downgrade(rv::curve_not_supported, profiles::v2_11));
    CHECK(exists_in(curve, profiles::v2_11));
    // A sweep of failing calls: every code is a 2.11 code.
    std::vector<rv> codes{
        t.s.digest(mechanism_type::aes_gcm, bv(str("x"))).code(),
        t.s.generate_key(mechanism_type::aes_key_gen, {attr::token = false, attr::value_len = 17}).code(),
        t.s.generate_key(mechanism_type::aes_key_gen, {attr::token = false}).code(),
        t.s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen, {attr::token = false, attr::modulus_bits = 512},
                              {attr::token = false})
            .code(),
        t.s.encrypt(aes, mechanism_type::aes_ecb, bv(bytes(15, 0))).code(),
        t.s.decrypt(aes, mech::aes_cbc_pad(bytes(16, 0)), bv(bytes(16, 0))).code(),
        t.s.sign(aes, mechanism_type::sha1_rsa_pkcs, bv(str("x"))).code(),
        t.s.verify(rsa, mechanism_type::sha1_rsa_pkcs, bv(str("x")), bv(bytes(128, 1))).code(),
        code(t.fn()->C_DestroyObject(t.h(), 0xdeadbeef)),
        code(t.fn()->C_Login(t.h(), 7, nullptr, 0)),
    };
    for (auto c : codes) {
        INFO(to_string(c).view());
        CHECK(exists_in(c, profiles::v2_11));
    }
}

TEST_CASE("the 3.0 build offers CK_FUNCTION_LIST_3_0 through C_GetInterface, fork-safe, and CKA_UNIQUE_ID", "[profiles]") {
    keep_mapped(P11FORGE_MODULE_3_0_PATH);
    const auto e = exported_functions(P11FORGE_MODULE_3_0_PATH);
    CHECK(e.present.size() == std::size(all_functions));
    CHECK(e.absent.empty());

    const auto so = open_module(P11FORGE_MODULE_3_0_PATH);
    using list_fn = abi::CK_RV (*)(abi::CK_INTERFACE_PTR, abi::CK_ULONG_PTR);
    using get_fn = abi::CK_RV (*)(abi::CK_UTF8CHAR_PTR, abi::CK_VERSION_PTR, abi::CK_INTERFACE_PTR_PTR, abi::CK_FLAGS);
    auto get_list = reinterpret_cast<list_fn>(so.symbol("C_GetInterfaceList"));
    auto get = reinterpret_cast<get_fn>(so.symbol("C_GetInterface"));
    REQUIRE(get_list);
    REQUIRE(get);
    abi::CK_ULONG n = 0;
    REQUIRE(get_list(nullptr, &n) == 0);
    REQUIRE(n >= 1);
    std::vector<abi::CK_INTERFACE> interfaces(n);
    REQUIRE(get_list(interfaces.data(), &n) == 0);
    bool has_3_0 = false;
    const auto fork_safe = static_cast<abi::CK_FLAGS>(interface_flags::interface_fork_safe);
    for (const auto& i : interfaces) {
        CHECK(std::string(reinterpret_cast<const char*>(i.pInterfaceName)) == "PKCS 11");
        const auto* v = static_cast<const abi::CK_VERSION*>(i.pFunctionList);
        CHECK((i.flags & fork_safe) == fork_safe);
        if (v->major == 3 && v->minor == 0) has_3_0 = true;
    }
    CHECK(has_3_0);
    abi::CK_UTF8CHAR name[] = "PKCS 11";
    abi::CK_VERSION v30{3, 0};
    abi::CK_INTERFACE_PTR iface = nullptr;
    REQUIRE(get(name, &v30, &iface, 0) == 0);
    REQUIRE(iface);
    const auto* list = static_cast<const abi::CK_FUNCTION_LIST_3_0*>(iface->pFunctionList);
    CHECK(int(list->version.major) == 3);
    CHECK(int(list->version.minor) == 0);
    CHECK((iface->flags & fork_safe) == fork_safe);
    CHECK(list->C_GetInterface != nullptr);
    CHECK(list->C_LoginUser != nullptr);
    CHECK(list->C_SessionCancel != nullptr);
    // The default interface (no name, no version) is the 3.0 one; asking for fork safety finds it.
    REQUIRE(get(nullptr, nullptr, &iface, 0) == 0);
    CHECK(int(static_cast<const abi::CK_VERSION*>(iface->pFunctionList)->major) == 3);
    REQUIRE(get(name, nullptr, &iface, fork_safe) == 0);
    // C_GetFunctionList is the 2.x list, so it cannot say more than 2.40.
    const auto v2 = function_list_version(P11FORGE_MODULE_3_0_PATH);
    CHECK(int(v2.major) == 2);
    CHECK(int(v2.minor) == 40);

    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto info = must(t.m.info());
    CHECK(info.cryptoki.major == 3);
    CHECK(info.cryptoki.minor == 0);
    CHECK(int(t.m.functions().claimed_version().major) == 3);
    CHECK(t.m.supports(function_id::C_LoginUser));
    CHECK(t.m.supports(function_id::C_MessageEncryptInit));

    // CKA_UNIQUE_ID: readable, distinct, stable, and not the caller's to set.
    const auto a = must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                                    attr::label = "first"}));
    const auto b = aes_key(t.s, bytes(16, 1), {attr::token = true, attr::label = "second"});
    const auto c = must(t.s.create({attr::cls = object_class::data, attr::token = false, attr::label = "session"}));
    const auto id_a = must(t.s.get(a, attr::unique_id));
    const auto id_b = must(t.s.get(b, attr::unique_id));
    CHECK(!id_a.empty());
    CHECK(!id_b.empty());
    CHECK(id_a != id_b);
    (void)c;
    CHECK(t.s.set(a, {attr::unique_id = "mine"}).code() == rv::attribute_read_only);
    CHECK(t.s.create({attr::cls = object_class::data, attr::token = false, attr::unique_id = "mine"}).code() ==
          rv::attribute_read_only);
    CHECK(must(t.s.get(must(t.s.copy(a, {attr::label = "copy"})), attr::unique_id)) != id_a);
    t.reload(P11FORGE_MODULE_3_0_PATH);
    const auto again = must(t.s.find({attr::label = "first"}));
    REQUIRE(again.size() == 1);
    CHECK(must(t.s.get(again[0], attr::unique_id)) == id_a);
    // Found by it, too.
    const auto by_id = must(t.s.find({attr::unique_id = std::string_view(id_b)}));
    REQUIRE(by_id.size() == 1);
    CHECK(must(t.s.get(by_id[0], attr::label)) == "second");

    // C_LoginUser (3.0) with no user name is C_Login.
    REQUIRE(code(t.fn()->C_Logout(t.h())) == rv::ok);
    CHECK(code(t.fn()->C_LoginUser(t.h(), static_cast<abi::CK_USER_TYPE>(user_type::user),
                                   client::module::pin_bytes(user_pin), static_cast<abi::CK_ULONG>(user_pin.size()),
                                   nullptr, 0)) == rv::ok);
}

// The KDF inside an ECDH parameter is a constant of its own and is judged as
// the mechanism is: CKD_SHA256_KDF is 2.30's and CKD_SHA256_KDF_SP800 3.0's
// (RFC 5903's P-256 exchange; the derived values are test_kat_asymmetric's).
TEST_CASE("an ECDH parameter's KDF must exist in the build's profile", "[profiles][wine-lacks]") {
    {
        token_fixture t;
        REQUIRE_LISTED(t.m, mechanism_type::ecdh1_derive);
    }
    const auto peer = cat(bytes{0x04}, cat(hex(ec_vectors::p256.grx), hex(ec_vectors::p256.gry)));
    const attribute_template secret{attr::cls = object_class::secret_key, attr::key_type = key_type::generic_secret,
                                    attr::token = false, attr::value_len = 32};
    const auto derive = [&](const char* path, ec_kdf kdf) {
        INFO(path << " with " << to_string(kdf).view());
        token_fixture t(path);
        const auto initiator = ec_private(t.s, p256_params, hex(ec_vectors::p256.i));
        return t.s.derive(ecdh(mechanism_type::ecdh1_derive, peer, kdf), initiator, secret).code();
    };
    CHECK(derive(P11FORGE_MODULE_PATH, ec_kdf::sha256_kdf) == rv::ok);  // the 2.40 build
    CHECK(derive(P11FORGE_MODULE_PATH, ec_kdf::sha256_kdf_sp800) == rv::mechanism_param_invalid);
    CHECK(derive(P11FORGE_MODULE_3_0_PATH, ec_kdf::sha256_kdf_sp800) == rv::ok);
    CHECK(derive(P11FORGE_MODULE_2_11_PATH, ec_kdf::sha1_kdf) == rv::ok);
    CHECK(derive(P11FORGE_MODULE_2_11_PATH, ec_kdf::sha256_kdf) == rv::mechanism_param_invalid);
}
