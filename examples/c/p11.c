#include "p11.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

CK_FUNCTION_LIST_PTR p11;
static void *library;

int p11_load(const char *path, char *why, size_t why_len)
{
    library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(why, why_len, "dlopen: %s", dlerror());
        return 0;
    }
    /* POSIX's way to take a function pointer from dlsym (ISO C has none). */
    CK_C_GetFunctionList get_list;
    *(void **)(&get_list) = dlsym(library, "C_GetFunctionList");
    CK_RV rv = get_list ? get_list(&p11) : CKR_FUNCTION_NOT_SUPPORTED;
    if (rv != CKR_OK) {
        snprintf(why, why_len, "C_GetFunctionList: %s", get_list ? rv_name(rv) : "not exported");
        dlclose(library);
        library = NULL;
        return 0;
    }
    /* The module may use threads of its own: it locks with the OS's primitives. */
    CK_C_INITIALIZE_ARGS init;
    memset(&init, 0, sizeof init);
    init.flags = CKF_OS_LOCKING_OK;
    rv = p11->C_Initialize(&init);
    if (rv != CKR_OK) {
        snprintf(why, why_len, "C_Initialize: %s", rv_name(rv));
        dlclose(library);
        library = NULL;
        return 0;
    }
    return 1;
}

void p11_unload(void)
{
    if (!library)
        return;
    p11->C_Finalize(NULL);
    dlclose(library);
    library = NULL;
}

