#define _POSIX_C_SOURCE 200809L
#include "pin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "p11.h"

static void take(struct pin *out, const char *text)
{
    size_t n = strlen(text);
    if (n >= sizeof out->text)
        n = sizeof out->text - 1;
    memcpy(out->text, text, n);
    out->text[n] = '\0';
    out->len = n;
    out->source = PIN_GIVEN;
}

/* Reads one line straight into the PIN's buffer, so that no copy of it is
 * left behind; 0 at end of input. */
static int ask_without_echo(struct pin *out, const char *label)
{
    /* Echo goes off before the prompt shows, so nothing typed at the prompt is
     * echoed; TCSANOW, not TCSAFLUSH, which would discard what was typed ahead. */
    struct termios before;
    const int terminal = tcgetattr(STDIN_FILENO, &before) == 0;
    if (terminal) {
        struct termios quiet = before;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    printf("PIN for token \"%s\" (empty: do not log in): ", label);
    fflush(stdout);
    const int got = fgets(out->text, sizeof out->text, stdin) != NULL;
    if (terminal)
        tcsetattr(STDIN_FILENO, TCSANOW, &before);
    printf("\n");
    if (!got)
        return 0;
    size_t n = strcspn(out->text, "\r\n");
    if (out->text[n] == '\0' && n == sizeof out->text - 1) {
        /* Longer than any PIN: the rest of the line is not the next answer. */
        int c;
        while ((c = getchar()) != EOF && c != '\n')
            ;
    }
    out->text[n] = '\0';
    out->len = n;
    return 1;
}

void pin_for_token(struct pin *out, const CK_TOKEN_INFO *token, const char *label, const char *given)
{
    memset(out, 0, sizeof *out);
    const char *env = getenv("SEED_DEMO_PIN");
    if (given && *given) {
        take(out, given);
    } else if (env && *env) {
        take(out, env);
    } else if (token->flags & CKF_PROTECTED_AUTHENTICATION_PATH) {
        out->source = PIN_KEYPAD;
    } else if (isatty(STDIN_FILENO) && ask_without_echo(out, label) && out->len > 0) {
        out->source = PIN_GIVEN;
    } else {
        pin_wipe(out);
    }
}

CK_RV pin_login(CK_SESSION_HANDLE s, CK_USER_TYPE user, const struct pin *p)
{
    /* The keypad path: a NULL PIN tells the reader to ask for it itself. */
    CK_RV rv = p->source == PIN_KEYPAD ? p11->C_Login(s, user, NULL, 0)
                                       : p11->C_Login(s, user, (CK_UTF8CHAR_PTR)p->text, p->len);
    return rv == CKR_USER_ALREADY_LOGGED_IN ? CKR_OK : rv;
}

void pin_wipe(struct pin *p)
{
    wipe(p->text, sizeof p->text);
    p->len = 0;
    p->source = PIN_NONE;
}
