#include "inventory.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "key_match.h"
#include "p11.h"

/* "CN=Alice, O=Example": one line, UTF-8 as it is, in the certificate's order. */
static void name_text(const X509_NAME *name, char *out, size_t size)
{
    const unsigned long flags = (XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
    BIO *b = BIO_new(BIO_s_mem());
    snprintf(out, size, "?");
    if (b && X509_NAME_print_ex(b, name, 0, flags) >= 0) {
        int n = BIO_read(b, out, (int)size - 1);
        out[n > 0 ? n : 0] = '\0';
    }
    BIO_free(b);
}

static void date_text(const ASN1_TIME *t, char *out, size_t size)
{
    struct tm tm;
    if (!t || !ASN1_TIME_to_tm(t, &tm) || !strftime(out, size, "%Y-%m-%d", &tm))
        snprintf(out, size, "?");
}

static int with_id(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, const unsigned char *id, CK_ULONG id_len,
                   CK_OBJECT_HANDLE *found)
{
    if (!id || id_len == 0)
        return 0;
    CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, (void *)id, id_len}};
    CK_OBJECT_HANDLE *handles;
    CK_ULONG count;
    if (find_objects(s, tmpl, 2, &handles, &count) != CKR_OK)
        return 0;
    if (count > 0)
        *found = handles[0];
    free(handles);
    return count > 0;
}

/* Fills `c` from the certificate object `h`; 0 when it is not X.509 DER. */
static int read_certificate(struct token *t, CK_OBJECT_HANDLE h, struct certificate *c)
{
    CK_ULONG len = 0, id_len = 0;
    unsigned char *value = get_attribute(t->session, h, CKA_VALUE, &len);
    if (!value)
        return 0;
    const unsigned char *p = value;
    memset(c, 0, sizeof *c);
    c->x509 = d2i_X509(NULL, &p, (long)len);
    free(value);
    if (!c->x509)
        return 0;
    c->token = t;
    CK_ULONG label_len = 0;
    unsigned char *label = get_attribute(t->session, h, CKA_LABEL, &label_len);
    if (label)
        label[label_len] = '\0'; /* get_attribute leaves room for it */
    c->label = (char *)label;
    const EVP_PKEY *key = X509_get0_pubkey(c->x509);
    c->key_type = key ? EVP_PKEY_get_base_id(key) : EVP_PKEY_NONE;
    name_text(X509_get_subject_name(c->x509), c->subject, sizeof c->subject);
    name_text(X509_get_issuer_name(c->x509), c->issuer, sizeof c->issuer);
    date_text(X509_get0_notBefore(c->x509), c->not_before, sizeof c->not_before);
    date_text(X509_get0_notAfter(c->x509), c->not_after, sizeof c->not_after);

    unsigned char *id = get_attribute(t->session, h, CKA_ID, &id_len);
    c->has_private_key = with_id(t->session, CKO_PRIVATE_KEY, id, id_len, &c->private_key);
    c->has_public_key = with_id(t->session, CKO_PUBLIC_KEY, id, id_len, &c->public_key);
    free(id);
    if (!c->has_private_key) {
        c->has_private_key = find_by_public_key(t->session, CKO_PRIVATE_KEY, c->x509, &c->private_key);
        c->matched_by_public_key = c->has_private_key;
    }
    if (!c->has_public_key)
        c->has_public_key = find_by_public_key(t->session, CKO_PUBLIC_KEY, c->x509, &c->public_key);
    if (c->has_private_key)
        c->always_authenticate = get_flag(t->session, c->private_key, CKA_ALWAYS_AUTHENTICATE);
    return 1;
}

static int by_subject(const void *a, const void *b)
{
    return strcmp(((const struct certificate *)a)->subject, ((const struct certificate *)b)->subject);
}

static void add_certificates(struct inventory *inv, struct token *t)
{
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE type = CKC_X_509;
    CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_CERTIFICATE_TYPE, &type, sizeof type}};
    CK_OBJECT_HANDLE *handles;
    CK_ULONG count;
    CK_RV rv = find_objects(t->session, tmpl, 2, &handles, &count);
    if (rv != CKR_OK) {
        printf("  cannot search certificates: %s\n", rv_name(rv));
        return;
    }
    struct certificate *grown = realloc(inv->certificates, (inv->certificate_count + count + 1) * sizeof *grown);
    if (!grown) {
        free(handles);
        return;
    }
    inv->certificates = grown;
    const size_t first = inv->certificate_count;
    for (CK_ULONG i = 0; i < count; i++) {
        if (read_certificate(t, handles[i], &inv->certificates[inv->certificate_count]))
            inv->certificate_count++;
        else
            printf("  a certificate that is not X.509 DER: ignored\n");
    }
    free(handles);
    /* Search order is the module's business; a dialog's numbers must not move between runs. */
    qsort(inv->certificates + first, inv->certificate_count - first, sizeof *inv->certificates, by_subject);
    printf("  token \"%s\": %zu certificate(s)\n", t->label, inv->certificate_count - first);
}

static void list_mechanisms(struct token *t)
{
    CK_ULONG n = 0;
    if (p11->C_GetMechanismList(t->slot, NULL, &n) != CKR_OK || n == 0)
        return;
    t->mechanisms = calloc(n, sizeof *t->mechanisms);
    if (t->mechanisms && p11->C_GetMechanismList(t->slot, t->mechanisms, &n) == CKR_OK)
        t->mechanism_count = n;
}

int token_offers(const struct token *t, CK_MECHANISM_TYPE m, CK_FLAGS needed)
{
    for (CK_ULONG i = 0; i < t->mechanism_count; i++) {
        if (t->mechanisms[i] != m)
            continue;
        CK_MECHANISM_INFO info;
        return p11->C_GetMechanismInfo(t->slot, m, &info) == CKR_OK && (info.flags & needed) == needed;
    }
    return 0;
}

