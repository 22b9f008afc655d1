// The one list of Cryptoki functions.  Everything that has to enumerate the
// functions derives from these rows: the function-pointer types, the 2.x
// CK_FUNCTION_LIST and the 3.0 CK_FUNCTION_LIST_3_0 (in this exact order, which
// is the ABI), p11::function_id and its names, the provider's extern "C"
// entry points and the consumer's dispatch table.
//
// Row: X(name, since_major, since_minor, (parameter list), (argument names))
// The parameter lists use the p11::abi type names unqualified; expand the list
// where `using namespace p11::abi` (or the namespace itself) is in scope.
#pragma once

// The 68 functions of Cryptoki 2.01 - 2.40, in CK_FUNCTION_LIST order.
#define P11_FUNCTIONS_2X(X)                                                                                   \
    X(C_Initialize, 2, 1, (CK_VOID_PTR pInitArgs), (pInitArgs))                                               \
    X(C_Finalize, 2, 1, (CK_VOID_PTR pReserved), (pReserved))                                                 \
    X(C_GetInfo, 2, 1, (CK_INFO_PTR pInfo), (pInfo))                                                          \
    X(C_GetFunctionList, 2, 1, (CK_FUNCTION_LIST_PTR_PTR ppFunctionList), (ppFunctionList))                   \
    X(C_GetSlotList, 2, 1, (CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount),          \
      (tokenPresent, pSlotList, pulCount))                                                                    \
    X(C_GetSlotInfo, 2, 1, (CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo), (slotID, pInfo))                      \
    X(C_GetTokenInfo, 2, 1, (CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo), (slotID, pInfo))                    \
    X(C_GetMechanismList, 2, 1,                                                                               \
      (CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, CK_ULONG_PTR pulCount),                       \
      (slotID, pMechanismList, pulCount))                                                                     \
    X(C_GetMechanismInfo, 2, 1, (CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo),     \
      (slotID, type, pInfo))                                                                                  \
    X(C_InitToken, 2, 1,                                                                                      \
      (CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel),                   \
      (slotID, pPin, ulPinLen, pLabel))                                                                       \
    X(C_InitPIN, 2, 1, (CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen),                 \
      (hSession, pPin, ulPinLen))                                                                             \
    X(C_SetPIN, 2, 1,                                                                                         \
      (CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin,       \
       CK_ULONG ulNewLen),                                                                                    \
      (hSession, pOldPin, ulOldLen, pNewPin, ulNewLen))                                                       \
    X(C_OpenSession, 2, 1,                                                                                    \
      (CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify,                         \
       CK_SESSION_HANDLE_PTR phSession),                                                                      \
      (slotID, flags, pApplication, Notify, phSession))                                                       \
    X(C_CloseSession, 2, 1, (CK_SESSION_HANDLE hSession), (hSession))                                         \
    X(C_CloseAllSessions, 2, 1, (CK_SLOT_ID slotID), (slotID))                                                \
    X(C_GetSessionInfo, 2, 1, (CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo), (hSession, pInfo))     \
    X(C_GetOperationState, 2, 1,                                                                              \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG_PTR pulOperationStateLen),           \
      (hSession, pOperationState, pulOperationStateLen))                                                      \
    X(C_SetOperationState, 2, 1,                                                                              \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG ulOperationStateLen,                 \
       CK_OBJECT_HANDLE hEncryptionKey, CK_OBJECT_HANDLE hAuthenticationKey),                                 \
      (hSession, pOperationState, ulOperationStateLen, hEncryptionKey, hAuthenticationKey))                   \
    X(C_Login, 2, 1,                                                                                          \
      (CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen),           \
      (hSession, userType, pPin, ulPinLen))                                                                   \
    X(C_Logout, 2, 1, (CK_SESSION_HANDLE hSession), (hSession))                                               \
    X(C_CreateObject, 2, 1,                                                                                   \
      (CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,                              \
       CK_OBJECT_HANDLE_PTR phObject),                                                                        \
      (hSession, pTemplate, ulCount, phObject))                                                               \
    X(C_CopyObject, 2, 1,                                                                                     \
      (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,    \
       CK_OBJECT_HANDLE_PTR phNewObject),                                                                     \
      (hSession, hObject, pTemplate, ulCount, phNewObject))                                                   \
    X(C_DestroyObject, 2, 1, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject), (hSession, hObject))     \
    X(C_GetObjectSize, 2, 1, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize),    \
      (hSession, hObject, pulSize))                                                                           \
    X(C_GetAttributeValue, 2, 1,                                                                              \
      (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount),   \
      (hSession, hObject, pTemplate, ulCount))                                                                \
    X(C_SetAttributeValue, 2, 1,                                                                              \
      (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount),   \
      (hSession, hObject, pTemplate, ulCount))                                                                \
    X(C_FindObjectsInit, 2, 1, (CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount),    \
      (hSession, pTemplate, ulCount))                                                                         \
    X(C_FindObjects, 2, 1,                                                                                    \
      (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, CK_ULONG ulMaxObjectCount,                  \
       CK_ULONG_PTR pulObjectCount),                                                                          \
      (hSession, phObject, ulMaxObjectCount, pulObjectCount))                                                 \
    X(C_FindObjectsFinal, 2, 1, (CK_SESSION_HANDLE hSession), (hSession))                                     \
    X(C_EncryptInit, 2, 1, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),  \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_Encrypt, 2, 1,                                                                                        \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pEncryptedData,         \
       CK_ULONG_PTR pulEncryptedDataLen),                                                                     \
      (hSession, pData, ulDataLen, pEncryptedData, pulEncryptedDataLen))                                      \
    X(C_EncryptUpdate, 2, 1,                                                                                  \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,         \
       CK_ULONG_PTR pulEncryptedPartLen),                                                                     \
      (hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen))                                      \
    X(C_EncryptFinal, 2, 1,                                                                                   \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart, CK_ULONG_PTR pulLastEncryptedPartLen),     \
      (hSession, pLastEncryptedPart, pulLastEncryptedPartLen))                                                \
    X(C_DecryptInit, 2, 1, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),  \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_Decrypt, 2, 1,                                                                                        \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData, CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData, \
       CK_ULONG_PTR pulDataLen),                                                                              \
      (hSession, pEncryptedData, ulEncryptedDataLen, pData, pulDataLen))                                      \
    X(C_DecryptUpdate, 2, 1,                                                                                  \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, \
       CK_ULONG_PTR pulPartLen),                                                                              \
      (hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen))                                      \
    X(C_DecryptFinal, 2, 1,                                                                                   \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart, CK_ULONG_PTR pulLastPartLen),                       \
      (hSession, pLastPart, pulLastPartLen))                                                                  \
    X(C_DigestInit, 2, 1, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism), (hSession, pMechanism))  \
    X(C_Digest, 2, 1,                                                                                         \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pDigest,                \
       CK_ULONG_PTR pulDigestLen),                                                                            \
      (hSession, pData, ulDataLen, pDigest, pulDigestLen))                                                    \
    X(C_DigestUpdate, 2, 1, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen),              \
      (hSession, pPart, ulPartLen))                                                                           \
    X(C_DigestKey, 2, 1, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey), (hSession, hKey))               \
    X(C_DigestFinal, 2, 1, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen),      \
      (hSession, pDigest, pulDigestLen))                                                                      \
    X(C_SignInit, 2, 1, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),     \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_Sign, 2, 1,                                                                                           \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,             \
       CK_ULONG_PTR pulSignatureLen),                                                                         \
      (hSession, pData, ulDataLen, pSignature, pulSignatureLen))                                              \
    X(C_SignUpdate, 2, 1, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen),                \
      (hSession, pPart, ulPartLen))                                                                           \
    X(C_SignFinal, 2, 1, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen),  \
      (hSession, pSignature, pulSignatureLen))                                                                \
    X(C_SignRecoverInit, 2, 1,                                                                                \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),                       \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_SignRecover, 2, 1,                                                                                    \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,             \
       CK_ULONG_PTR pulSignatureLen),                                                                         \
      (hSession, pData, ulDataLen, pSignature, pulSignatureLen))                                              \
    X(C_VerifyInit, 2, 1, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),   \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_Verify, 2, 1,                                                                                         \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,             \
       CK_ULONG ulSignatureLen),                                                                              \
      (hSession, pData, ulDataLen, pSignature, ulSignatureLen))                                               \
    X(C_VerifyUpdate, 2, 1, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen),              \
      (hSession, pPart, ulPartLen))                                                                           \
    X(C_VerifyFinal, 2, 1, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen),     \
      (hSession, pSignature, ulSignatureLen))                                                                 \
    X(C_VerifyRecoverInit, 2, 1,                                                                              \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),                       \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_VerifyRecover, 2, 1,                                                                                  \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen, CK_BYTE_PTR pData,        \
       CK_ULONG_PTR pulDataLen),                                                                              \
      (hSession, pSignature, ulSignatureLen, pData, pulDataLen))                                              \
    X(C_DigestEncryptUpdate, 2, 1,                                                                            \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,         \
       CK_ULONG_PTR pulEncryptedPartLen),                                                                     \
      (hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen))                                      \
    X(C_DecryptDigestUpdate, 2, 1,                                                                            \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, \
       CK_ULONG_PTR pulPartLen),                                                                              \
      (hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen))                                      \
    X(C_SignEncryptUpdate, 2, 1,                                                                              \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,         \
       CK_ULONG_PTR pulEncryptedPartLen),                                                                     \
      (hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen))                                      \
    X(C_DecryptVerifyUpdate, 2, 1,                                                                            \
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, \
       CK_ULONG_PTR pulPartLen),                                                                              \
      (hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen))                                      \
    X(C_GenerateKey, 2, 1,                                                                                    \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,  \
       CK_OBJECT_HANDLE_PTR phKey),                                                                           \
      (hSession, pMechanism, pTemplate, ulCount, phKey))                                                      \
    X(C_GenerateKeyPair, 2, 1,                                                                                \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pPublicKeyTemplate,          \
       CK_ULONG ulPublicKeyAttributeCount, CK_ATTRIBUTE_PTR pPrivateKeyTemplate,                              \
       CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey,                                 \
       CK_OBJECT_HANDLE_PTR phPrivateKey),                                                                    \
      (hSession, pMechanism, pPublicKeyTemplate, ulPublicKeyAttributeCount, pPrivateKeyTemplate,              \
       ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey))                                                \
    X(C_WrapKey, 2, 1,                                                                                        \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hWrappingKey,                \
       CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen),                        \
      (hSession, pMechanism, hWrappingKey, hKey, pWrappedKey, pulWrappedKeyLen))                              \
    X(C_UnwrapKey, 2, 1,                                                                                      \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hUnwrappingKey,              \
       CK_BYTE_PTR pWrappedKey, CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate,                         \
       CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey),                                                \
      (hSession, pMechanism, hUnwrappingKey, pWrappedKey, ulWrappedKeyLen, pTemplate, ulAttributeCount,       \
       phKey))                                                                                                \
    X(C_DeriveKey, 2, 1,                                                                                      \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hBaseKey,                    \
       CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey),                    \
      (hSession, pMechanism, hBaseKey, pTemplate, ulAttributeCount, phKey))                                   \
    X(C_SeedRandom, 2, 1, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen),                \
      (hSession, pSeed, ulSeedLen))                                                                           \
    X(C_GenerateRandom, 2, 1, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData, CK_ULONG ulRandomLen),     \
      (hSession, RandomData, ulRandomLen))                                                                    \
    X(C_GetFunctionStatus, 2, 1, (CK_SESSION_HANDLE hSession), (hSession))                                    \
    X(C_CancelFunction, 2, 1, (CK_SESSION_HANDLE hSession), (hSession))                                       \
    X(C_WaitForSlotEvent, 2, 1, (CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved),                \
      (flags, pSlot, pReserved))

