#!/usr/bin/env bash
# faults — kill -9 trials and fuzzing against the assay binary (issue 15).
#
#   scripts/faults.sh [--seconds N] [--trials N] [--bin PATH] [--seed N] [--keep]
#
# Runs trials in turn until N seconds (default 60) or N trials have passed:
#   kill-import    kill -9 during an import into a bank
#   kill-open      kill -9 during the first open of a new bank (migrations)
#   kill-grade     kill -9 during `grade --record`
#   kill-simulate  kill -9 during `simulate` (storing its run)
#     after each kill the bank must be in its old or its new state (counts of
#     knowledge bases, items, versions, attempts and responses) with
#     PRAGMA integrity_check ok, and the next command must work;
#   fuzz-check     a mutated document through `check`
#   fuzz-grade     a damaged quiz or answers file through `grade`
#   fuzz-bank      random bytes in a bank file through a read command
#     none may crash, hang (20 s), print a sanitizer report or say "out of
#     memory"; statuses are the documented ones.
# Prints each failure, then the trials and failures per kind; exits 1 if any
# trial failed. Not part of CI as such: ctest runs a bounded version (a few
# seconds, test `faults`). Needs bash, coreutils and the sqlite3 shell.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=60
max_trials=0
bin=""
seed=$$
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --trials) max_trials=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "faults.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
    esac
done
if [ -z "$bin" ]; then
    for b in build-asan/assay build/assay; do
        [ -x "$b" ] && bin=$root/$b && break
    done
