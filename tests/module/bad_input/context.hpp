// What every bad-input case calls with: the module (the 3.0 build, so that
// every function of the list is exported), a fresh token with the user
// logged in, real keys of each kind, and valid inputs for them (a ciphertext,
// a signature, a wrapped key), so that a call gets past the session, key and
// operation checks and meets the one argument a case spoils.
//
// Made in each crash-isolated child (this program started again); every
// case then runs on a session of its own, closed afterwards, which ends
// whatever operation the case left.  The keys are session objects of another
// session, so they outlive the case sessions.
#pragma once

#include <array>
#include <cstring>
#include <memory>
#include <optional>

#include "p11/constants/generator_function.hpp"

#include "../der.hpp"
#include "../support.hpp"
#include "rsa_vectors.hpp"

namespace mt::bad_input {

using namespace p11::abi;

// A template whose values live as long as the context.
struct ck_template {
    std::vector<CK_ATTRIBUTE> attrs;
    std::vector<attribute_type> types;
    std::vector<bytes> values;
    ck_template& add(attribute_type t, bytes v) {
        types.push_back(t);
        values.push_back(std::move(v));
        return *this;
    }
    // After the last add(): the values no longer move.
    void finish() {
        attrs.clear();
        for (std::size_t i = 0; i < types.size(); ++i)
            attrs.push_back({static_cast<CK_ATTRIBUTE_TYPE>(types[i]), values[i].data(),
                             static_cast<CK_ULONG>(values[i].size())});
    }
    CK_ATTRIBUTE_PTR ptr() { return attrs.data(); }
    [[nodiscard]] CK_ULONG count() const { return static_cast<CK_ULONG>(attrs.size()); }
};

inline bytes ulong_value(ck_ulong v) { return ulong_bytes(v); }
inline bytes bool_value(bool b) { return bytes{static_cast<std::uint8_t>(b ? 1 : 0)}; }

// A token initialised once, copied by every child: initialising one per
// child (C_InitToken, C_InitPIN: durable writes) was most of a child's setup.
struct prepared_token {
    token_env env;
    prepared_token() {
        auto m = load(P11FORGE_MODULE_3_0_PATH);
        init_token(m);
    }  // the module is finalised here: the children initialise it themselves
};

// The child's copy of the prepared token, the module, and a logged-in session.
struct logged_in_token {
    token_env env;
    client::module m;
    client::session s;
    // `prepared_dir`: the token directory of the parent's prepared_token.
    explicit logged_in_token(const std::filesystem::path& prepared_dir) {
        // Entry by entry: onto the token directory token_env made, which
        // copying the directory itself refuses on Windows ("File exists").
        for (const auto& e : std::filesystem::directory_iterator(prepared_dir))
            std::filesystem::copy(e.path(), env.token_dir() / e.path().filename(),
                                  std::filesystem::copy_options::recursive);
        m = load(P11FORGE_MODULE_3_0_PATH);
        s = must(m.open_session(soft_slot, true), "C_OpenSession");
        must(s.login(user_type::user, user_pin), "C_Login(USER)").release();  // for the session's lifetime
    }
};

struct context {
    logged_in_token fixture;
    const CK_FUNCTION_LIST_3_0* f = fixture.s.fn();
    CK_SESSION_HANDLE session = 0;  // the current case's own session

    object_handle aes, hmac, kek, extractable, rsa_private, rsa_public, ec_private, data_object;
    object_handle scratch_object = 0;  // made by a case's preparation (C_DestroyObject's victim)

