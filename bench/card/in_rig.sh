# Sourced by the card benchmarks (bench/card/*.sh) with their arguments, BUILD_DIR [RUNS], before
# anything else runs: sets $build and $runs (default 5), and gives the way into the rig
# (tests/card/rig.sh), which starts a private pcscd and the virtual card and runs the benchmark
# script again inside it.
build=$(cd "$1" && pwd)
runs=${2:-5}

# in_rig FIXTURE-SCRIPT [ARGS...]: a card made by tests/card/FIXTURE-SCRIPT in a temporary
# directory ($BENCH_WORK inside the rig, removed afterwards), then the calling script run with
# $build $runs inside the rig; returns its status.  The rig's own variables
# (P11_RIG_READER_NAME, P11_PIV_CARD_ARGS) pass through from the caller's environment.
in_rig() {
    local fixture=$1 tests work rc=0
    shift
    tests=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../tests/card" && pwd)
    work=$(mktemp -d)
    /usr/bin/python3 "$tests/$fixture" "$work/card" "$@" >/dev/null || rc=$?
    [ "$rc" -ne 0 ] || BENCH_WORK=$work "$tests/rig.sh" "$work/card" -- "$0" "$build" "$runs" || rc=$?
    rm -rf "$work"
    return "$rc"
}

# enter_rig FIXTURE-SCRIPT [ARGS...]: inside the rig, nothing; outside, in_rig and exit with its
# status.
enter_rig() {
    [ -z "${P11_PIV_LOG:-}" ] || return 0
    local rc=0
    in_rig "$@" || rc=$?
    exit "$rc"
}
