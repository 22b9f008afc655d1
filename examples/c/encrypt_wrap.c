#include "encrypt_wrap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>

#include "host.h"
#include "p11.h"

struct rsa_plan {
    CK_MECHANISM_TYPE mechanism;
    CK_MECHANISM_TYPE oaep_hash; /* for OAEP: the hash, with MGF1 of the same */
    CK_RSA_PKCS_MGF_TYPE mgf;
    const EVP_MD *(*md)(void); /* the same hash, for the host */
    const char *name;
};

static const struct rsa_plan plans[] = {
    {CKM_RSA_PKCS_OAEP, CKM_SHA256, CKG_MGF1_SHA256, EVP_sha256, "RSA-OAEP with SHA-256"},
    {CKM_RSA_PKCS_OAEP, CKM_SHA_1, CKG_MGF1_SHA1, EVP_sha1, "RSA-OAEP with SHA-1"},
    {CKM_RSA_PKCS, 0, 0, NULL, "RSA PKCS #1 v1.5"},
};

/* A mechanism and its parameters, in storage the caller owns. */
static CK_MECHANISM mechanism_of(const struct rsa_plan *p, CK_RSA_PKCS_OAEP_PARAMS *oaep)
{
    CK_MECHANISM m = {p->mechanism, NULL, 0};
    if (p->mechanism == CKM_RSA_PKCS_OAEP) {
        oaep->hashAlg = p->oaep_hash;
        oaep->mgf = p->mgf;
        oaep->source = CKZ_DATA_SPECIFIED;
        oaep->pSourceData = NULL;
        oaep->ulSourceDataLen = 0;
        m.pParameter = oaep;
        m.ulParameterLen = sizeof *oaep;
    }
    return m;
}

/* What a token says about parameters or a mechanism it does not take: try the next plan. */
static int refused(CK_RV rv)
{
    return rv == CKR_MECHANISM_PARAM_INVALID || rv == CKR_MECHANISM_INVALID || rv == CKR_ARGUMENTS_BAD ||
           rv == CKR_KEY_TYPE_INCONSISTENT || rv == CKR_KEY_FUNCTION_NOT_PERMITTED;
}

struct attempt {
    enum { TRY_NEXT, DONE } result;
    CK_RV rv;          /* the refusal, for the report when every plan is refused */
    const char *where; /* "on the token" or "on the host to the certificate" */
};

/* Encrypts on the token with the public key object; on the host with the
 * certificate's key where there is none, or where the token will not
 * encrypt with it (OpenSC 0.23 lists RSA-OAEP and RSA PKCS #1 for PIV cards
 * with CKF_DECRYPT only), as a sender who holds only the certificate does. */
static struct attempt encrypt(const struct certificate *c, const struct rsa_plan *p, CK_MECHANISM *m,
                              const unsigned char *message, size_t len, unsigned char *out, CK_ULONG *out_len,
                              struct outcome *o)
{
    struct attempt a = {DONE, CKR_OK, "on the token"};
    const CK_ULONG room = *out_len;
    if (c->has_public_key) {
        const CK_SESSION_HANDLE s = c->token->session;
        a.rv = p11->C_EncryptInit(s, m, c->public_key);
        if (a.rv == CKR_OK)
            a.rv = p11->C_Encrypt(s, (CK_BYTE_PTR)message, len, out, out_len);
        if (a.rv == CKR_OK)
            return a;
        if (!refused(a.rv)) {
            outcome_set(o, OUTCOME_FAILED, "%s: C_Encrypt: %s", p->name, rv_name(a.rv));
            return a;
        }
        printf("  the token does not encrypt with %s (%s): encrypting on the host\n", p->name, rv_name(a.rv));
    }
    a.where = "on the host to the certificate";
    size_t n = room;
    if (!host_encrypt(c->x509, p->md ? p->md() : NULL, message, len, out, &n))
        outcome_set(o, OUTCOME_FAILED, "%s: the host could not encrypt to the certificate's key", p->name);
    *out_len = (CK_ULONG)n;
    return a;
}

/* C_DecryptInit, the PIN again where the key asks for it, C_Decrypt. */
static struct attempt decrypt(const struct certificate *c, const struct rsa_plan *p, CK_MECHANISM *m,
                              const unsigned char *in, CK_ULONG len, unsigned char *out, CK_ULONG *out_len,
                              struct outcome *o)
{
    struct attempt a = {DONE, CKR_OK, NULL};
    const CK_SESSION_HANDLE s = c->token->session;
    a.rv = p11->C_DecryptInit(s, m, c->private_key);
    if (refused(a.rv)) {
        a.result = TRY_NEXT;
        return a;
    }
    if (a.rv == CKR_OK && c->always_authenticate) {
        printf("  the key asks for the PIN again (CKA_ALWAYS_AUTHENTICATE)\n");
        a.rv = pin_login(s, CKU_CONTEXT_SPECIFIC, &c->token->pin);
    }
    if (a.rv == CKR_OK)
        a.rv = p11->C_Decrypt(s, (CK_BYTE_PTR)in, len, out, out_len);
    if (a.rv != CKR_OK)
        outcome_set(o, OUTCOME_FAILED, "%s: C_Decrypt: %s", p->name, rv_name(a.rv));
    return a;
}