    alignas(16) std::array<std::uint8_t, 4096> in{};
    alignas(16) std::array<std::uint8_t, 4096> out{};
    CK_ULONG out_len = 0;
    CK_ULONG count = 0;
    std::array<CK_OBJECT_HANDLE, 16> handles{};
    CK_OBJECT_HANDLE new_handle = 0, new_handle2 = 0;
    CK_INFO info{};
    CK_SLOT_INFO slot_info{};
    CK_TOKEN_INFO token_info{};
    CK_MECHANISM_INFO mechanism_info{};
    CK_SESSION_INFO session_info{};
    CK_SLOT_ID slot = 0;
    CK_FUNCTION_LIST_PTR function_list = nullptr;
    CK_INTERFACE_PTR interface_ptr = nullptr;
    // What a pointer that must be NULL points to instead.
    std::array<std::uint8_t, 64> junk{};

    bytes user_pin_bytes = str(user_pin), so_pin_bytes = str(so_pin), label = bytes(32, ' ');
    bytes username = str("user");
    bytes plain = bytes(20, 0x5a);  // CBC_PAD: 32 bytes of ciphertext, 4 in the last block
    bytes ciphertext, signature, recoverable, wrapped, peer_point;
    std::array<std::uint8_t, 16> iv{};
    CK_ECDH1_DERIVE_PARAMS ecdh_params{};
    CK_GCM_PARAMS gcm_params{};

    CK_MECHANISM cbc_pad{static_cast<CK_MECHANISM_TYPE>(mechanism_type::aes_cbc_pad), iv.data(), 16};
    CK_MECHANISM sha256 = plain_ck(mechanism_type::sha256);
    CK_MECHANISM hmac_sha256 = plain_ck(mechanism_type::sha256_hmac);
    CK_MECHANISM rsa_pkcs = plain_ck(mechanism_type::rsa_pkcs);
    CK_MECHANISM key_wrap = plain_ck(mechanism_type::aes_key_wrap);
    CK_MECHANISM aes_key_gen = plain_ck(mechanism_type::aes_key_gen);
    CK_MECHANISM ec_key_pair_gen = plain_ck(mechanism_type::ec_key_pair_gen);
    CK_MECHANISM ecdh{static_cast<CK_MECHANISM_TYPE>(mechanism_type::ecdh1_derive), &ecdh_params,
                      sizeof ecdh_params};
    CK_MECHANISM gcm{static_cast<CK_MECHANISM_TYPE>(mechanism_type::aes_gcm), &gcm_params, sizeof gcm_params};
    // The 3.0 message-based calls: GCM without an Init parameter, one
    // message's parameter (the caller's IV as it is), and a message sealed
    // under it with input() as both the plaintext and the associated data.
    CK_MECHANISM gcm_messages = plain_ck(mechanism_type::aes_gcm);
    std::array<std::uint8_t, 16> message_tag{}, sealed_tag{};
    CK_GCM_MESSAGE_PARAMS message_params{};
    CK_GCM_MESSAGE_PARAMS sealed_params{};
    bytes sealed;

    ck_template data_template, label_template, class_template, get_label, aes_template, ec_public_template,
        ec_private_template, unwrap_template, derive_template;
    std::array<std::uint8_t, 64> label_buffer{};

    explicit context(const std::filesystem::path& prepared_dir) : fixture(prepared_dir) {
        const auto& s = fixture.s;
        aes = aes_key(s, bytes(16, 0x11));
        kek = aes_key(s, bytes(16, 0x12));
        extractable = aes_key(s, bytes(16, 0x13), {attr::extractable = true});
        hmac = secret_key(s, key_type::generic_secret, bytes(32, 0x14));
        namespace k = rsa_vectors::key1;
        rsa_private = mt::rsa_private(s, {hex(k::n), hex(k::e), hex(k::d), hex(k::p), hex(k::q), hex(k::dp),
                                          hex(k::dq), hex(k::qinv)});
        rsa_public = mt::rsa_public(s, hex(k::n), hex(k::e));
        const auto ec = must(s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                                 {attr::token = false, attr::ec_params = sp(p256_params)},
                                                 {attr::token = false, attr::derive = true}));
        ec_private = ec.private_key;
        peer_point = der::content(must(attribute(s, ec.public_key, attribute_type::ec_point)), 0);
        data_object = must(s.create({attr::cls = object_class::data, attr::token = false, attr::label = "data"}));
        ciphertext = must(s.encrypt(aes, mech::aes_cbc_pad(bytes(16, 0)), bv(plain)));
        signature = must(s.sign(hmac, mechanism_type::sha256_hmac, bv(bytes(16, 0))));
        wrapped = must(s.wrap(mechanism_type::aes_key_wrap, kek, extractable));
        // Only where the token can (not wine's CNG): the recover cases are skipped by name elsewhere.
        if (const auto info = fixture.m.mechanism(0, mechanism_type::rsa_pkcs);
            info && has(info->flags, mechanism_flags::sign_recover))
            recoverable = sign_recovered(s);

