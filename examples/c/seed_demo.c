/* seed-demo in plain C11: the vendor page's example flow on any module,
 * compiled against p11-kit's <p11-kit/pkcs11.h> rather than p11forge's
 * headers, so that it shows the ABI as a C application sees it.
 *   a) list every slot;  b) open a session on every slot with a token and
 *   collect every certificate with its key pair;  c) check them against the
 *   application's rules, showing each rejection with its reason;  d) one
 *   match is taken, several are offered in a numbered dialog;  e) sign and
 *   verify with the chosen certificate's key, encrypt/decrypt and wrap/unwrap
 *   with an encryption certificate's key; a summary table ends the run.
 *
 *   seed-demo-c --module PATH [--pin PIN] [--slot N] [--choose N] [--choose-decrypt N]
 *               [--issuer TEXT] [--subject TEXT] [--signature-out FILE]
 *   the PIN per token: --pin or $SEED_DEMO_PIN, else the reader's keypad
 *   (protected authentication path), else asked without echo on a terminal.
 *   Exit status: 0 when nothing failed (skipped is not failed), 1 when a step
 *   failed, 2 for a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choice.h"
#include "encrypt_wrap.h"
#include "inventory.h"
#include "p11.h"
#include "rules.h"
#include "sign_verify.h"

struct options {
    const char *module, *pin, *signature_out;
    struct scope scope;
    unsigned long sign_choice, decrypt_choice; /* 0: none given */
    struct filters filters;
};

static void usage(void)
{
    fprintf(stderr, "usage: seed-demo-c --module PATH [--pin PIN] [--slot N] [--choose N] [--choose-decrypt N]\n"
                    "                   [--issuer TEXT] [--subject TEXT] [--signature-out FILE]\n");
    exit(2);
}

/* Slot ids may be given in hex (SoftHSM's are large); choices are decimal. */
static unsigned long number(const char *option, const char *text, unsigned long least, int base)
{
    char *end = NULL;
    const unsigned long n = strtoul(text, &end, base);
    if (end == text || *end != '\0' || n < least || text[0] == '-') {
        fprintf(stderr, "%s: \"%s\" is not a number%s\n", option, text, least ? " from 1 on" : "");
        exit(2);
    }
    return n;
}

static struct options parse(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            usage();
        if (i + 1 >= argc) {
            fprintf(stderr, "%s: unknown, or needs a value\n", a);
            usage();
        }
        const char *value = argv[++i];
        if (!strcmp(a, "--module"))
            o.module = value;
        else if (!strcmp(a, "--pin"))
            o.pin = value;
        else if (!strcmp(a, "--slot"))
            o.scope.slot = number(a, value, 0, 0), o.scope.one_slot = 1;
        else if (!strcmp(a, "--choose"))
            o.sign_choice = number(a, value, 1, 10);
        else if (!strcmp(a, "--choose-decrypt"))
            o.decrypt_choice = number(a, value, 1, 10);
        else if (!strcmp(a, "--issuer"))
            o.filters.issuer_contains = value;
        else if (!strcmp(a, "--subject"))
            o.filters.subject_contains = value;
        else if (!strcmp(a, "--signature-out"))
            o.signature_out = value;
        else {
            fprintf(stderr, "%s: unknown option\n", a);
            usage();
        }
    }
    if (!o.module) {
        fprintf(stderr, "--module PATH is needed: this example runs against any module\n");
        usage();
    }
    o.scope.pin = o.pin;
    return o;
}

/* c) and d) for one operation: the rules, then the choice.  NULL with `why`
 * set when there is nothing to use. */