/* The first plan the token lists and takes; NULL with `o` set when none. */
static const struct rsa_plan *encrypt_decrypt(const struct certificate *c, const unsigned char *message,
                                              size_t len, struct outcome *o)
{
    CK_RV last = CKR_OK;
    int listed = 0;
    for (size_t i = 0; i < sizeof plans / sizeof *plans; i++) {
        const struct rsa_plan *p = &plans[i];
        if (!token_offers(c->token, p->mechanism, CKF_DECRYPT))
            continue;
        listed = 1;
        CK_RSA_PKCS_OAEP_PARAMS oaep;
        CK_MECHANISM m = mechanism_of(p, &oaep);
        unsigned char ciphertext[1024], plaintext[1024];
        CK_ULONG ct_len = sizeof ciphertext, pt_len = sizeof plaintext;
        o->state = OUTCOME_OK;
        const struct attempt e = encrypt(c, p, &m, message, len, ciphertext, &ct_len, o);
        if (e.result == TRY_NEXT) {
            last = e.rv;
            continue;
        }
        if (o->state == OUTCOME_FAILED)
            return NULL;
        /* A host-made ciphertext may use parameters the token's decryption refuses. */
        const struct attempt d = decrypt(c, p, &m, ciphertext, ct_len, plaintext, &pt_len, o);
        if (d.result == TRY_NEXT) {
            last = d.rv;
            continue;
        }
        if (o->state == OUTCOME_FAILED)
            return NULL;
        if (pt_len != len || memcmp(plaintext, message, len) != 0) {
            outcome_set(o, OUTCOME_FAILED, "%s: the decrypted message differs", p->name);
            return NULL;
        }
        outcome_set(o, OUTCOME_OK, "%s, encrypted %s, the message came back unchanged", p->name, e.where);
        return p;
    }
    if (!listed)
        outcome_set(o, OUTCOME_SKIPPED, "the token lists no RSA decryption mechanism");
    else
        outcome_set(o, OUTCOME_FAILED, "the token refused every RSA mechanism it lists: %s", rv_name(last));
    return NULL;
}

/* Cards often hold no public key objects: C_WrapKey then gets a session
 * copy of the certificate's RSA key, which the token takes like any other. */
static CK_RV import_public_key(const struct certificate *c, CK_OBJECT_HANDLE *out)
{
    EVP_PKEY *key = X509_get0_pubkey(c->x509);
    BIGNUM *n = NULL, *e = NULL;
    unsigned char *modulus = NULL, *exponent = NULL;
    CK_RV rv = CKR_HOST_MEMORY;
    if (key && EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) &&
        EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) &&
        (modulus = malloc((size_t)BN_num_bytes(n) + 1)) && (exponent = malloc((size_t)BN_num_bytes(e) + 1))) {
        CK_OBJECT_CLASS cls = CKO_PUBLIC_KEY;
        CK_KEY_TYPE rsa = CKK_RSA;
        CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
        CK_ATTRIBUTE tmpl[] = {
            {CKA_CLASS, &cls, sizeof cls},
            {CKA_KEY_TYPE, &rsa, sizeof rsa},
            {CKA_TOKEN, &no, sizeof no},
            {CKA_WRAP, &yes, sizeof yes},
            {CKA_MODULUS, modulus, (CK_ULONG)BN_bn2bin(n, modulus)},
            {CKA_PUBLIC_EXPONENT, exponent, (CK_ULONG)BN_bn2bin(e, exponent)},
        };
        rv = p11->C_CreateObject(c->token->session, tmpl, sizeof tmpl / sizeof *tmpl, out);
    }
    free(modulus);
    free(exponent);
    BN_free(n);
    BN_free(e);
    return rv;
}

/* A session AES-256 key wrapped with the certificate's public key (its
 * object, or a session copy) and unwrapped with its private key; the two are the same key if what one
 * encrypts, the other decrypts. */
