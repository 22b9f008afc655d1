// Our ABI against p11-kit's pkcs11.h, an independent C header: every struct
// both declare has the same size and every field the same offset, and the
// function lists put every function at the same place.  All compile time.
#include <cstddef>
#include <p11-kit/pkcs11.h>

#include "p11/abi.hpp"

#define SAME_SIZE(S) static_assert(sizeof(::S) == sizeof(p11::abi::S), #S ": size differs")
#define SAME_FIELD(S, f) static_assert(offsetof(::S, f) == offsetof(p11::abi::S, f), #S "::" #f ": offset differs")

SAME_SIZE(CK_VERSION);
SAME_FIELD(CK_VERSION, major);
SAME_FIELD(CK_VERSION, minor);

SAME_SIZE(CK_INFO);
SAME_FIELD(CK_INFO, cryptokiVersion);
SAME_FIELD(CK_INFO, manufacturerID);
SAME_FIELD(CK_INFO, flags);
SAME_FIELD(CK_INFO, libraryDescription);
SAME_FIELD(CK_INFO, libraryVersion);

SAME_SIZE(CK_SLOT_INFO);
SAME_FIELD(CK_SLOT_INFO, slotDescription);
SAME_FIELD(CK_SLOT_INFO, manufacturerID);
SAME_FIELD(CK_SLOT_INFO, flags);
SAME_FIELD(CK_SLOT_INFO, hardwareVersion);
SAME_FIELD(CK_SLOT_INFO, firmwareVersion);

SAME_SIZE(CK_TOKEN_INFO);
SAME_FIELD(CK_TOKEN_INFO, label);
SAME_FIELD(CK_TOKEN_INFO, manufacturerID);
SAME_FIELD(CK_TOKEN_INFO, model);
SAME_FIELD(CK_TOKEN_INFO, serialNumber);
SAME_FIELD(CK_TOKEN_INFO, flags);
SAME_FIELD(CK_TOKEN_INFO, ulMaxSessionCount);
SAME_FIELD(CK_TOKEN_INFO, ulSessionCount);
SAME_FIELD(CK_TOKEN_INFO, ulMaxRwSessionCount);
SAME_FIELD(CK_TOKEN_INFO, ulRwSessionCount);
SAME_FIELD(CK_TOKEN_INFO, ulMaxPinLen);
SAME_FIELD(CK_TOKEN_INFO, ulMinPinLen);
SAME_FIELD(CK_TOKEN_INFO, ulTotalPublicMemory);
SAME_FIELD(CK_TOKEN_INFO, ulFreePublicMemory);
SAME_FIELD(CK_TOKEN_INFO, ulTotalPrivateMemory);
SAME_FIELD(CK_TOKEN_INFO, ulFreePrivateMemory);
SAME_FIELD(CK_TOKEN_INFO, hardwareVersion);
SAME_FIELD(CK_TOKEN_INFO, firmwareVersion);
SAME_FIELD(CK_TOKEN_INFO, utcTime);

SAME_SIZE(CK_SESSION_INFO);
SAME_FIELD(CK_SESSION_INFO, slotID);
SAME_FIELD(CK_SESSION_INFO, state);
SAME_FIELD(CK_SESSION_INFO, flags);
SAME_FIELD(CK_SESSION_INFO, ulDeviceError);

SAME_SIZE(CK_ATTRIBUTE);
SAME_FIELD(CK_ATTRIBUTE, type);
SAME_FIELD(CK_ATTRIBUTE, pValue);
SAME_FIELD(CK_ATTRIBUTE, ulValueLen);

SAME_SIZE(CK_DATE);
SAME_FIELD(CK_DATE, year);
SAME_FIELD(CK_DATE, month);
SAME_FIELD(CK_DATE, day);

SAME_SIZE(CK_MECHANISM);
SAME_FIELD(CK_MECHANISM, mechanism);
SAME_FIELD(CK_MECHANISM, pParameter);
SAME_FIELD(CK_MECHANISM, ulParameterLen);

SAME_SIZE(CK_MECHANISM_INFO);
SAME_FIELD(CK_MECHANISM_INFO, ulMinKeySize);
SAME_FIELD(CK_MECHANISM_INFO, ulMaxKeySize);
SAME_FIELD(CK_MECHANISM_INFO, flags);

SAME_SIZE(CK_C_INITIALIZE_ARGS);
SAME_FIELD(CK_C_INITIALIZE_ARGS, CreateMutex);
SAME_FIELD(CK_C_INITIALIZE_ARGS, DestroyMutex);
SAME_FIELD(CK_C_INITIALIZE_ARGS, LockMutex);
SAME_FIELD(CK_C_INITIALIZE_ARGS, UnlockMutex);
SAME_FIELD(CK_C_INITIALIZE_ARGS, flags);
SAME_FIELD(CK_C_INITIALIZE_ARGS, pReserved);

SAME_SIZE(CK_RSA_PKCS_PSS_PARAMS);
SAME_FIELD(CK_RSA_PKCS_PSS_PARAMS, hashAlg);
SAME_FIELD(CK_RSA_PKCS_PSS_PARAMS, mgf);
SAME_FIELD(CK_RSA_PKCS_PSS_PARAMS, sLen);