const char *rv_name(CK_RV rv)
{
    static const struct {
        CK_RV rv;
        const char *name;
    } names[] = {
        {CKR_OK, "CKR_OK"},
        {CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR"},
        {CKR_FUNCTION_FAILED, "CKR_FUNCTION_FAILED"},
        {CKR_ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD"},
        {CKR_ATTRIBUTE_TYPE_INVALID, "CKR_ATTRIBUTE_TYPE_INVALID"},
        {CKR_ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID"},
        {CKR_DATA_INVALID, "CKR_DATA_INVALID"},
        {CKR_DATA_LEN_RANGE, "CKR_DATA_LEN_RANGE"},
        {CKR_ENCRYPTED_DATA_INVALID, "CKR_ENCRYPTED_DATA_INVALID"},
        {CKR_FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED"},
        {CKR_KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID"},
        {CKR_KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT"},
        {CKR_KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED"},
        {CKR_KEY_NOT_WRAPPABLE, "CKR_KEY_NOT_WRAPPABLE"},
        {CKR_KEY_UNEXTRACTABLE, "CKR_KEY_UNEXTRACTABLE"},
        {CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID"},
        {CKR_MECHANISM_PARAM_INVALID, "CKR_MECHANISM_PARAM_INVALID"},
        {CKR_OPERATION_ACTIVE, "CKR_OPERATION_ACTIVE"},
        {CKR_OPERATION_NOT_INITIALIZED, "CKR_OPERATION_NOT_INITIALIZED"},
        {CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"},
        {CKR_PIN_LOCKED, "CKR_PIN_LOCKED"},
        {CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID"},
        {CKR_SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID"},
        {CKR_SIGNATURE_LEN_RANGE, "CKR_SIGNATURE_LEN_RANGE"},
        {CKR_TEMPLATE_INCOMPLETE, "CKR_TEMPLATE_INCOMPLETE"},
        {CKR_TEMPLATE_INCONSISTENT, "CKR_TEMPLATE_INCONSISTENT"},
        {CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT"},
        {CKR_TOKEN_WRITE_PROTECTED, "CKR_TOKEN_WRITE_PROTECTED"},
        {CKR_UNWRAPPING_KEY_HANDLE_INVALID, "CKR_UNWRAPPING_KEY_HANDLE_INVALID"},
        {CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN"},
        {CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"},
        {CKR_USER_PIN_NOT_INITIALIZED, "CKR_USER_PIN_NOT_INITIALIZED"},
        {CKR_USER_TYPE_INVALID, "CKR_USER_TYPE_INVALID"},
        {CKR_WRAPPED_KEY_INVALID, "CKR_WRAPPED_KEY_INVALID"},
        {CKR_WRAPPING_KEY_HANDLE_INVALID, "CKR_WRAPPING_KEY_HANDLE_INVALID"},
        {CKR_WRAPPING_KEY_TYPE_INCONSISTENT, "CKR_WRAPPING_KEY_TYPE_INCONSISTENT"},
        {CKR_BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL"},
        {CKR_CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].rv == rv)
            return names[i].name;
    /* A code this table lacks is still shown, as a number (one at a time). */
    static char unknown[32];
    snprintf(unknown, sizeof unknown, "CKR 0x%08lx", (unsigned long)rv);
    return unknown;
}

const char *mechanism_name(CK_MECHANISM_TYPE m)
{
    switch (m) {
    case CKM_RSA_PKCS: return "CKM_RSA_PKCS";
    case CKM_RSA_PKCS_OAEP: return "CKM_RSA_PKCS_OAEP";
    case CKM_SHA1_RSA_PKCS: return "CKM_SHA1_RSA_PKCS";
    case CKM_SHA256_RSA_PKCS: return "CKM_SHA256_RSA_PKCS";
    case CKM_SHA384_RSA_PKCS: return "CKM_SHA384_RSA_PKCS";
    case CKM_SHA512_RSA_PKCS: return "CKM_SHA512_RSA_PKCS";
    case CKM_ECDSA: return "CKM_ECDSA";
    case CKM_ECDSA_SHA1: return "CKM_ECDSA_SHA1";
    case CKM_ECDSA_SHA256: return "CKM_ECDSA_SHA256";
    case CKM_ECDSA_SHA384: return "CKM_ECDSA_SHA384";
    case CKM_ECDSA_SHA512: return "CKM_ECDSA_SHA512";
    default: return "another mechanism";
    }
}

CK_RV find_objects(CK_SESSION_HANDLE s, CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_HANDLE **out, CK_ULONG *count)
{
    *out = NULL;
    *count = 0;
    CK_RV rv = p11->C_FindObjectsInit(s, tmpl, n);
    if (rv != CKR_OK)
        return rv;
    /* In batches: the module decides how many objects there are, not us. */
    for (;;) {
        CK_OBJECT_HANDLE batch[16];
        CK_ULONG got = 0;
        rv = p11->C_FindObjects(s, batch, sizeof batch / sizeof batch[0], &got);
        if (rv != CKR_OK || got == 0)
            break;
        CK_OBJECT_HANDLE *grown = realloc(*out, (*count + got) * sizeof **out);
        if (!grown) {
            rv = CKR_HOST_MEMORY;
            break;
        }
        *out = grown;
        memcpy(*out + *count, batch, got * sizeof batch[0]);
        *count += got;
    }
    CK_RV final = p11->C_FindObjectsFinal(s);
    if (rv == CKR_OK)
        rv = final;
    if (rv != CKR_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return rv;
}

unsigned char *get_attribute(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type, CK_ULONG *len)
{
    CK_ATTRIBUTE a = {type, NULL, 0};
    if (p11->C_GetAttributeValue(s, h, &a, 1) != CKR_OK || a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return NULL;
    /* One byte more than asked: an empty value is still a non-NULL answer. */
    unsigned char *value = malloc(a.ulValueLen + 1);
    if (!value)
        return NULL;
    a.pValue = value;
    if (p11->C_GetAttributeValue(s, h, &a, 1) != CKR_OK) {
        free(value);
        return NULL;
    }
    *len = a.ulValueLen;
    return value;
}

int get_flag(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type)
{
    CK_BBOOL value = CK_FALSE;
    CK_ATTRIBUTE a = {type, &value, sizeof value};
    return p11->C_GetAttributeValue(s, h, &a, 1) == CKR_OK && value == CK_TRUE;
}

void p11_text(char *out, const CK_UTF8CHAR *padded, size_t size)
{
    size_t n = size;
    while (n > 0 && (padded[n - 1] == ' ' || padded[n - 1] == '\0'))
        n--;
    memcpy(out, padded, n);
    out[n] = '\0';
}

void wipe(void *p, size_t n)
{
    volatile unsigned char *b = p;
    while (n--)
        *b++ = 0;
}
