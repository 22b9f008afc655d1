#!/bin/sh
# Installs the Debian 12 packages p11forge needs, if any is missing.
# Sourced by the other scripts; safe to run again (does nothing when complete).
set -eu

P11FORGE_PACKAGES="
  meson ninja-build g++ pkg-config ccache python3
  libmbedtls-dev libssl-dev libpcsclite-dev pcscd
  catch2 libp11-kit-dev p11-kit
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
  g++-mingw-w64-x86-64 wine64 gcc-arm-none-eabi libstdc++-arm-none-eabi-dev libnewlib-dev
  libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm
  softhsm2 opensc gnutls-bin libengine-pkcs11-openssl openssl vsmartcard-vpcd python3-pykcs11
  gnupg scdaemon
  openssh-client libnss3-tools default-jdk-headless gnuplot-nox
"

missing=""
for p in $P11FORGE_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep "install ok installed" >/dev/null || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