SAME_SIZE(CK_RSA_PKCS_OAEP_PARAMS);
SAME_FIELD(CK_RSA_PKCS_OAEP_PARAMS, hashAlg);
SAME_FIELD(CK_RSA_PKCS_OAEP_PARAMS, mgf);
SAME_FIELD(CK_RSA_PKCS_OAEP_PARAMS, source);
SAME_FIELD(CK_RSA_PKCS_OAEP_PARAMS, pSourceData);
SAME_FIELD(CK_RSA_PKCS_OAEP_PARAMS, ulSourceDataLen);

SAME_SIZE(CK_AES_CTR_PARAMS);
SAME_FIELD(CK_AES_CTR_PARAMS, ulCounterBits);
SAME_FIELD(CK_AES_CTR_PARAMS, cb);

SAME_SIZE(CK_GCM_PARAMS);
SAME_FIELD(CK_GCM_PARAMS, pIv);
SAME_FIELD(CK_GCM_PARAMS, ulIvLen);
SAME_FIELD(CK_GCM_PARAMS, ulIvBits);
SAME_FIELD(CK_GCM_PARAMS, pAAD);
SAME_FIELD(CK_GCM_PARAMS, ulAADLen);
SAME_FIELD(CK_GCM_PARAMS, ulTagBits);

SAME_SIZE(CK_ECDH1_DERIVE_PARAMS);
SAME_FIELD(CK_ECDH1_DERIVE_PARAMS, kdf);
SAME_FIELD(CK_ECDH1_DERIVE_PARAMS, ulSharedDataLen);
SAME_FIELD(CK_ECDH1_DERIVE_PARAMS, pSharedData);
SAME_FIELD(CK_ECDH1_DERIVE_PARAMS, ulPublicDataLen);
SAME_FIELD(CK_ECDH1_DERIVE_PARAMS, pPublicData);

SAME_SIZE(CK_KEY_DERIVATION_STRING_DATA);
SAME_FIELD(CK_KEY_DERIVATION_STRING_DATA, pData);
SAME_FIELD(CK_KEY_DERIVATION_STRING_DATA, ulLen);

SAME_SIZE(CK_DES_CBC_ENCRYPT_DATA_PARAMS);
SAME_FIELD(CK_DES_CBC_ENCRYPT_DATA_PARAMS, iv);
SAME_FIELD(CK_DES_CBC_ENCRYPT_DATA_PARAMS, pData);
SAME_FIELD(CK_DES_CBC_ENCRYPT_DATA_PARAMS, length);

SAME_SIZE(CK_AES_CBC_ENCRYPT_DATA_PARAMS);
SAME_FIELD(CK_AES_CBC_ENCRYPT_DATA_PARAMS, iv);
SAME_FIELD(CK_AES_CBC_ENCRYPT_DATA_PARAMS, pData);
SAME_FIELD(CK_AES_CBC_ENCRYPT_DATA_PARAMS, length);

SAME_SIZE(CK_OTP_PARAM);
SAME_FIELD(CK_OTP_PARAM, type);
SAME_FIELD(CK_OTP_PARAM, pValue);
SAME_FIELD(CK_OTP_PARAM, ulValueLen);
SAME_SIZE(CK_OTP_PARAMS);
SAME_FIELD(CK_OTP_PARAMS, pParams);
SAME_FIELD(CK_OTP_PARAMS, ulCount);
SAME_SIZE(CK_OTP_SIGNATURE_INFO);

// The function list: every one of the 68 entries at p11-kit's offset,
// enumerated from our one list of functions.
SAME_SIZE(CK_FUNCTION_LIST);
SAME_FIELD(CK_FUNCTION_LIST, version);
#define SAME_FUNCTION_SLOT(name, major, minor, params, args) SAME_FIELD(CK_FUNCTION_LIST, name);
P11_FUNCTIONS_2X(SAME_FUNCTION_SLOT)

// 3.0 additions p11-kit 0.24 does not declare: checked against the layout
// the 3.0 base specification implies (the 2.x list, then 24 pointers).
static_assert(sizeof(p11::abi::CK_FUNCTION_LIST_3_0) == sizeof(::CK_FUNCTION_LIST) + 24 * sizeof(void*));
static_assert(offsetof(p11::abi::CK_FUNCTION_LIST_3_0, C_GetInterfaceList) == sizeof(::CK_FUNCTION_LIST));
static_assert(offsetof(p11::abi::CK_FUNCTION_LIST_3_0, C_WaitForSlotEvent) ==
              offsetof(::CK_FUNCTION_LIST, C_WaitForSlotEvent));
#if !defined(_WIN32)  // natural alignment on LP64 (windows_layout.cpp has the packed sums)
static_assert(sizeof(p11::abi::CK_INTERFACE) == 3 * sizeof(void*));
static_assert(sizeof(p11::abi::CK_GCM_MESSAGE_PARAMS) == 6 * sizeof(void*));
#endif