// The 24 functions Cryptoki 3.0 appended, in CK_FUNCTION_LIST_3_0 order:
// four general ones, then the twenty message-based ones.
#define P11_FUNCTIONS_3_0(X) P11_FUNCTIONS_3_0_GENERAL(X) P11_FUNCTIONS_3_0_MESSAGE(X)

#define P11_FUNCTIONS_3_0_GENERAL(X)                                                                          \
    X(C_GetInterfaceList, 3, 0, (CK_INTERFACE_PTR pInterfacesList, CK_ULONG_PTR pulCount),                    \
      (pInterfacesList, pulCount))                                                                            \
    X(C_GetInterface, 3, 0,                                                                                   \
      (CK_UTF8CHAR_PTR pInterfaceName, CK_VERSION_PTR pVersion, CK_INTERFACE_PTR_PTR ppInterface,             \
       CK_FLAGS flags),                                                                                       \
      (pInterfaceName, pVersion, ppInterface, flags))                                                         \
    X(C_LoginUser, 3, 0,                                                                                      \
      (CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen,            \
       CK_UTF8CHAR_PTR pUsername, CK_ULONG ulUsernameLen),                                                    \
      (hSession, userType, pPin, ulPinLen, pUsername, ulUsernameLen))                                         \
    X(C_SessionCancel, 3, 0, (CK_SESSION_HANDLE hSession, CK_FLAGS flags), (hSession, flags))

