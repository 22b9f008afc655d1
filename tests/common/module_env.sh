# Sourced by the shell tests that run programs against a module: gives the
# module a throwaway token directory inside WORK.
#   module_env KIND WORK    (KIND: p11forge | softhsm)
module_env() {
    local kind=$1 work=$2
    case $kind in
    p11forge)
        export P11FORGE_TOKEN_DIR=$work/token
        # Fast PIN key derivation: these tests are about behaviour, not cost.
        printf 'kdf_iterations = 1000\n' >"$work/p11forge.conf"
        export P11FORGE_CONF=$work/p11forge.conf ;;
    softhsm)
        mkdir -p "$work/token"
        printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$work/token" >"$work/softhsm2.conf"
        export SOFTHSM2_CONF=$work/softhsm2.conf ;;
    *) echo "unknown module kind $kind" >&2; return 1 ;;
    esac
}
# A throwaway work directory, $work, made the current one and removed on
# exit, with the module's token in it.   module_work KIND
module_work() {
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cd "$work"
    module_env "$1" "$work"
}