        ecdh_params.kdf = static_cast<CK_EC_KDF_TYPE>(ec_kdf::null);
        ecdh_params.pPublicData = peer_point.data();
        ecdh_params.ulPublicDataLen = static_cast<CK_ULONG>(peer_point.size());
        gcm_params.pIv = iv.data();
        gcm_params.ulIvLen = 12;
        gcm_params.ulIvBits = 96;
        gcm_params.ulTagBits = 128;
        message_params = {iv.data(), 12, 0, static_cast<CK_GENERATOR_FUNCTION>(generator_function::no_generate),
                          message_tag.data(), 128};
        sealed_params = message_params;
        sealed_params.pTag = sealed_tag.data();
        // Only where the token can (not a CNG token): the message cases are skipped by name elsewhere.
        if (const auto info = fixture.m.mechanism(0, mechanism_type::aes_gcm);
            info && has(info->flags, mechanism_flags::message_encrypt))
            sealed = seal_message(s);

        const auto cls = [](object_class c) { return ulong_value(static_cast<ck_ulong>(c)); };
        data_template.add(attribute_type::cls, cls(object_class::data)).add(attribute_type::token, bool_value(false));
        data_template.add(attribute_type::label, str("made"));
        data_template.finish();
        label_template.add(attribute_type::label, str("changed")).finish();
        class_template.add(attribute_type::cls, cls(object_class::data)).finish();
        get_label.attrs = {{static_cast<CK_ATTRIBUTE_TYPE>(attribute_type::label), label_buffer.data(),
                            static_cast<CK_ULONG>(label_buffer.size())}};
        aes_template.add(attribute_type::token, bool_value(false)).add(attribute_type::value_len, ulong_value(16));
        aes_template.finish();
        ec_public_template.add(attribute_type::token, bool_value(false)).add(attribute_type::ec_params, p256_params);
        ec_public_template.finish();
        ec_private_template.add(attribute_type::token, bool_value(false)).finish();
        unwrap_template.add(attribute_type::cls, cls(object_class::secret_key))
            .add(attribute_type::key_type, ulong_value(static_cast<ck_ulong>(key_type::aes)))
            .add(attribute_type::token, bool_value(false));
        unwrap_template.finish();
        derive_template.add(attribute_type::cls, cls(object_class::secret_key))
            .add(attribute_type::key_type, ulong_value(static_cast<ck_ulong>(key_type::generic_secret)))
            .add(attribute_type::token, bool_value(false))
            .add(attribute_type::value_len, ulong_value(32));
        derive_template.finish();
        token_flags_at_start = token_flags().value_or(0);
    }