static const struct certificate *select_for(const struct inventory *inv, enum operation op, const struct options *o,
                                            unsigned long given, const char *option, struct outcome *why)
{
    printf("%s: the rules\n", operation_name(op));
    const struct certificate **offered = calloc(inv->certificate_count + 1, sizeof *offered);
    if (!offered) {
        outcome_set(why, OUTCOME_FAILED, "out of memory");
        return NULL;
    }
    size_t count = 0;
    for (size_t i = 0; i < inv->certificate_count; i++) {
        const struct certificate *c = &inv->certificates[i];
        char reason[200];
        if (rules_reject(c, op, &o->filters, reason, sizeof reason))
            printf("  rejected \"%s\": %s\n", c->subject, reason);
        else
            offered[count++] = c;
    }
    for (size_t i = 0; i < count; i++)
        printf("  %zu) %s  (issuer %s, until %s, token \"%s\")\n", i + 1, offered[i]->subject, offered[i]->issuer,
               offered[i]->not_after, offered[i]->token->label);
    char reason[200];
    const struct certificate *chosen = choose(offered, count, given, option, reason, sizeof reason);
    if (chosen) {
        printf("  using \"%s\"\n", chosen->subject);
    } else {
        /* Nothing passing the rules is the token's lot; candidates and no choice is an error, not a guess. */
        outcome_set(why, count == 0 ? OUTCOME_SKIPPED : OUTCOME_FAILED, "%s", reason);
        printf("  no certificate for %s: %s\n", operation_name(op), reason);
    }
    free(offered);
    return chosen;
}

static void write_signature(const char *path, const struct signature *sig)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(sig->bytes, 1, sig->len, f) != sig->len)
        fprintf(stderr, "cannot write %s\n", path);
    if (f)
        fclose(f);
}

struct row {
    const char *operation;
    struct outcome result;
};

static int finish(const struct row *rows, size_t n)
{
    int failed = 0, all_ok = 1;
    printf("\nsummary:\n");
    for (size_t i = 0; i < n; i++) {
        printf("  %-16s %-8s %s\n", rows[i].operation, outcome_name(rows[i].result.state), rows[i].result.detail);
        failed |= rows[i].result.state == OUTCOME_FAILED;
        all_ok &= rows[i].result.state == OUTCOME_OK;
    }
    /* Skipped is not failed: a token may simply hold no key for an operation. */
    printf("%s\n", failed   ? "seed demo (C): FAILED"
                   : all_ok ? "seed demo (C): all steps succeeded"
                            : "seed demo (C): done, some steps skipped");
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    const struct options opt = parse(argc, argv);
    char why[300];
    if (!p11_load(opt.module, why, sizeof why)) {
        fprintf(stderr, "FAILED: load the module: %s\n", why);
        return 1;
    }
    CK_INFO info;
    if (p11->C_GetInfo(&info) == CKR_OK) {
        char manufacturer[33], description[33];
        p11_text(manufacturer, info.manufacturerID, sizeof info.manufacturerID);
        p11_text(description, info.libraryDescription, sizeof info.libraryDescription);
        printf("module: %s, %s (Cryptoki %u.%02u)\n", manufacturer, description, info.cryptokiVersion.major,
               info.cryptokiVersion.minor);
    }

    /* a) and b) */
    struct inventory inv;
    if (inventory_collect(&inv, &opt.scope) != 0) {
        inventory_free(&inv);
        p11_unload();
        return 1;
    }
    inventory_list(&inv);

    static const unsigned char message[] = "The seed's example: sign, encrypt, wrap.";
    const size_t message_len = sizeof message - 1;
    struct row rows[3] = {{"sign/verify", {0}}, {"encrypt/decrypt", {0}}, {"wrap/unwrap", {0}}};

    /* c), d), e) for signing ... */
    const struct certificate *signer =
        select_for(&inv, OPERATION_SIGN, &opt, opt.sign_choice, "--choose", &rows[0].result);
    if (signer) {
        struct signature sig = {NULL, 0};
        rows[0].result = sign_and_verify(signer, message, message_len, opt.signature_out ? &sig : NULL);
        if (opt.signature_out && sig.bytes)
            write_signature(opt.signature_out, &sig);
        free(sig.bytes);
    }
    /* ... and for encryption, with the user's encryption certificate. */
    const struct certificate *recipient =
        select_for(&inv, OPERATION_DECRYPT, &opt, opt.decrypt_choice, "--choose-decrypt", &rows[1].result);
    if (recipient)
        encrypt_and_wrap(recipient, message, message_len, &rows[1].result, &rows[2].result);
    else
        rows[2].result = rows[1].result;

    const int rc = finish(rows, sizeof rows / sizeof rows[0]);
    inventory_free(&inv);
    p11_unload();
    return rc;
}
