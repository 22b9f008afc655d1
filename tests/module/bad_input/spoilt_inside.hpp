// Cases the parameter list cannot derive: bad values inside the structures an
// argument points to (initialisation arguments, attribute lengths, mechanism
// parameters).  The lengths are lies about small buffers: a module that
// trusts them reads far past the buffer.
#pragma once

#include "cases.hpp"

namespace mt::bad_input {

namespace detail {

inline bad_case inside(function_id f, std::string argument, std::string value, expectation e,
                       std::function<rv(context&)> call) {
    return {f, std::move(argument), std::move(value), [f, e, call = std::move(call)](context& c) {
                return judge(f, e, call(c), true);
            }};
}

constexpr CK_ULONG two_to_the_40 = sizeof(CK_ULONG) >= 8 ? CK_ULONG{1} << 40 : CK_ULONG{1} << 30;
const std::string two_to_the_40_shown = sizeof(CK_ULONG) >= 8 ? "2^40" : "2^30";

// One attribute whose value length lies.
inline rv create_with_value_length(context& c, CK_ULONG length, bool null_value) {
    CK_OBJECT_CLASS cls = static_cast<CK_OBJECT_CLASS>(object_class::data);
    CK_BBOOL no = 0;
    CK_ATTRIBUTE t[] = {{static_cast<CK_ATTRIBUTE_TYPE>(attribute_type::cls), &cls, sizeof cls},
                        {static_cast<CK_ATTRIBUTE_TYPE>(attribute_type::token), &no, 1},
                        {static_cast<CK_ATTRIBUTE_TYPE>(attribute_type::label), null_value ? nullptr : c.in.data(), length}};
    CK_OBJECT_HANDLE h = 0;
    return code(c.f->C_CreateObject(c.session, t, 3, &h));
}

template <class Params>
rv init_with(context& c, CK_RV (*CK_FUNCTION_LIST_3_0::*init)(CK_SESSION_HANDLE, CK_MECHANISM_PTR, CK_OBJECT_HANDLE),
             mechanism_type m, Params p, CK_ULONG parameter_len, object_handle key) {
    CK_MECHANISM ck{static_cast<CK_MECHANISM_TYPE>(m), &p, parameter_len};
    return code((c.f->*init)(c.session, &ck, key));
}

} // namespace detail

inline std::vector<bad_case> spoilt_inside_cases() {
    using namespace detail;
    using F = function_id;
    using L = CK_FUNCTION_LIST_3_0;
    const auto arguments_bad = expectation::exact(rv::arguments_bad);
    const auto refused = expectation::refused();
    const auto huge = two_to_the_40_shown;
    std::vector<bad_case> v;

    // C_Initialize: pReserved must be NULL; the mutex functions all or none.
    v.push_back(inside(F::C_Initialize, "pInitArgs->pReserved", "not NULL", arguments_bad, [](context& c) {
        c.f->C_Finalize(nullptr);
        CK_C_INITIALIZE_ARGS a = c.init_args;
        a.pReserved = c.junk.data();
        return code(c.f->C_Initialize(&a));
    }));
    v.push_back(inside(F::C_Initialize, "pInitArgs->CreateMutex", "alone", arguments_bad, [](context& c) {
        c.f->C_Finalize(nullptr);
        CK_C_INITIALIZE_ARGS a = c.init_args;
        a.CreateMutex = [](CK_VOID_PTR_PTR) -> CK_RV { return 0; };
        return code(c.f->C_Initialize(&a));
    }));

    // Attribute value lengths.
    v.push_back(inside(F::C_CreateObject, "pTemplate[2].ulValueLen", huge, refused,
                       [](context& c) { return create_with_value_length(c, two_to_the_40, false); }));
    v.push_back(inside(F::C_CreateObject, "pTemplate[2].ulValueLen", "ULONG_MAX", refused,
                       [](context& c) { return create_with_value_length(c, ~CK_ULONG{0}, false); }));
    v.push_back(inside(F::C_CreateObject, "pTemplate[2].pValue", "NULL with length 4", refused,
                       [](context& c) { return create_with_value_length(c, 4, true); }));
    v.push_back(inside(F::C_FindObjectsInit, "pTemplate[0].ulValueLen", huge, expectation::any(), [](context& c) {
        CK_ATTRIBUTE t{static_cast<CK_ATTRIBUTE_TYPE>(attribute_type::label), c.in.data(), two_to_the_40};
        return code(c.f->C_FindObjectsInit(c.session, &t, 1));
    }));

    // Mechanism parameters.
    v.push_back(inside(F::C_EncryptInit, "pMechanism->ulParameterLen", huge, refused, [](context& c) {
        return init_with(c, &L::C_EncryptInit, mechanism_type::aes_gcm, c.gcm_params, two_to_the_40, c.aes);
    }));
    v.push_back(inside(F::C_EncryptInit, "CK_GCM_PARAMS.ulAADLen", huge, refused, [](context& c) {
        auto p = c.gcm_params;
        p.pAAD = c.in.data();
        p.ulAADLen = two_to_the_40;
        return init_with(c, &L::C_EncryptInit, mechanism_type::aes_gcm, p, sizeof p, c.aes);
    }));
    v.push_back(inside(F::C_EncryptInit, "CK_GCM_PARAMS.ulIvLen", huge, refused, [](context& c) {
        auto p = c.gcm_params;
        p.ulIvLen = two_to_the_40;
        p.ulIvBits = 0;
        return init_with(c, &L::C_EncryptInit, mechanism_type::aes_gcm, p, sizeof p, c.aes);
    }));
    v.push_back(inside(F::C_SignInit, "CK_RSA_PKCS_PSS_PARAMS.sLen", "ULONG_MAX", refused, [](context& c) {
        CK_RSA_PKCS_PSS_PARAMS p{static_cast<CK_MECHANISM_TYPE>(mechanism_type::sha256),
                                 static_cast<CK_RSA_PKCS_MGF_TYPE>(mgf::sha256), ~CK_ULONG{0}};
        return init_with(c, &L::C_SignInit, mechanism_type::rsa_pkcs_pss, p, sizeof p, c.rsa_private);
    }));
    v.back().needs = need{mechanism_type::rsa_pkcs_pss, mechanism_flags::sign, "C_SignInit"};
    v.push_back(inside(F::C_EncryptInit, "CK_RSA_PKCS_OAEP_PARAMS.ulSourceDataLen", "ULONG_MAX", refused,
                       [](context& c) {
                           CK_RSA_PKCS_OAEP_PARAMS p{static_cast<CK_MECHANISM_TYPE>(mechanism_type::sha_1),
                                                     static_cast<CK_RSA_PKCS_MGF_TYPE>(mgf::sha1),
                                                     static_cast<CK_RSA_PKCS_OAEP_SOURCE_TYPE>(oaep_source::data_specified),
                                                     c.in.data(), ~CK_ULONG{0}};
                           return init_with(c, &L::C_EncryptInit, mechanism_type::rsa_pkcs_oaep, p, sizeof p,
                                            c.rsa_public);
                       }));
    v.back().needs = need{mechanism_type::rsa_pkcs_oaep, mechanism_flags::encrypt, "C_EncryptInit"};
    for (const bool shared : {false, true}) {
        v.push_back(inside(F::C_DeriveKey,
                           shared ? "CK_ECDH1_DERIVE_PARAMS.ulSharedDataLen" : "CK_ECDH1_DERIVE_PARAMS.ulPublicDataLen",
                           huge, refused, [shared](context& c) {
                               auto p = c.ecdh_params;
                               if (shared) {
                                   p.kdf = static_cast<CK_EC_KDF_TYPE>(ec_kdf::sha256_kdf);
                                   p.pSharedData = c.in.data();
                                   p.ulSharedDataLen = two_to_the_40;
                               } else {
                                   p.ulPublicDataLen = two_to_the_40;
                               }
                               CK_MECHANISM m{static_cast<CK_MECHANISM_TYPE>(mechanism_type::ecdh1_derive), &p, sizeof p};
                               CK_OBJECT_HANDLE h = 0;
                               return code(c.f->C_DeriveKey(c.session, &m, c.ec_private, c.derive_template.ptr(),
                                                            c.derive_template.count(), &h));
                           }));
    }
    return v;
}

} // namespace mt::bad_input
