#include "sign_verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "p11.h"

struct plan {
    CK_MECHANISM_TYPE mechanism;
    const EVP_MD *(*md)(void); /* the hash the signature is over */
    int host_hash;             /* the token signs a hash we made ... */
    int digest_info;           /* ... wrapped in a DigestInfo (RSA) */
};

/* In order of preference.  The bare mechanism over our own SHA-256 ranks
 * above the token's SHA-1: SHA-1 no longer resists collisions (SHAttered,
 * 2017), and a 2.11 token that lists no SHA-2 signature still signs a hash. */
static const struct plan rsa_plans[] = {
    {CKM_SHA256_RSA_PKCS, EVP_sha256, 0, 0}, {CKM_SHA384_RSA_PKCS, EVP_sha384, 0, 0},
    {CKM_SHA512_RSA_PKCS, EVP_sha512, 0, 0}, {CKM_RSA_PKCS, EVP_sha256, 1, 1},
    {CKM_SHA1_RSA_PKCS, EVP_sha1, 0, 0},
};
static const struct plan ec_plans[] = {
    {CKM_ECDSA_SHA256, EVP_sha256, 0, 0}, {CKM_ECDSA_SHA384, EVP_sha384, 0, 0},
    {CKM_ECDSA_SHA512, EVP_sha512, 0, 0}, {CKM_ECDSA, EVP_sha256, 1, 0},
    {CKM_ECDSA_SHA1, EVP_sha1, 0, 0},
};

static const struct plan *choose_plan(const struct certificate *c)
{
    const struct plan *plans = c->key_type == EVP_PKEY_RSA ? rsa_plans : ec_plans;
    const size_t n = c->key_type == EVP_PKEY_RSA ? sizeof rsa_plans / sizeof *rsa_plans
                                                 : sizeof ec_plans / sizeof *ec_plans;
    for (size_t i = 0; i < n; i++)
        if (token_offers(c->token, plans[i].mechanism, CKF_SIGN))
            return &plans[i];
    return NULL;
}

/* What a token that hashes nothing signs: our hash of the message, in a
 * DigestInfo for RSA (the token adds only the PKCS #1 padding). */
static int host_hashed(const struct plan *p, const unsigned char *message, size_t len, unsigned char *out,
                       size_t *out_len)
{
    /* DigestInfo ::= SEQUENCE { SEQUENCE { id-sha256, NULL }, OCTET STRING (32) } */
    static const unsigned char sha256_prefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                                  0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    const size_t prefix = p->digest_info ? sizeof sha256_prefix : 0;
    size_t hash_len = 0;
    if (!host_hash(p->md(), message, len, out + prefix, &hash_len))
        return 0;
    memcpy(out, sha256_prefix, prefix);
    *out_len = prefix + hash_len;
    return 1;
}

/* C_SignInit, the PIN again where the key asks for it, C_Sign. */
static CK_RV sign(const struct certificate *c, CK_MECHANISM *m, const unsigned char *data, size_t len,
                  unsigned char *out, CK_ULONG *out_len)
{
    const CK_SESSION_HANDLE s = c->token->session;
    CK_RV rv = p11->C_SignInit(s, m, c->private_key);
    if (rv != CKR_OK)
        return rv;
    if (c->always_authenticate) {
        printf("  the key asks for the PIN again (CKA_ALWAYS_AUTHENTICATE)\n");
        if ((rv = pin_login(s, CKU_CONTEXT_SPECIFIC, &c->token->pin)) != CKR_OK)
            return rv;
    }
    return p11->C_Sign(s, (CK_BYTE_PTR)data, len, out, out_len);
}

static CK_RV verify_on_token(const struct certificate *c, CK_MECHANISM *m, const unsigned char *data, size_t len,
                             const unsigned char *sig, CK_ULONG sig_len)
{
    const CK_SESSION_HANDLE s = c->token->session;
    CK_RV rv = p11->C_VerifyInit(s, m, c->public_key);
    return rv != CKR_OK ? rv : p11->C_Verify(s, (CK_BYTE_PTR)data, len, (CK_BYTE_PTR)sig, sig_len);
}

struct outcome sign_and_verify(const struct certificate *c, const unsigned char *message, size_t len,
                               struct signature *made)
{
    struct outcome o;
    if (c->key_type != EVP_PKEY_RSA && c->key_type != EVP_PKEY_EC)
        return outcome_set(&o, OUTCOME_SKIPPED, "the key is neither RSA nor EC"), o;
    const struct plan *p = choose_plan(c);
    if (!p)
        return outcome_set(&o, OUTCOME_SKIPPED, "the token lists no signature mechanism for this key type"), o;
    char mech[96];
    snprintf(mech, sizeof mech, "%s%s", mechanism_name(p->mechanism),
             p->digest_info ? " over a SHA-256 DigestInfo made on the host"
             : p->host_hash ? " over a SHA-256 hash made on the host" : "");

    unsigned char hashed[EVP_MAX_MD_SIZE + 32];
    size_t hashed_len = 0;
    if (p->host_hash && !host_hashed(p, message, len, hashed, &hashed_len))
        return outcome_set(&o, OUTCOME_FAILED, "%s: the host could not hash the message", mech), o;
    const unsigned char *data = p->host_hash ? hashed : message;
    const size_t data_len = p->host_hash ? hashed_len : len;

    /* Room for RSA-8192 or any ECDSA signature: no length query needed. */
    unsigned char sig[1024];
    CK_ULONG sig_len = sizeof sig;
    CK_MECHANISM m = {p->mechanism, NULL, 0};
    CK_RV rv = sign(c, &m, data, data_len, sig, &sig_len);
    if (rv != CKR_OK)
        return outcome_set(&o, OUTCOME_FAILED, "%s: %s", mech, rv_name(rv)), o;
    printf("  signed with %s: %lu-byte signature\n", mech, (unsigned long)sig_len);
    if (made && (made->bytes = malloc(sig_len))) {
        memcpy(made->bytes, sig, sig_len);
        made->len = sig_len;
    }

    if (c->has_public_key) {
        rv = verify_on_token(c, &m, data, data_len, sig, sig_len);
        if (rv != CKR_OK)
            return outcome_set(&o, OUTCOME_FAILED, "%s: C_Verify on the token: %s", mech, rv_name(rv)), o;
    }
    const int valid = host_verify(c->x509, p->md(), message, len, sig, sig_len);
    if (valid != 1)
        return outcome_set(&o, OUTCOME_FAILED, "%s: %s", mech,
                           valid < 0 ? "the host cannot check the signature"
                                     : "the signature does not verify against the certificate"),
               o;
    /* A check that accepts anything proves nothing: a changed signature must fail. */
    sig[sig_len / 2] ^= 1;
    if (host_verify(c->x509, p->md(), message, len, sig, sig_len) != 0)
        return outcome_set(&o, OUTCOME_FAILED, "%s: a tampered signature was not rejected", mech), o;
    outcome_set(&o, OUTCOME_OK, "%s, verified %sagainst the certificate; a tampered one rejected", mech,
                c->has_public_key ? "on the token and on the host " : "on the host (no public key object) ");
    return o;
}