/* A session, logged in when the token wants it and a PIN is to be had. */
static int open_token(struct token *t, const CK_TOKEN_INFO *ti, const struct scope *where)
{
    /* Read/write where the token allows it, though session objects need no more than read-only. */
    CK_RV rv = p11->C_OpenSession(t->slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &t->session);
    if (rv == CKR_TOKEN_WRITE_PROTECTED)
        rv = p11->C_OpenSession(t->slot, CKF_SERIAL_SESSION, NULL, NULL, &t->session);
    if (rv != CKR_OK) {
        printf("  C_OpenSession: %s\n", rv_name(rv));
        return 0;
    }
    t->session_open = 1;
    list_mechanisms(t);
    if (!(ti->flags & CKF_LOGIN_REQUIRED))
        return 1;
    pin_for_token(&t->pin, ti, t->label, where->pin);
    if (t->pin.source == PIN_NONE) {
        printf("  no PIN: not logged in, private keys unseen\n");
        return 1;
    }
    if (t->pin.source == PIN_KEYPAD)
        printf("  enter the PIN on the reader's keypad\n");
    rv = pin_login(t->session, CKU_USER, &t->pin);
    if (rv != CKR_OK) {
        printf("  C_Login: %s: private keys unseen\n", rv_name(rv));
        pin_wipe(&t->pin);
    }
    return 1;
}

int inventory_collect(struct inventory *inv, const struct scope *where)
{
    memset(inv, 0, sizeof *inv);
    CK_ULONG count = 0;
    CK_RV rv = p11->C_GetSlotList(CK_FALSE, NULL, &count);
    CK_SLOT_ID *slots = calloc(count ? count : 1, sizeof *slots);
    if (rv == CKR_OK && slots)
        rv = p11->C_GetSlotList(CK_FALSE, slots, &count);
    /* Allocated once: certificates point at their token. */
    inv->tokens = calloc(count ? count : 1, sizeof *inv->tokens);
    if (rv != CKR_OK || !slots || !inv->tokens) {
        printf("FAILED: C_GetSlotList: %s\n", rv_name(rv));
        free(slots);
        return 1;
    }
    printf("%lu slot(s)\n", (unsigned long)count);
    for (CK_ULONG i = 0; i < count; i++) {
        CK_SLOT_INFO si;
        CK_TOKEN_INFO ti;
        char description[65], label[33] = "";
        if ((rv = p11->C_GetSlotInfo(slots[i], &si)) != CKR_OK) {
            printf("slot %lu: C_GetSlotInfo: %s\n", (unsigned long)slots[i], rv_name(rv));
            continue;
        }
        p11_text(description, si.slotDescription, sizeof si.slotDescription);
        const int present = (si.flags & CKF_TOKEN_PRESENT) && p11->C_GetTokenInfo(slots[i], &ti) == CKR_OK;
        const int usable = present && (ti.flags & CKF_TOKEN_INITIALIZED);
        if (usable)
            p11_text(label, ti.label, sizeof ti.label);
        printf("slot %lu: %s", (unsigned long)slots[i], description);
        if (usable)
            printf(", token \"%s\"\n", label);
        else
            printf(present ? ", token not initialised\n" : " (no token)\n");
        if (!usable || (where->one_slot && where->slot != slots[i]))
            continue;
        struct token *t = &inv->tokens[inv->token_count++];
        t->slot = slots[i];
        memcpy(t->label, label, sizeof t->label);
        if (open_token(t, &ti, where))
            add_certificates(inv, t);
    }
    free(slots);
    return 0;
}

void inventory_list(const struct inventory *inv)
{
    printf("certificates:\n");
    for (size_t i = 0; i < inv->certificate_count; i++) {
        const struct certificate *c = &inv->certificates[i];
        const uint32_t usage = X509_get_key_usage(c->x509);
        char usage_text[160] = "";
        static const char *const names[] = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                             "dataEncipherment", "keyAgreement",   "keyCertSign",
                                             "cRLSign",          "encipherOnly"};
        if (usage == UINT32_MAX) {
            snprintf(usage_text, sizeof usage_text, "any (no keyUsage)");
        } else {
            for (unsigned bit = 0; bit < 8; bit++)
                if (usage & (0x80u >> bit)) {
                    if (usage_text[0])
                        strcat(usage_text, ",");
                    strcat(usage_text, names[bit]);
                }
            if (!usage_text[0])
                snprintf(usage_text, sizeof usage_text, "none");
        }
        printf("  \"%s\" on token \"%s\" (slot %lu), label \"%s\"\n", c->subject, c->token->label,
               (unsigned long)c->token->slot, c->label ? c->label : "");
        printf("      issuer %s; valid %s to %s; key usage %s; private key %s\n", c->issuer, c->not_before,
               c->not_after, usage_text,
               !c->has_private_key         ? "absent"
               : c->matched_by_public_key ? "present (matched by public key)"
                                           : "present");
    }
}

void inventory_free(struct inventory *inv)
{
    for (size_t i = 0; i < inv->certificate_count; i++) {
        X509_free(inv->certificates[i].x509);
        free(inv->certificates[i].label);
    }
    free(inv->certificates);
    for (size_t i = 0; i < inv->token_count; i++) {
        struct token *t = &inv->tokens[i];
        if (t->session_open)
            p11->C_CloseSession(t->session);
        pin_wipe(&t->pin);
        free(t->mechanisms);
    }
    free(inv->tokens);
    memset(inv, 0, sizeof *inv);
}
