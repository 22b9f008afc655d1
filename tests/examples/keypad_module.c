/* A reader with a PIN pad, made of software, for tests/examples/keypad.sh.
 *
 * Why it exists: the examples log in to a token with
 * CKF_PROTECTED_AUTHENTICATION_PATH by C_Login(CKU_USER, NULL, 0) — the
 * reader asks for the PIN itself — and, for a CKA_ALWAYS_AUTHENTICATE key,
 * by C_Login(CKU_CONTEXT_SPECIFIC, NULL, 0) again (PKCS #11 2.40, C_Login:
 * "If the token has a protected authentication path ... pPin should be
 * NULL_PTR").  Neither our module nor the virtual PIV card has such a path,
 * and no reader with a keypad is at hand, so this module plays one: it
 * forwards every function to the module named by $KEYPAD_TARGET and changes
 * two:
 *   C_GetTokenInfo  sets CKF_PROTECTED_AUTHENTICATION_PATH;
 *   C_Login         with a NULL PIN logs in to the target with the PIN the
 *                   "keypad user" types ($KEYPAD_PIN) and writes
 *                   "keypad <user type> <rv>" to the file $KEYPAD_LOG;
 *                   with a PIN (which an application may still send) it
 *                   passes the PIN on and writes "pin-sent <user type> <rv>",
 *                   so that a test can tell the two apart.
 * The function list is the target's, copied, with those two replaced.
 * Plain C with p11-kit's pkcs11.h, as the C example is. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR target;
static CK_FUNCTION_LIST keypad;

static const char *user_name(CK_USER_TYPE user)
{
    switch (user) {
    case CKU_SO:
        return "so";
    case CKU_USER:
        return "user";
    case CKU_CONTEXT_SPECIFIC:
        return "context-specific";
    default:
        return "other";
    }
}

static void note(const char *how, CK_USER_TYPE user, CK_RV rv)
{
    const char *path = getenv("KEYPAD_LOG");
    if (!path || !*path)
        return;
    FILE *log = fopen(path, "a");
    if (!log)
        return;
    fprintf(log, "%s %s 0x%lx\n", how, user_name(user), (unsigned long)rv);
    fclose(log);
}

static CK_RV keypad_get_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info)
{
    CK_RV rv = target->C_GetTokenInfo(slot, info);
    if (rv == CKR_OK)
        info->flags |= CKF_PROTECTED_AUTHENTICATION_PATH;
    return rv;
}

static CK_RV keypad_login(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len)
{
    if (pin != NULL) {
        CK_RV rv = target->C_Login(s, user, pin, pin_len);
        note("pin-sent", user, rv);
        return rv;
    }
    /* The keypad: what its user types goes to the token, never through the application. */
    const char *typed = getenv("KEYPAD_PIN");
    if (!typed)
        typed = "";
    CK_RV rv = target->C_Login(s, user, (CK_UTF8CHAR_PTR)typed, (CK_ULONG)strlen(typed));
    note("keypad", user, rv);
    return rv;
}

static CK_RV keypad_get_function_list(CK_FUNCTION_LIST_PTR_PTR list);

static CK_RV load_target(void)
{
    if (target)
        return CKR_OK;
    const char *path = getenv("KEYPAD_TARGET");
    if (!path || !*path) {
        fprintf(stderr, "keypad_module: $KEYPAD_TARGET names no module\n");
        return CKR_GENERAL_ERROR;
    }
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        fprintf(stderr, "keypad_module: dlopen: %s\n", dlerror());
        return CKR_GENERAL_ERROR;
    }
    CK_C_GetFunctionList get_list;
    *(void **)(&get_list) = dlsym(library, "C_GetFunctionList");
    CK_FUNCTION_LIST_PTR list = NULL;
    CK_RV rv = get_list ? get_list(&list) : CKR_GENERAL_ERROR;
    if (rv != CKR_OK || !list)
        return rv != CKR_OK ? rv : CKR_GENERAL_ERROR;
    target = list;
    keypad = *list;
    keypad.C_GetFunctionList = keypad_get_function_list;
    keypad.C_GetTokenInfo = keypad_get_token_info;
    keypad.C_Login = keypad_login;
    return CKR_OK;
}

static CK_RV keypad_get_function_list(CK_FUNCTION_LIST_PTR_PTR list)
{
    if (!list)
        return CKR_ARGUMENTS_BAD;
    CK_RV rv = load_target();
    if (rv == CKR_OK)
        *list = &keypad;
    return rv;
}

__attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
    return keypad_get_function_list(list);
}