    // What makes the context other than a fresh one for the next function's
    // cases, "" when nothing: a module finalised (C_Initialize's cases), the
    // keys' session closed or logged out (C_CloseAllSessions, C_Logout), a
    // key gone, or a token flag changed (a PIN failure counted by a wrong
    // PIN's case: the next ones would meet a token closer to locking).
    [[nodiscard]] std::string unsound() const {
        CK_SESSION_INFO si{};
        if (const auto r = code(f->C_GetSessionInfo(fixture.s.handle(), &si)); r != rv::ok)
            return "C_GetSessionInfo on the keys' session: " + std::string(to_string(r).view());
        if (si.state != static_cast<CK_STATE>(session_state::rw_user_functions))
            return "the keys' session is no longer logged in as the user";
        for (const auto key : {aes, hmac, kek, extractable, rsa_private, rsa_public, ec_private, data_object}) {
            CK_OBJECT_CLASS cls = 0;
            CK_ATTRIBUTE a{static_cast<CK_ATTRIBUTE_TYPE>(attribute_type::cls), &cls, sizeof cls};
            if (code(f->C_GetAttributeValue(fixture.s.handle(), key, &a, 1)) != rv::ok)
                return "object " + std::to_string(key) + " is gone";
        }
        if (token_flags() != token_flags_at_start) return "the token's flags changed";
        return {};
    }

    static constexpr auto read_write_flags =
        static_cast<CK_FLAGS>(session_flags::serial_session | session_flags::rw_session);

    // A case's session: read-write, logged in through the token's login state.
    rv open_case_session() {
        session = 0;
        return code(f->C_OpenSession(soft_slot, read_write_flags, nullptr, nullptr, &session));
    }
    void close_case_session() {
        if (session != 0) f->C_CloseSession(session);
        session = 0;
    }

    static constexpr auto user = static_cast<CK_USER_TYPE>(user_type::user);
    static constexpr auto dont_block = static_cast<CK_FLAGS>(wait_flags::dont_block);
    CK_SLOT_ID slot_id = soft_slot;
    CK_C_INITIALIZE_ARGS init_args{nullptr, nullptr, nullptr, nullptr,
                                   static_cast<CK_FLAGS>(init_flags::os_locking_ok), nullptr};

    // Valid inputs and outputs, fresh for each call.
    template <class T>
    T* list() {
        static_assert(sizeof(T) * 8 <= sizeof out && alignof(T) <= 16);
        return reinterpret_cast<T*>(out.data());
    }
    CK_ULONG_PTR capacity(CK_ULONG n) {
        count = n;
        return &count;
    }
    CK_ATTRIBUTE_PTR label_query() {
        get_label.attrs[0].ulValueLen = static_cast<CK_ULONG>(label_buffer.size());
        return get_label.ptr();
    }
    [[nodiscard]] CK_ULONG ciphertext_len() const { return static_cast<CK_ULONG>(ciphertext.size()); }
    [[nodiscard]] CK_ULONG signature_len() const { return static_cast<CK_ULONG>(signature.size()); }
    CK_VOID_PTR gcm_parameter() { return &gcm_params; }
    CK_VOID_PTR message_parameter() { return &message_params; }
    CK_VOID_PTR sealed_parameter() { return &sealed_params; }
    static constexpr CK_ULONG message_parameter_len() { return sizeof(CK_GCM_MESSAGE_PARAMS); }
    [[nodiscard]] CK_ULONG sealed_len() const { return static_cast<CK_ULONG>(sealed.size()); }
    static constexpr CK_ULONG gcm_parameter_len() { return sizeof(CK_GCM_PARAMS); }

    CK_BYTE_PTR input() { return in.data(); }
    static constexpr CK_ULONG input_len = 16;
    CK_BYTE_PTR output() { return out.data(); }
    CK_ULONG_PTR output_len() {
        out_len = static_cast<CK_ULONG>(out.size());
        return &out_len;
    }
    CK_BYTE_PTR pin() { return user_pin_bytes.data(); }
    [[nodiscard]] CK_ULONG pin_len() const { return static_cast<CK_ULONG>(user_pin_bytes.size()); }