fi
[ -x "$bin" ] || { echo "faults.sh: no assay binary (build it, or give --bin)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "faults.sh: needs the sqlite3 shell" >&2; exit 1; }
RANDOM=$seed

work=$(mktemp -d "${TMPDIR:-/tmp}/assay-faults-XXXXXX")
cleanup() { [ "$keep" = 1 ] && echo "kept $work" || rm -rf "$work"; }
trap cleanup EXIT
export NO_COLOR=1
unset ASSAY_DB
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

bundled=$root/data/kb/architecture-scalability.md
docs=("$bundled" "$root"/tests/data/kb/*.md)

declare -A trials=() failures=()
total=0
failed=0

fail() { # kind message
    failures[$1]=$((${failures[$1]:-0} + 1))
    failed=$((failed + 1))
    echo "FAIL $1 (trial $total): $2" >&2
}

rnd() { # a random number below $1 (up to 2^30)
    echo $((((RANDOM << 15) | RANDOM) % $1))
}

# "kbs/items/versions/attempts/responses" of a bank
state() {
    sqlite3 "$1" "SELECT (SELECT count(*) FROM kb) || '/' || (SELECT count(*) FROM item) || '/' ||
        (SELECT count(*) FROM item_version) || '/' || (SELECT count(*) FROM attempt) || '/' ||
        (SELECT count(*) FROM response)" 2>&1
}

integrity() {
    sqlite3 "$1" "PRAGMA integrity_check" 2>&1 | head -3 | tr '\n' ' '
}

# seconds (with fractions) a command takes
timed() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo "$(((t1 - t0) / 1000000))"
}

# checks a finished run's stderr and status: bad if it crashed, hung, or
# reported a sanitizer error or out of memory; $3 lists the statuses allowed
check_run() { # kind status allowed errfile
    local kind=$1 st=$2 allowed=$3 err=$4
    if [ "$st" = 124 ]; then fail "$kind" "hang (over 20 s)"; return 1; fi
    if [ "$st" -ge 128 ]; then fail "$kind" "killed by signal $((st - 128))"; return 1; fi
    if grep -q -E "Sanitizer|runtime error:" "$err"; then
        fail "$kind" "sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error:' "$err")"
        return 1
    fi
    if grep -q "out of memory" "$err"; then
        fail "$kind" "says out of memory: $(head -c 300 "$err")"
        return 1
    fi
    case " $allowed " in
    *" $st "*) return 0 ;;
    esac
    fail "$kind" "status $st (allowed: $allowed): $(head -c 300 "$err")"
    return 1
}

# ---- the banks and files every trial starts from --------------------------------

base=$work/base.db
"$bin" import --db "$base" "$bundled" --quiet >/dev/null || { echo "faults.sh: cannot make a bank" >&2; exit 1; }
"$bin" quiz --print --db "$base" --seed 1 -n 12 --json >"$work/quiz.json" || exit 1
echo '{"answers": []}' >"$work/answers.json"
sqlite3 "$base" "PRAGMA journal_mode = DELETE" >/dev/null # one file to damage
cp "$base" "$work/sim.db"
sim_args=(--examinees 60 --max-items 20 --seed 3)

# the new state of each kill trial, from a run that is not killed
cp "$base" "$work/ref.db"
ms_import=$(timed "$bin" import --db "$work/ref.db" --kb faults-kb "$bundled")
new_import=$(state "$work/ref.db")
cp "$base" "$work/ref.db"
ms_grade=$(timed "$bin" grade --db "$work/ref.db" --quiz "$work/quiz.json" --answers "$work/answers.json" --record)
new_grade=$(state "$work/ref.db")
cp "$base" "$work/ref.db"
ms_sim=$(timed "$bin" simulate --db "$work/ref.db" "${sim_args[@]}")
new_sim=$(state "$work/ref.db")
rm -f "$work/ref.db"
ms_open=$(timed "$bin" kbs --db "$work/ref.db")
old=$(state "$base")
echo "faults: $bin; import ${ms_import} ms, grade --record ${ms_grade} ms, simulate ${ms_sim} ms, first open ${ms_open} ms"

# ---- kill -9 trials ---------------------------------------------------------------

# runs "$@" in the background and kills it after a random part of $ms (+10%)
kill_during() { # ms command...
    local ms=$1
    shift
    local delay=$(rnd $((ms * 11 / 10 + 1)))
    "$@" >/dev/null 2>"$work/err" &
    local pid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

after_kill() { # kind db old new
    local kind=$1 db=$2 was=$3 want=$4 now ok
    ok=$(integrity "$db")
    if [ "$ok" != "ok " ]; then fail "$kind" "integrity_check: $ok"; return; fi
    now=$(state "$db")
    if [ "$now" != "$was" ] && [ "$now" != "$want" ]; then
        fail "$kind" "state $now is neither the old $was nor the new $want"
        return
    fi
    if ! "$bin" kbs --db "$db" >/dev/null 2>"$work/err"; then
        fail "$kind" "the next command fails: $(head -c 300 "$work/err")"
    fi
}

trial_kill_import() {
    cp "$base" "$work/t.db"
    kill_during "$ms_import" "$bin" import --db "$work/t.db" --kb faults-kb "$bundled"
    after_kill kill-import "$work/t.db" "$old" "$new_import"
}

trial_kill_grade() {
    cp "$base" "$work/t.db"
    kill_during "$ms_grade" "$bin" grade --db "$work/t.db" --quiz "$work/quiz.json" \
        --answers "$work/answers.json" --record
    after_kill kill-grade "$work/t.db" "$old" "$new_grade"
}

trial_kill_simulate() {
    cp "$base" "$work/t.db"
    kill_during "$ms_sim" "$bin" simulate --db "$work/t.db" "${sim_args[@]}"
    after_kill kill-simulate "$work/t.db" "$old" "$new_sim"
}

trial_kill_open() {
    rm -f "$work/n.db" "$work/n.db-wal" "$work/n.db-shm"
    kill_during "$ms_open" "$bin" kbs --db "$work/n.db"
    if [ -s "$work/n.db" ]; then
        local ok
        ok=$(integrity "$work/n.db")
        [ "$ok" = "ok " ] || { fail kill-open "integrity_check: $ok"; return; }
    fi
    "$bin" kbs --db "$work/n.db" >/dev/null 2>"$work/err" ||
        fail kill-open "the next open fails: $(head -c 300 "$work/err")"
}

# ---- fuzzing ------------------------------------------------------------------------

# one random change to a file: a byte replaced, a range cut, a range repeated,
# or a piece of Markdown/JSON syntax put in
mutate_once() { # file
    local f=$1 size p q tmp=$1.tmp
    size=$(stat -c %s "$f")
    [ "$size" -gt 1 ] || { printf 'x' >>"$f"; return; }
    p=$(rnd "$size")
    case $(rnd 5) in
    0) printf "\\x$(printf %02x "$(rnd 256)")" | dd of="$f" bs=1 seek="$p" conv=notrunc status=none ;;
    1) q=$((p + $(rnd 200)))
       { head -c "$p" "$f"; tail -c +$((q + 1)) "$f"; } >"$tmp" && mv "$tmp" "$f" ;;
    2) q=$(rnd 400)
       { head -c $((p + q)) "$f"; tail -c +$((p + 1)) "$f"; } >"$tmp" && mv "$tmp" "$f" ;;
    3) local bits=('\n## ' '\n### ' '|---|' '<details>' '</details>' '**Q:**' '\n> ' '\n- ' '`' '[' '"' '{' '}' ']' '\\u0000' '\xed\xa0\x80' '\xff' '\n```\n' '\r\n' '\xef\xbb\xbf')
       { head -c "$p" "$f"; printf "${bits[$(rnd ${#bits[@]})]}"; tail -c +$((p + 1)) "$f"; } >"$tmp" && mv "$tmp" "$f" ;;
    4) head -c "$p" "$f" >"$tmp" && mv "$tmp" "$f" ;;
    esac
}

mutate() { # file times
    local i
    for ((i = 0; i < $2; i++)); do mutate_once "$1"; done
}

trial_fuzz_check() {
    local doc=${docs[$(rnd ${#docs[@]})]} st
    cp "$doc" "$work/doc.md"
    mutate "$work/doc.md" $((1 + $(rnd 8)))
    timeout 20 "$bin" check "$work/doc.md" >/dev/null 2>"$work/err"
    st=$?
    check_run fuzz-check "$st" "0 2" "$work/err"
}

trial_fuzz_grade() {
    local st
    cp "$work/quiz.json" "$work/q.json"
    cp "$work/answers.json" "$work/a.json"
    if [ "$(rnd 2)" = 0 ]; then mutate "$work/q.json" $((1 + $(rnd 6))); else
        printf '{"answers": [{"n": %d, "answer": "%s"}, {"n": "%s"}]}' "$(rnd 20)" \
            "$(head -c $(rnd 40) /dev/urandom | tr -d '\0"\\' | tr -c '[:print:]' x)" "$(rnd 9)" >"$work/a.json"
        mutate "$work/a.json" "$(rnd 4)"
    fi
    timeout 20 "$bin" grade --db "$base" --quiz "$work/q.json" --answers "$work/a.json" \
        >/dev/null 2>"$work/err"
    st=$?
    check_run fuzz-grade "$st" "0 2" "$work/err"
}

trial_fuzz_bank() {
    local size i st cmds
    cp "$base" "$work/d.db"
    size=$(stat -c %s "$work/d.db")
    for ((i = 0; i < 1 + $(rnd 40); i++)); do
        printf "\\x$(printf %02x "$(rnd 256)")" |
            dd of="$work/d.db" bs=1 seek=$(($(rnd 10) == 0 ? $(rnd 100) : 100 + $(rnd $((size - 100))))) conv=notrunc status=none
    done
    cmds=("kbs" "topics" "items" "quiz --print --seed 1" "quiz --print --seed 2 -n 20" "" "analyze")
    # shellcheck disable=SC2086
    timeout 20 "$bin" ${cmds[$(rnd ${#cmds[@]})]} --db "$work/d.db" >/dev/null 2>"$work/err"
    st=$?
    check_run fuzz-bank "$st" "0 2 3" "$work/err"
}

kinds=(kill-import kill-open kill-grade kill-simulate fuzz-check fuzz-grade fuzz-bank fuzz-check fuzz-bank)
start=$(date +%s)
while :; do
    [ "$max_trials" -gt 0 ] && [ "$total" -ge "$max_trials" ] && break
    [ $(($(date +%s) - start)) -ge "$seconds" ] && break
    kind=${kinds[$((total % ${#kinds[@]}))]}
    total=$((total + 1))
    trials[$kind]=$((${trials[$kind]:-0} + 1))
    "trial_${kind//-/_}"
done

for k in kill-import kill-open kill-grade kill-simulate fuzz-check fuzz-grade fuzz-bank; do
    printf '%-14s %5d trials %4d failures\n' "$k" "${trials[$k]:-0}" "${failures[$k]:-0}"
done
echo "faults: $total trials, $failed failures in $(($(date +%s) - start)) s (seed $seed)"
[ "$failed" = 0 ]