#define P11_FUNCTIONS_3_0_MESSAGE(X)                                                                          \
    X(C_MessageEncryptInit, 3, 0,                                                                             \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),                       \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_EncryptMessage, 3, 0,                                                                                 \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen,                           \
       CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen, CK_BYTE_PTR pPlaintext,                     \
       CK_ULONG ulPlaintextLen, CK_BYTE_PTR pCiphertext, CK_ULONG_PTR pulCiphertextLen),                      \
      (hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen, pPlaintext,                \
       ulPlaintextLen, pCiphertext, pulCiphertextLen))                                                        \
    X(C_EncryptMessageBegin, 3, 0,                                                                            \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen,                           \
       CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen),                                            \
      (hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen))                           \
    X(C_EncryptMessageNext, 3, 0,                                                                             \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen,                           \
       CK_BYTE_PTR pPlaintextPart, CK_ULONG ulPlaintextPartLen, CK_BYTE_PTR pCiphertextPart,                  \
       CK_ULONG_PTR pulCiphertextPartLen, CK_FLAGS flags),                                                    \
      (hSession, pParameter, ulParameterLen, pPlaintextPart, ulPlaintextPartLen, pCiphertextPart,             \
       pulCiphertextPartLen, flags))                                                                          \
    X(C_MessageEncryptFinal, 3, 0, (CK_SESSION_HANDLE hSession), (hSession))                                  \
    X(C_MessageDecryptInit, 3, 0,                                                                             \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),                       \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_DecryptMessage, 3, 0,                                                                                 \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen,                           \
       CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen, CK_BYTE_PTR pCiphertext,                    \
       CK_ULONG ulCiphertextLen, CK_BYTE_PTR pPlaintext, CK_ULONG_PTR pulPlaintextLen),                       \
      (hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen, pCiphertext,               \
       ulCiphertextLen, pPlaintext, pulPlaintextLen))                                                         \
    X(C_DecryptMessageBegin, 3, 0,                                                                            \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen,                           \
       CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen),                                            \
      (hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen))                           \
    X(C_DecryptMessageNext, 3, 0,                                                                             \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen,                           \
       CK_BYTE_PTR pCiphertextPart, CK_ULONG ulCiphertextPartLen, CK_BYTE_PTR pPlaintextPart,                 \
       CK_ULONG_PTR pulPlaintextPartLen, CK_FLAGS flags),                                                     \
      (hSession, pParameter, ulParameterLen, pCiphertextPart, ulCiphertextPartLen, pPlaintextPart,            \
       pulPlaintextPartLen, flags))                                                                           \
    X(C_MessageDecryptFinal, 3, 0, (CK_SESSION_HANDLE hSession), (hSession))                                  \
    X(C_MessageSignInit, 3, 0,                                                                                \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),                       \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_SignMessage, 3, 0,                                                                                    \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pData,        \
       CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen),                             \
      (hSession, pParameter, ulParameterLen, pData, ulDataLen, pSignature, pulSignatureLen))                  \
    X(C_SignMessageBegin, 3, 0, (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen), \
      (hSession, pParameter, ulParameterLen))                                                                 \
    X(C_SignMessageNext, 3, 0,                                                                                \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pData,        \
       CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen),                             \
      (hSession, pParameter, ulParameterLen, pData, ulDataLen, pSignature, pulSignatureLen))                  \
    X(C_MessageSignFinal, 3, 0, (CK_SESSION_HANDLE hSession), (hSession))                                     \
    X(C_MessageVerifyInit, 3, 0,                                                                              \
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),                       \
      (hSession, pMechanism, hKey))                                                                           \
    X(C_VerifyMessage, 3, 0,                                                                                  \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pData,        \
       CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen),                                  \
      (hSession, pParameter, ulParameterLen, pData, ulDataLen, pSignature, ulSignatureLen))                   \
    X(C_VerifyMessageBegin, 3, 0,                                                                             \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen),                          \
      (hSession, pParameter, ulParameterLen))                                                                 \
    X(C_VerifyMessageNext, 3, 0,                                                                              \
      (CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pData,        \
       CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen),                                  \
      (hSession, pParameter, ulParameterLen, pData, ulDataLen, pSignature, ulSignatureLen))                   \
    X(C_MessageVerifyFinal, 3, 0, (CK_SESSION_HANDLE hSession), (hSession))

#define P11_FUNCTIONS(X) P11_FUNCTIONS_2X(X) P11_FUNCTIONS_3_0(X)
