#!/usr/bin/env bash
# Language benchmarks (see BENCHMARKS.md):
#   (a) `playbook check Playbooks/` wall time: hyperfine, 5 warm-up runs, 30 timed runs, median.
#       Target: under 50 ms.
#   (b) parse + check throughput on one large generated file (bench/gen_playbooks.py, ~20 MB,
#       seed 42): it must check with exit status 0; hyperfine, 1 warm-up, 7 timed runs; MB/s =
#       file bytes / 10^6 / median seconds. Target: at least 20 MB/s.
#
# Usage: bench/language.sh        (environment: see bench/lib.sh; SIZE_MB=20, CHECK_RUNS=30,
#                                  BIG_RUNS=7, PERF=1 for a perf profile of (b))
# Results: $BENCH_DATA/language/results.md (Markdown rows), raw files beside it.

source "$(dirname "$0")/lib.sh"
need hyperfine
ensure_binary

OUT=$BENCH_DATA/language
RAW=$OUT/raw
RESULTS=$OUT/results.md
rm -rf "$OUT"
mkdir -p "$RAW"

SIZE_MB=${SIZE_MB:-20}
CHECK_RUNS=${CHECK_RUNS:-30}
BIG_RUNS=${BIG_RUNS:-7}

snapshot_playbooks "$OUT/Playbooks"

{
    echo "binary: $BIN ($(stat -c %y "$BIN" | cut -d. -f1)); playbooks: $PLAYBOOKS_LABEL"
    echo
    echo "| measurement | runs | median ms (min–max) | mean ± σ ms | MB/s at median (min–max) |"
    echo "|---|---|---|---|---|"
} >"$RESULTS"

# (a) The shipped library. The snapshot is checked under its own name so the command is the
# same as `playbook check Playbooks/` from the work tree.
log "(a) playbook check Playbooks/"
(cd "$OUT" && hyperfine -N --style basic --warmup 5 --runs "$CHECK_RUNS" \
    --export-json "$RAW/check-playbooks.json" "$BIN check Playbooks/" >&2)
python3 "$BENCH_DIR/stats.py" hyperfine "check Playbooks/ ($(find "$OUT/Playbooks" -name '*.playbook' | wc -l) files, $(find "$OUT/Playbooks" -name '*.playbook' -exec cat {} + | wc -c) bytes)" \
    "$RAW/check-playbooks.json" | tee -a "$RESULTS"

# (b) The large generated file.
BIG=$BENCH_DATA/big.playbook
log "(b) generating $BIG (~$SIZE_MB MB)"
python3 "$BENCH_DIR/gen_playbooks.py" --size-mb "$SIZE_MB" --seed 42 --out "$BIG" 2>"$RAW/gen.err"
cat "$RAW/gen.err" >&2
BYTES=$(stat -c %s "$BIG")
set +e
"$BIN" check "$BIG" >"$RAW/big-check.out" 2>"$RAW/big-check.err"
status=$?
set -e
[ "$status" = 0 ] || { head -30 "$RAW/big-check.err" >&2; die "the generated file does not check (exit $status)"; }
[ ! -s "$RAW/big-check.err" ] || { head -30 "$RAW/big-check.err" >&2; die "the generated file has warnings"; }
log "the generated file checks: exit 0, no diagnostics"

hyperfine -N --style basic --warmup 1 --runs "$BIG_RUNS" \
    --export-json "$RAW/check-big.json" "$BIN check $BIG" >&2
python3 "$BENCH_DIR/stats.py" hyperfine "check big.playbook ($BYTES bytes, $(sed -n 's/.*(\([0-9]*\) playbooks).*/\1/p' "$RAW/gen.err") playbooks)" \
    "$RAW/check-big.json" "$BYTES" | tee -a "$RESULTS"

# Peak memory of (b), three runs.
measure check-big 3 "" -- "$BIN" check "$BIG"
{
    echo
    echo "| measurement | runs | median wall s (min–max) | median peak RSS MB (min–max) | median user+sys s | 1-min load average before each run | |"
    echo "|---|---|---|---|---|---|---|"
} >>"$RESULTS"
row check-big "/usr/bin/time"

if [ "${PERF:-0}" = 1 ]; then
    perf_profile check-big "" -- "$BIN" check "$BIG"
fi

log "results: $RESULTS"
cat "$RESULTS"