static void wrap_unwrap(const struct certificate *c, const struct rsa_plan *p, struct outcome *o)
{
    const struct token *t = c->token;
    const CK_SESSION_HANDLE s = t->session;
    if (!token_offers(t, p->mechanism, CKF_WRAP | CKF_UNWRAP)) {
        /* OpenSC 0.23's PIV token: RSA decryption only, no wrapping (and its C_UnwrapKey refuses RSA). */
        outcome_set(o, OUTCOME_SKIPPED, "the token does not wrap and unwrap with %s (%s)", mechanism_name(p->mechanism),
                    token_offers(t, p->mechanism, CKF_UNWRAP) ? "no CKF_WRAP" : "neither CKF_WRAP nor CKF_UNWRAP");
        return;
    }
    if (!token_offers(t, CKM_AES_KEY_GEN, CKF_GENERATE) || !token_offers(t, CKM_AES_ECB, CKF_ENCRYPT | CKF_DECRYPT)) {
        outcome_set(o, OUTCOME_SKIPPED, "the token lists no AES key generation or AES-ECB");
        return;
    }

    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_ULONG key_len = 32;
    CK_OBJECT_CLASS secret = CKO_SECRET_KEY;
    CK_KEY_TYPE aes = CKK_AES;
    CK_ATTRIBUTE generate_tmpl[] = {
        {CKA_TOKEN, &no, sizeof no},
        {CKA_VALUE_LEN, &key_len, sizeof key_len},
        {CKA_EXTRACTABLE, &yes, sizeof yes},
        {CKA_ENCRYPT, &yes, sizeof yes},
    };
    CK_ATTRIBUTE unwrap_tmpl[] = {
        {CKA_CLASS, &secret, sizeof secret},
        {CKA_KEY_TYPE, &aes, sizeof aes},
        {CKA_TOKEN, &no, sizeof no},
        {CKA_DECRYPT, &yes, sizeof yes},
    };
    CK_MECHANISM generate = {CKM_AES_KEY_GEN, NULL, 0}, ecb = {CKM_AES_ECB, NULL, 0};
    CK_RSA_PKCS_OAEP_PARAMS oaep;
    CK_MECHANISM m = mechanism_of(p, &oaep);
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE, unwrapped = CK_INVALID_HANDLE;
    unsigned char wrapped[1024], block[16], sealed[16], opened[16];
    CK_ULONG wrapped_len = sizeof wrapped, sealed_len = sizeof sealed, opened_len = sizeof opened;
    memset(block, 0x5e, sizeof block);

    CK_OBJECT_HANDLE wrapping = c->public_key;
    CK_RV rv = c->has_public_key ? CKR_OK : import_public_key(c, &wrapping);
    if (rv != CKR_OK) {
        outcome_set(o, OUTCOME_SKIPPED, "no public key object, and no session copy of the certificate's: %s",
                    rv_name(rv));
        return;
    }
    if ((rv = p11->C_GenerateKey(s, &generate, generate_tmpl, 4, &key)) != CKR_OK) {
        outcome_set(o, OUTCOME_SKIPPED, "no AES key to wrap: C_GenerateKey: %s", rv_name(rv));
        if (!c->has_public_key)
            p11->C_DestroyObject(s, wrapping);
        return;
    }
    if ((rv = p11->C_WrapKey(s, &m, wrapping, key, wrapped, &wrapped_len)) != CKR_OK)
        outcome_set(o, OUTCOME_FAILED, "C_WrapKey: %s", rv_name(rv));
    else if ((rv = p11->C_UnwrapKey(s, &m, c->private_key, wrapped, wrapped_len, unwrap_tmpl, 4, &unwrapped)) !=
             CKR_OK)
        outcome_set(o, OUTCOME_FAILED, "C_UnwrapKey: %s", rv_name(rv));
    else if ((rv = p11->C_EncryptInit(s, &ecb, key)) != CKR_OK ||
             (rv = p11->C_Encrypt(s, block, sizeof block, sealed, &sealed_len)) != CKR_OK ||
             (rv = p11->C_DecryptInit(s, &ecb, unwrapped)) != CKR_OK ||
             (rv = p11->C_Decrypt(s, sealed, sealed_len, opened, &opened_len)) != CKR_OK)
        outcome_set(o, OUTCOME_FAILED, "AES-ECB with the two keys: %s", rv_name(rv));
    else if (opened_len != sizeof block || memcmp(opened, block, sizeof block) != 0)
        outcome_set(o, OUTCOME_FAILED, "the unwrapped key is not the wrapped one");
    else
        outcome_set(o, OUTCOME_OK, "an AES-256 key wrapped with %s%s and unwrapped: the same key", p->name,
                    c->has_public_key ? "" : " (the certificate's key, imported for the session)");
    /* Session objects would go with the session; gone now, they hold no key longer than needed. */
    if (unwrapped != CK_INVALID_HANDLE)
        p11->C_DestroyObject(s, unwrapped);
    p11->C_DestroyObject(s, key);
    if (!c->has_public_key)
        p11->C_DestroyObject(s, wrapping);
}

void encrypt_and_wrap(const struct certificate *c, const unsigned char *message, size_t len,
                      struct outcome *encrypt_decrypt_outcome, struct outcome *wrap_unwrap_outcome)
{
    if (c->key_type != EVP_PKEY_RSA) {
        outcome_set(encrypt_decrypt_outcome, OUTCOME_SKIPPED, "not an RSA key: this demo encrypts with RSA only");
        *wrap_unwrap_outcome = *encrypt_decrypt_outcome;
        return;
    }
    const struct rsa_plan *p = encrypt_decrypt(c, message, len, encrypt_decrypt_outcome);
    if (p)
        wrap_unwrap(c, p, wrap_unwrap_outcome);
    else
        outcome_set(wrap_unwrap_outcome, OUTCOME_SKIPPED, "no RSA mechanism that encrypts and decrypts here");
}
