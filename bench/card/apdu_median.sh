# Sourced by the card benchmarks (bench/card/*.sh), inside the rig (tests/card/rig.sh): the
# median of a few runs of one client command, counted in APDUs by the virtual card's own log.

# median: of the numbers on stdin, one a line ("-" for none).
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

apdus_so_far() { grep -c '^>' "$P11_PIV_LOG" || true; }

# apdu_median RUNS COMMAND...: COMMAND run RUNS times, each on card 1 just reset (cold: no PIN
# status, no application selected), so that every run pays the whole cost of a new process;
# prints the median number of APDUs, or "—" if a run fails (its last lines go to stderr).
# $BENCH_BEFORE_RESET, if set, runs first (a daemon that holds the reader must let go of it).
apdu_median() {
    local runs=$1 i before counts=() out
    shift
    out=$(mktemp)
    for ((i = 0; i < runs; i++)); do
        ${BENCH_BEFORE_RESET:-:}
        opensc-tool --reader "$P11_PIV_READER" --reset cold >/dev/null 2>&1 || true
        before=$(apdus_so_far)
        if ! "$@" >"$out" 2>&1; then
            echo "—"
            { echo "failed: $*"; tail -n 3 "$out"; } | sed 's/^/    /' >&2
            rm -f "$out"
            return
        fi
        counts+=($(($(apdus_so_far) - before)))
    done
    rm -f "$out"
    printf '%s\n' "${counts[@]}" | median
}

# table_row NAME CELL...: one row of a Markdown table.
table_row() {
    local line="| $1 |"
    shift
    for cell; do line+=" $cell |"; done
    echo "$line"
}

# card_saw INS COMMAND...: COMMAND, failing unless it succeeds and the card's log since has a
# command with instruction INS (hex; CLA 00 or 10: chaining): a client that reports success
# without having asked the card (or asked it something else) does not count.  (No grep -q
# after a pipe: under pipefail, tail killed by SIGPIPE would fail the check at random.)
card_saw() {
    local ins=$1 from
    shift
    from=$(($(wc -l <"$P11_PIV_LOG") + 1))
    "$@" || return
    tail -n +"$from" "$P11_PIV_LOG" | grep -E "^> [01]0$ins" >/dev/null || { echo "the card saw no INS $ins"; return 1; }
}
