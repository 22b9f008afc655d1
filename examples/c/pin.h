/* Where a token's PIN comes from, per token: given (--pin or $SEED_DEMO_PIN,
 * for scripts), the reader's own keypad (CKF_PROTECTED_AUTHENTICATION_PATH:
 * C_Login with a NULL PIN), or asked on the terminal without echo.  Without
 * any of them the token is used unlogged: its private keys stay unseen and
 * the rules say so. */
#ifndef SEED_DEMO_PIN_H
#define SEED_DEMO_PIN_H

#include <stddef.h>

#include <p11-kit/pkcs11.h>

enum pin_source { PIN_NONE, PIN_GIVEN, PIN_KEYPAD };

struct pin {
    enum pin_source source;
    char text[256];
    size_t len;
};

void pin_for_token(struct pin *out, const CK_TOKEN_INFO *token, const char *label, const char *given);

/* C_Login with this PIN (NULL on the keypad path); already logged in is fine. */
CK_RV pin_login(CK_SESSION_HANDLE s, CK_USER_TYPE user, const struct pin *p);

void pin_wipe(struct pin *p);

#endif
