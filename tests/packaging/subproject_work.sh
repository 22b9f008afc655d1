# shellcheck shell=sh
# Sourced by the subproject tests: $src, the source tree given as $1, and
# $work, a throwaway project directory (removed on exit) whose
# subprojects/p11forge is that tree.
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/subprojects"
ln -s "$src" "$work/subprojects/p11forge"