    // The preparations: the operations a call continues.
    void require(CK_RV r, const char* what) const {
        if (r != 0) throw std::runtime_error(std::string(what) + " failed: " + std::string(to_string(code(r)).view()));
    }
    void encrypt_init() { require(f->C_EncryptInit(session, &cbc_pad, aes), "C_EncryptInit"); }
    void decrypt_init() { require(f->C_DecryptInit(session, &cbc_pad, aes), "C_DecryptInit"); }
    void digest_init() { require(f->C_DigestInit(session, &sha256), "C_DigestInit"); }
    void sign_init() { require(f->C_SignInit(session, &hmac_sha256, hmac), "C_SignInit"); }
    void verify_init() { require(f->C_VerifyInit(session, &hmac_sha256, hmac), "C_VerifyInit"); }
    void sign_recover_init() { require(f->C_SignRecoverInit(session, &rsa_pkcs, rsa_private), "C_SignRecoverInit"); }
    void verify_recover_init() {
        require(f->C_VerifyRecoverInit(session, &rsa_pkcs, rsa_public), "C_VerifyRecoverInit");
    }
    void message_encrypt_init() { require(f->C_MessageEncryptInit(session, &gcm_messages, aes), "C_MessageEncryptInit"); }
    void message_decrypt_init() { require(f->C_MessageDecryptInit(session, &gcm_messages, aes), "C_MessageDecryptInit"); }
    void message_encrypt_begin() {
        message_encrypt_init();
        require(f->C_EncryptMessageBegin(session, &message_params, message_parameter_len(), input(), input_len),
                "C_EncryptMessageBegin");
    }
    void message_decrypt_begin() {
        message_decrypt_init();
        require(f->C_DecryptMessageBegin(session, &sealed_params, message_parameter_len(), input(), input_len),
                "C_DecryptMessageBegin");
    }
    void find_init() { require(f->C_FindObjectsInit(session, nullptr, 0), "C_FindObjectsInit"); }
    void make_scratch_object() {
        require(f->C_CreateObject(session, data_template.ptr(), data_template.count(), &scratch_object),
                "C_CreateObject");
    }
    void feed_encrypt() {
        encrypt_init();
        CK_ULONG n = static_cast<CK_ULONG>(out.size());
        require(f->C_EncryptUpdate(session, plain.data(), static_cast<CK_ULONG>(plain.size()), out.data(), &n),
                "C_EncryptUpdate");
    }
    void feed_decrypt() {
        decrypt_init();
        CK_ULONG n = static_cast<CK_ULONG>(out.size());
        require(f->C_DecryptUpdate(session, ciphertext.data(), static_cast<CK_ULONG>(ciphertext.size()), out.data(),
                                   &n),
                "C_DecryptUpdate");
    }

private:
    CK_FLAGS token_flags_at_start = 0;

    [[nodiscard]] std::optional<CK_FLAGS> token_flags() const {
        CK_TOKEN_INFO ti{};
        if (f->C_GetTokenInfo(soft_slot, &ti) != 0) return std::nullopt;
        return ti.flags;
    }

    // input() encrypted as one message (its own associated data), its tag in sealed_tag.
    bytes seal_message(const client::session& s) {
        require(s.fn()->C_MessageEncryptInit(s.handle(), &gcm_messages, aes), "C_MessageEncryptInit");
        bytes c(input_len);
        CK_ULONG n = input_len;
        require(s.fn()->C_EncryptMessage(s.handle(), &sealed_params, message_parameter_len(), in.data(), input_len,
                                         in.data(), input_len, c.data(), &n),
                "C_EncryptMessage");
        require(s.fn()->C_MessageEncryptFinal(s.handle()), "C_MessageEncryptFinal");
        c.resize(n);
        return c;
    }
    bytes sign_recovered(const client::session& s) {
        auto ck = rsa_pkcs;
        require(s.fn()->C_SignRecoverInit(s.handle(), &ck, rsa_private), "C_SignRecoverInit");
        bytes sig(128);
        CK_ULONG n = 128;
        require(s.fn()->C_SignRecover(s.handle(), in.data(), input_len, sig.data(), &n), "C_SignRecover");
        sig.resize(n);
        return sig;
    }
};

} // namespace mt::bad_input
