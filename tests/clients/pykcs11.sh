#!/bin/bash
# PyKCS11 (python3-pykcs11, run with Debian's /usr/bin/python3) against a
# module: pykcs11_check.py phase 1 (key generation, attributes, signatures,
# encryption, wrapping, digests, error codes), then phase 2 in a new process
# (token objects persisted).  Results are imported into lib.sh's reporting.
#   usage: pykcs11.sh MODULE.so softhsm|p11forge
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034  # read by lib.sh
declare -A KNOWN_FAILURES_softhsm=(
    [key-type-inconsistent]="SoftHSM 2.6.1 accepts C_SignInit(CKM_SHA256_RSA_PKCS) with an EC key; C_Sign then answers a zero length (PyKCS11) or CKR_GENERAL_ERROR (pkcs11-tool)"
    [encrypt-rsa-oaep-sha256]="SoftHSM 2.6.1 supports CKM_RSA_PKCS_OAEP only with SHA-1/MGF1-SHA1: SHA-256 gives CKR_ARGUMENTS_BAD"
    [encrypt-rsa-oaep-label]="SoftHSM 2.6.1 rejects an OAEP label (pSourceData) with CKR_ARGUMENTS_BAD"
    [wrap-rsa-oaep-sha256]="SoftHSM 2.6.1 supports CKM_RSA_PKCS_OAEP only with SHA-1/MGF1-SHA1: SHA-256 gives CKR_ARGUMENTS_BAD"
    [encrypt-aes-gcm-bad-tag]="SoftHSM 2.6.1 answers a wrong GCM tag with CKR_GENERAL_ERROR instead of CKR_ENCRYPTED_DATA_INVALID"
    [unwrap-corrupted]="SoftHSM 2.6.1 answers corrupted RFC 3394 data with CKR_GENERAL_ERROR instead of CKR_WRAPPED_KEY_INVALID"
    [bad-key-handle]="SoftHSM 2.6.1 answers an invalid key handle in C_SignInit and C_EncryptInit with CKR_OBJECT_HANDLE_INVALID instead of CKR_KEY_HANDLE_INVALID (C_WrapKey is right)"
)
# shellcheck disable=SC2034
declare -A KNOWN_FAILURES_p11forge=()

p11_setup "$@"
"$P11_PYTHON" -c 'import PyKCS11' 2>/dev/null || { p11_say "SKIP: $P11_PYTHON cannot import PyKCS11 (python3-pykcs11)"; exit 77; }

check_python() {
    p11_run "$P11_PYTHON" -c 'import PyKCS11, sys; print("PyKCS11", PyKCS11.__file__, sys.version.split()[0])'
    "$P11_PYTHON" -c 'import cryptography; print("cryptography", cryptography.__version__)' ||
        echo "note: python3-cryptography missing: no independent verification"
}

# run_phase N: run the checker; its RESULT lines become results; the run
# itself must end normally (a crash of the module shows here).
run_phase() {
    local out="$P11_TMP/phase$1.out" rc=0
    "$P11_PYTHON" "$P11_CLIENTS_DIR/pykcs11_check.py" --module "$P11_MODULE" --token "$P11_TOKEN_LABEL" \
        --pin "$P11_USER_PIN" --phase "$1" >"$out" 2>&1 || rc=$?
    p11_import_results "$out"
    p11_check "phase$1-exit" "pykcs11_check.py phase $1 ran to its end (exit 0, no crash)" \
        p11_helper_exit "$rc" "pykcs11_check.py phase $1"
}

p11_setup_token
p11_check python "$P11_PYTHON with PyKCS11" check_python || p11_abort "PyKCS11 not available to $P11_PYTHON"
run_phase 1
run_phase 2
p11_finish
