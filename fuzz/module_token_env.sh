# shellcheck shell=bash
# Sourced by the scripts that run the module fuzzer: a throwaway work
# directory ($work, removed on exit) with a fresh, uninitialised token for
# libp11forge.so (P11FORGE_TOKEN_DIR) and for SoftHSMv2 (SOFTHSM2_CONF), and
# the PINs with which the driver initialises and logs in.  Setting both lets
# one script run either module without knowing which it is.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export P11FORGE_TOKEN_DIR=$work/token
# The software token only: card slots would make runs depend on the machine.
export P11FORGE_PCSC=0
printf 'kdf_iterations = 1000\n' >"$work/p11forge.conf"
export P11FORGE_CONF=$work/p11forge.conf
mkdir "$work/softhsm-tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/softhsm-tokens" >"$work/softhsm2.conf"
export SOFTHSM2_CONF=$work/softhsm2.conf
export P11FORGE_FUZZ_PIN=123456 P11FORGE_FUZZ_SO_PIN=12345678
