#!/bin/bash
# The side-by-side benchmark, one command: libp11forge.so on both crypto
# backends, SoftHSMv2 (Debian softhsm2) and the raw primitives of mbedTLS and
# OpenSSL, in one run.  Each module gets a fresh token in a temporary
# directory.  Prints a Markdown table with ratios (> 1 always means the first
# named is faster or smaller) and, with --plot FILE.png, draws the ratios.
#
#   bash bench/run.sh [--seconds S] [--rounds R] [--plot FILE.png] [--tsv FILE]
#                     [--baseline CHECKOUT] [--groups REGEX]
#
# --groups REGEX runs only the groups of operations (the lines of `groups`
# below) that match the extended regular expression, and skips the token
# object rows: a quick interleaved look at a few rows while working on them
# (e.g. --groups 'gcm|chacha').
#
# --baseline CHECKOUT adds that checkout's modules (e.g. a `git worktree` of
# the commit before a change) as two more programs in the same interleaved
# run, with "÷ before" ratios: a refactoring that claims no behaviour change
# is checked against figures taken minutes apart on the same machine, not
# against an old table.  It builds with the checkout's own meson files.
#
# The machine's speed drifts over minutes (other tenants, clock), so the
# programs are interleaved: each group of operations runs on all five
# programs back to back, and the whole sequence R times (default 3); the
# table shows each figure's median.  Then, per module: 1,001 public token
# objects; token start-up (load + C_Initialize + session + first
# C_FindObjects) timed R times; searches among 1,000 and 10,000 objects and
# the resident size with 10,000.  Release builds of the modules and programs
# are made in builds/bench-mbedtls and builds/bench-openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=2 rounds=3 plot= tsv= baseline= only_groups=
while [ $# -gt 0 ]; do
    case $1 in
    --seconds) secs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --plot) plot=$2; shift 2 ;;
    --tsv) tsv=$2; shift 2 ;;
    --baseline) baseline=$(cd "$2" && pwd); shift 2 ;;
    --groups) only_groups=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--seconds S] [--rounds R] [--plot FILE.png] [--tsv FILE] [--baseline CHECKOUT] [--groups REGEX]" >&2; exit 2 ;;
    esac
done

build() {  # build DIR BACKEND [SOURCE]: the module, and the bench programs when SOURCE is ours
    [ -f "$1/build.ninja" ] || meson setup "$1" ${3:+"$3"} -Dbuildtype=release -Dtests=false -Dcrypto="$2" >/dev/null
    # The 3.0 build: the message-based row needs its functions, and every
    # other row runs the same code as in the 2.40 build.
    meson configure "$1" -Dcryptoki_version=3.0 >/dev/null
    if [ -n "${3:-}" ]; then
        ninja -C "$1" src/module/libp11forge.so >/dev/null
    else
        ninja -C "$1" src/module/libp11forge.so bench/module/p11forge-bench bench/module/raw-mbedtls bench/module/raw-openssl >/dev/null
    fi
}
build builds/bench-mbedtls mbedtls
build builds/bench-openssl openssl
bin=builds/bench-mbedtls/bench/module

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
modules=(p11forge-mbedtls p11forge-openssl softhsm)
declare -A module_path=(
    [p11forge-mbedtls]=builds/bench-mbedtls/src/module/libp11forge.so
    [p11forge-openssl]=builds/bench-openssl/src/module/libp11forge.so
    [softhsm]=/usr/lib/softhsm/libsofthsm2.so
)
p11forge_modules=(p11forge-mbedtls p11forge-openssl)
if [ -n "$baseline" ]; then
    for backend in mbedtls openssl; do
        build "$baseline/builds/bench-$backend" "$backend" "$baseline"
        modules+=("before-$backend")
        p11forge_modules+=("before-$backend")
        module_path[before-$backend]=$baseline/builds/bench-$backend/src/module/libp11forge.so
    done
fi

