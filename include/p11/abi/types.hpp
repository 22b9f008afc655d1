// The Cryptoki C ABI: scalar types and the general-purpose structures.
//
// Written from the facts of the PKCS #11 base specification (2.40 and 3.0),
// not from any vendor header.  Everything lives in p11::abi so that a
// translation unit may include a C pkcs11.h beside it (our ABI test does).
//
// Packing: Cryptoki on Windows is defined with 1-byte structure packing, on
// every other platform with the compiler's natural alignment; every ABI header
// brackets its structs with abi/pack_begin.hpp and abi/pack_end.hpp.
#pragma once

#include "p11/abi/pack_begin.hpp"

namespace p11::abi {

using CK_BYTE = unsigned char;
using CK_CHAR = CK_BYTE;
using CK_UTF8CHAR = CK_BYTE;
using CK_BBOOL = CK_BYTE;
using CK_ULONG = unsigned long;  // 32 bits on Windows (LLP64), by the spec's own definition
using CK_LONG = long;
using CK_FLAGS = CK_ULONG;

using CK_BYTE_PTR = CK_BYTE*;
using CK_CHAR_PTR = CK_CHAR*;
using CK_UTF8CHAR_PTR = CK_UTF8CHAR*;
using CK_ULONG_PTR = CK_ULONG*;
using CK_VOID_PTR = void*;
using CK_VOID_PTR_PTR = void**;

using CK_RV = CK_ULONG;
using CK_NOTIFICATION = CK_ULONG;
using CK_SLOT_ID = CK_ULONG;
using CK_SLOT_ID_PTR = CK_SLOT_ID*;
using CK_SESSION_HANDLE = CK_ULONG;
using CK_SESSION_HANDLE_PTR = CK_SESSION_HANDLE*;
using CK_USER_TYPE = CK_ULONG;
using CK_STATE = CK_ULONG;
using CK_OBJECT_HANDLE = CK_ULONG;
using CK_OBJECT_HANDLE_PTR = CK_OBJECT_HANDLE*;
using CK_OBJECT_CLASS = CK_ULONG;
using CK_HW_FEATURE_TYPE = CK_ULONG;
using CK_KEY_TYPE = CK_ULONG;
using CK_CERTIFICATE_TYPE = CK_ULONG;
using CK_CERTIFICATE_CATEGORY = CK_ULONG;
using CK_ATTRIBUTE_TYPE = CK_ULONG;
using CK_MECHANISM_TYPE = CK_ULONG;
using CK_MECHANISM_TYPE_PTR = CK_MECHANISM_TYPE*;
using CK_PROFILE_ID = CK_ULONG;
using CK_JAVA_MIDP_SECURITY_DOMAIN = CK_ULONG;
using CK_OTP_PARAM_TYPE = CK_ULONG;
using CK_PARAM_TYPE = CK_ULONG;  // old name of CK_OTP_PARAM_TYPE, kept by 2.40 headers

struct CK_VERSION {
    CK_BYTE major;
    CK_BYTE minor;
};
using CK_VERSION_PTR = CK_VERSION*;

struct CK_INFO {
    CK_VERSION cryptokiVersion;
    CK_UTF8CHAR manufacturerID[32];
    CK_FLAGS flags;
    CK_UTF8CHAR libraryDescription[32];
    CK_VERSION libraryVersion;
};
using CK_INFO_PTR = CK_INFO*;

struct CK_SLOT_INFO {
    CK_UTF8CHAR slotDescription[64];
    CK_UTF8CHAR manufacturerID[32];
    CK_FLAGS flags;
    CK_VERSION hardwareVersion;
    CK_VERSION firmwareVersion;
};
using CK_SLOT_INFO_PTR = CK_SLOT_INFO*;

struct CK_TOKEN_INFO {
    CK_UTF8CHAR label[32];
    CK_UTF8CHAR manufacturerID[32];
    CK_UTF8CHAR model[16];
    CK_CHAR serialNumber[16];
    CK_FLAGS flags;
    CK_ULONG ulMaxSessionCount;
    CK_ULONG ulSessionCount;
    CK_ULONG ulMaxRwSessionCount;
    CK_ULONG ulRwSessionCount;
    CK_ULONG ulMaxPinLen;
    CK_ULONG ulMinPinLen;
    CK_ULONG ulTotalPublicMemory;
    CK_ULONG ulFreePublicMemory;
    CK_ULONG ulTotalPrivateMemory;
    CK_ULONG ulFreePrivateMemory;
    CK_VERSION hardwareVersion;
    CK_VERSION firmwareVersion;
    CK_CHAR utcTime[16];
};
using CK_TOKEN_INFO_PTR = CK_TOKEN_INFO*;

struct CK_SESSION_INFO {
    CK_SLOT_ID slotID;
    CK_STATE state;
    CK_FLAGS flags;
    CK_ULONG ulDeviceError;
};
using CK_SESSION_INFO_PTR = CK_SESSION_INFO*;

struct CK_ATTRIBUTE {
    CK_ATTRIBUTE_TYPE type;
    CK_VOID_PTR pValue;
    CK_ULONG ulValueLen;
};
using CK_ATTRIBUTE_PTR = CK_ATTRIBUTE*;

struct CK_DATE {
    CK_CHAR year[4];
    CK_CHAR month[2];
    CK_CHAR day[2];
};

struct CK_MECHANISM {
    CK_MECHANISM_TYPE mechanism;
    CK_VOID_PTR pParameter;
    CK_ULONG ulParameterLen;
};
using CK_MECHANISM_PTR = CK_MECHANISM*;

struct CK_MECHANISM_INFO {
    CK_ULONG ulMinKeySize;
    CK_ULONG ulMaxKeySize;
    CK_FLAGS flags;
};
using CK_MECHANISM_INFO_PTR = CK_MECHANISM_INFO*;

extern "C" {
using CK_NOTIFY = CK_RV (*)(CK_SESSION_HANDLE hSession, CK_NOTIFICATION event, CK_VOID_PTR pApplication);
using CK_CREATEMUTEX = CK_RV (*)(CK_VOID_PTR_PTR ppMutex);
using CK_DESTROYMUTEX = CK_RV (*)(CK_VOID_PTR pMutex);
using CK_LOCKMUTEX = CK_RV (*)(CK_VOID_PTR pMutex);
using CK_UNLOCKMUTEX = CK_RV (*)(CK_VOID_PTR pMutex);
}

struct CK_C_INITIALIZE_ARGS {
    CK_CREATEMUTEX CreateMutex;
    CK_DESTROYMUTEX DestroyMutex;
    CK_LOCKMUTEX LockMutex;
    CK_UNLOCKMUTEX UnlockMutex;
    CK_FLAGS flags;
    CK_VOID_PTR pReserved;
};
using CK_C_INITIALIZE_ARGS_PTR = CK_C_INITIALIZE_ARGS*;

// 3.0: a named set of functions; "PKCS 11" names the standard one.
struct CK_INTERFACE {
    CK_CHAR* pInterfaceName;
    CK_VOID_PTR pFunctionList;
    CK_FLAGS flags;
};
using CK_INTERFACE_PTR = CK_INTERFACE*;
using CK_INTERFACE_PTR_PTR = CK_INTERFACE**;

struct CK_OTP_PARAM {
    CK_OTP_PARAM_TYPE type;
    CK_VOID_PTR pValue;
    CK_ULONG ulValueLen;
};
using CK_OTP_PARAM_PTR = CK_OTP_PARAM*;

struct CK_OTP_PARAMS {
    CK_OTP_PARAM_PTR pParams;
    CK_ULONG ulCount;
};

struct CK_OTP_SIGNATURE_INFO {
    CK_OTP_PARAM_PTR pParams;
    CK_ULONG ulCount;
};

} // namespace p11::abi

#include "p11/abi/pack_end.hpp"
