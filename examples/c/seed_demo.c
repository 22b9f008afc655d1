/* seed-demo in plain C, compiled against p11-kit's <p11-kit/pkcs11.h> (not
 * p11forge's headers): proof that a C application built the usual way can
 * load a module and run the vendor page's example flow — create and verify a
 * digital signature, encrypt and decrypt a message, wrap and unwrap a key.
 *
 *   seed-demo-c MODULE_PATH SLOT_ID USER_PIN
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR p11;

static void check(CK_RV rv, const char *what)
{
    if (rv != CKR_OK) {
        fprintf(stderr, "FAILED: %s returned 0x%08lx\n", what, (unsigned long)rv);
        exit(1);
    }
}

static void print_hex(const char *label, const CK_BYTE *b, CK_ULONG n)
{
    printf("%s: ", label);
    for (CK_ULONG i = 0; i < n && i < 16; i++)
        printf("%02x", b[i]);
    printf("%s (%lu bytes)\n", n > 16 ? "..." : "", (unsigned long)n);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s MODULE_PATH SLOT_ID USER_PIN\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    /* POSIX's way to take a function pointer from dlsym (ISO C has none). */
    CK_C_GetFunctionList get_list;
    *(void **)(&get_list) = dlsym(lib, "C_GetFunctionList");
    if (!get_list) {
        fprintf(stderr, "no C_GetFunctionList\n");
        return 1;
    }
    check(get_list(&p11), "C_GetFunctionList");

    CK_C_INITIALIZE_ARGS init = {0};
    init.flags = CKF_OS_LOCKING_OK;
    check(p11->C_Initialize(&init), "C_Initialize");
    CK_INFO info;
    check(p11->C_GetInfo(&info), "C_GetInfo");
    printf("Cryptoki %u.%u, library %.32s\n", info.cryptokiVersion.major, info.cryptokiVersion.minor,
           info.libraryDescription);

    /* a) list the slots */
    CK_ULONG count = 0;
    check(p11->C_GetSlotList(CK_FALSE, NULL, &count), "C_GetSlotList (length)");
    CK_SLOT_ID *slots = calloc(count ? count : 1, sizeof *slots);
    check(p11->C_GetSlotList(CK_FALSE, slots, &count), "C_GetSlotList");
    printf("%lu slot(s)\n", (unsigned long)count);
    free(slots);

    CK_SLOT_ID slot = strtoul(argv[2], NULL, 0);
    CK_SESSION_HANDLE s;
    check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s), "C_OpenSession");
    check(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)argv[3], strlen(argv[3])), "C_Login");

    /* An RSA-2048 session key pair. */
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_ULONG bits = 2048;
    CK_ATTRIBUTE pub_tmpl[] = {
        {CKA_TOKEN, &no, sizeof no}, {CKA_MODULUS_BITS, &bits, sizeof bits},
        {CKA_VERIFY, &yes, sizeof yes}, {CKA_ENCRYPT, &yes, sizeof yes}, {CKA_WRAP, &yes, sizeof yes},
    };
    CK_ATTRIBUTE priv_tmpl[] = {
        {CKA_TOKEN, &no, sizeof no}, {CKA_SIGN, &yes, sizeof yes},
        {CKA_DECRYPT, &yes, sizeof yes}, {CKA_UNWRAP, &yes, sizeof yes},
    };
    CK_MECHANISM gen = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
    CK_OBJECT_HANDLE pub, priv;
    check(p11->C_GenerateKeyPair(s, &gen, pub_tmpl, 5, priv_tmpl, 4, &pub, &priv), "C_GenerateKeyPair");
    printf("generated an RSA-2048 key pair\n");

    /* 1. sign and verify */
    CK_BYTE message[] = "The seed's example: sign, encrypt, wrap.";
    CK_ULONG message_len = sizeof message - 1;
    CK_MECHANISM sha256_rsa = {CKM_SHA256_RSA_PKCS, NULL, 0};
    CK_BYTE sig[512];
    CK_ULONG sig_len = 0;
    check(p11->C_SignInit(s, &sha256_rsa, priv), "C_SignInit");
    check(p11->C_Sign(s, message, message_len, NULL, &sig_len), "C_Sign (length)");
    check(p11->C_Sign(s, message, message_len, sig, &sig_len), "C_Sign");
    print_hex("signature", sig, sig_len);
    check(p11->C_VerifyInit(s, &sha256_rsa, pub), "C_VerifyInit");
    check(p11->C_Verify(s, message, message_len, sig, sig_len), "C_Verify");
    printf("verification: valid\n");
    sig[0] ^= 1;
    check(p11->C_VerifyInit(s, &sha256_rsa, pub), "C_VerifyInit");
    if (p11->C_Verify(s, message, message_len, sig, sig_len) != CKR_SIGNATURE_INVALID) {
        fprintf(stderr, "FAILED: a tampered signature was not rejected\n");
        return 1;
    }
    printf("tampered signature: invalid, as it must be\n");

    /* 2. encrypt and decrypt (RSA-OAEP, SHA-256) */
    CK_RSA_PKCS_OAEP_PARAMS oaep = {CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, NULL, 0};
    CK_MECHANISM rsa_oaep = {CKM_RSA_PKCS_OAEP, &oaep, sizeof oaep};
    CK_BYTE ct[512], pt[512];
    CK_ULONG ct_len = sizeof ct, pt_len = sizeof pt;
    if (p11->C_EncryptInit(s, &rsa_oaep, pub) != CKR_OK) {
        /* Some tokens do OAEP with SHA-1 only (SoftHSMv2 2.6): use what they have. */
        printf("RSA-OAEP with SHA-256 refused; using SHA-1\n");
        oaep.hashAlg = CKM_SHA_1;
        oaep.mgf = CKG_MGF1_SHA1;
        check(p11->C_EncryptInit(s, &rsa_oaep, pub), "C_EncryptInit");
    }
    check(p11->C_Encrypt(s, message, message_len, ct, &ct_len), "C_Encrypt");
    print_hex("ciphertext", ct, ct_len);
    check(p11->C_DecryptInit(s, &rsa_oaep, priv), "C_DecryptInit");
    check(p11->C_Decrypt(s, ct, ct_len, pt, &pt_len), "C_Decrypt");
    if (pt_len != message_len || memcmp(pt, message, message_len) != 0) {
        fprintf(stderr, "FAILED: decryption gave something else\n");
        return 1;
    }
    printf("decrypted: \"%.*s\"\n", (int)pt_len, pt);

    /* 3. wrap and unwrap an AES-256 key */
    CK_ULONG key_len = 32;
    CK_OBJECT_CLASS secret = CKO_SECRET_KEY;
    CK_KEY_TYPE aes = CKK_AES;
    CK_ATTRIBUTE aes_tmpl[] = {
        {CKA_TOKEN, &no, sizeof no}, {CKA_VALUE_LEN, &key_len, sizeof key_len},
        {CKA_EXTRACTABLE, &yes, sizeof yes}, {CKA_ENCRYPT, &yes, sizeof yes},
    };
    CK_MECHANISM aes_gen = {CKM_AES_KEY_GEN, NULL, 0};
    CK_OBJECT_HANDLE key, unwrapped;
    check(p11->C_GenerateKey(s, &aes_gen, aes_tmpl, 4, &key), "C_GenerateKey");
    CK_BYTE wrapped[512];
    CK_ULONG wrapped_len = sizeof wrapped;
    check(p11->C_WrapKey(s, &rsa_oaep, pub, key, wrapped, &wrapped_len), "C_WrapKey");
    print_hex("wrapped key", wrapped, wrapped_len);
    CK_ATTRIBUTE unwrap_tmpl[] = {
        {CKA_CLASS, &secret, sizeof secret}, {CKA_KEY_TYPE, &aes, sizeof aes},
        {CKA_TOKEN, &no, sizeof no}, {CKA_DECRYPT, &yes, sizeof yes},
    };
    check(p11->C_UnwrapKey(s, &rsa_oaep, priv, wrapped, wrapped_len, unwrap_tmpl, 4, &unwrapped), "C_UnwrapKey");
    /* The same key: what the original encrypts, the unwrapped one decrypts. */
    CK_MECHANISM ecb = {CKM_AES_ECB, NULL, 0};
    CK_BYTE block[16], sealed[16], opened[16];
    CK_ULONG sealed_len = sizeof sealed, opened_len = sizeof opened;
    memset(block, 0x5e, sizeof block);
    check(p11->C_EncryptInit(s, &ecb, key), "C_EncryptInit (AES-ECB)");
    check(p11->C_Encrypt(s, block, sizeof block, sealed, &sealed_len), "C_Encrypt (AES-ECB)");
    check(p11->C_DecryptInit(s, &ecb, unwrapped), "C_DecryptInit (AES-ECB)");
    check(p11->C_Decrypt(s, sealed, sealed_len, opened, &opened_len), "C_Decrypt (AES-ECB)");
    if (opened_len != sizeof block || memcmp(opened, block, sizeof block) != 0) {
        fprintf(stderr, "FAILED: the unwrapped key differs\n");
        return 1;
    }
    printf("unwrapped key decrypts what the original encrypted: the same key\n");

    check(p11->C_Logout(s), "C_Logout");
    check(p11->C_CloseSession(s), "C_CloseSession");
    check(p11->C_Finalize(NULL), "C_Finalize");
    printf("seed demo (C): all steps succeeded\n");
    return 0;
}