# in_env NAME COMMAND...: runs COMMAND with NAME's token (ours: the software
# token only, no card slots, default KDF cost).
in_env() {
    local name=$1
    shift
    case $name in
    softhsm) SOFTHSM2_CONF=$work/softhsm2.conf "$@" ;;
    *) P11FORGE_TOKEN_DIR=$work/$name P11FORGE_PCSC=0 "$@" ;;
    esac
}

for name in "${p11forge_modules[@]}"; do
    in_env "$name" pkcs11-tool --module "${module_path[$name]}" --init-token --so-pin 12345678 --label bench >/dev/null 2>&1
    in_env "$name" pkcs11-tool --module "${module_path[$name]}" --login --login-type so --so-pin 12345678 \
        --init-pin --pin 123456 >/dev/null 2>&1
done
mkdir -p "$work/softhsm"
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$work/softhsm" >"$work/softhsm2.conf"
in_env softhsm softhsm2-util --init-token --free --label bench --so-pin 12345678 --pin 123456 >/dev/null

# Groups share their keys, so one invocation runs a group.
groups=(
    rsa2048-pkcs-sign,rsa2048-pkcs-sign-2threads,rsa2048-pkcs-verify
    rsa2048-pss-sign,rsa2048-pss-sign-2threads,rsa2048-pss-verify
    rsa2048-oaep-decrypt
    ecdsa-p256-sign,ecdsa-p256-sign-2threads,ecdsa-p256-verify
    aes256-gcm-1KiB,aes256-gcm-1KiB-message,aes256-gcm-1MiB,aes256-cbc-pad-1MiB,sha256-1MiB
    chacha20-poly1305-1KiB,chacha20-poly1305-1KiB-message,chacha20-poly1305-1MiB,chacha20-poly1305-1MiB-message
    ed25519-1KiB-sign,ed25519-1KiB-verify,ed25519-keygen-destroy
    x25519-derive-destroy,x25519-keygen-destroy
    random-32,aes256-keygen-destroy,ec-p256-keygen-destroy
    aes256-wrap,aes256-unwrap-destroy
    session-open-close,get-attribute,get-attribute-token-object,encrypt-init-token-key
    find-label-among-1000-session-objects,find-label-among-10000-session-objects
)
for round in $(seq "$rounds"); do
    echo "--- round $round of $rounds" >&2
    for group in "${groups[@]}"; do
        [ -z "$only_groups" ] || [[ $group =~ $only_groups ]] || continue
        for name in "${modules[@]}"; do
            in_env "$name" "$bin/p11forge-bench" "${module_path[$name]}" 123456 --seconds "$secs" --only "$group" >>"$work/$name.all"
        done
        "$bin/raw-mbedtls" --seconds "$secs" --only "$group" >>"$work/raw-mbedtls.all"
        "$bin/raw-openssl" --seconds "$secs" --only "$group" >>"$work/raw-openssl.all"
    done
done

for name in "${modules[@]}"; do
    [ -z "$only_groups" ] || break
    echo "--- objects: $name" >&2
    m=${module_path[$name]}
    in_env "$name" "$bin/p11forge-bench" "$m" 123456 --prepare-objects 1000
    for round in $(seq "$rounds"); do in_env "$name" "$bin/p11forge-bench" "$m" --startup; done >>"$work/$name.all"
    in_env "$name" "$bin/p11forge-bench" "$m" 123456 --seconds "$secs" \
        --only find-label-among-1000,rss-with-10000-objects,find-label-among-10000 >>"$work/$name.all"
done

# The OpenSSL build has every row (mbedTLS 2.28 has no Ed25519).
awk '!seen[$1]++ { print $1 }' "$work/p11forge-openssl.all" >"$work/order"
# The median of each figure over the rounds.
for f in "$work"/*.all; do
    sort -k1,1 -k2,2n "$f" | awk '
        function flush() { if (n) printf "%s %s %s\n", key, v[int((n + 1) / 2)], unit; n = 0 }
        $1 != key { flush(); key = $1 }
        { v[++n] = $2; unit = $3 }
        END { flush() }' >"${f%.all}.txt"
done
/usr/bin/python3 bench/table.py "$work" ${tsv:+--tsv "$tsv"} ${plot:+--plot "$plot"}
