#!/bin/sh
# What an out-of-tree module built on the provider framework must show,
# however it was built: only its C_ functions exported, and loaded by
# pkcs11-tool as the hello module (tests/examples/hello.sh).
# usage: module_check.sh SOURCE_ROOT MODULE.so
set -eu
src=$1
module=$2
/usr/bin/python3 "$src/tests/packaging/module_exports.py" nm "$module"
bash "$src/tests/examples/hello.sh" "$module"
