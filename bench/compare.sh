#!/usr/bin/env bash
# Two binaries side by side on one generated export (see BENCHMARKS.md, "Base library v2 and the
# split targets"): per round and binary, a fresh `import`, a first `run` (every task created)
# and a second `run` (nothing changes), interleaved, under /usr/bin/time; then the raw lines.
#
# Usage: OLD_BIN=/path/to/old/playbook OLD_PLAYBOOKS=/path/to/old/Playbooks bench/compare.sh [N]
#   N accounts (default 100000); ROUNDS (default 2); the new side is this tree's release build
#   (.build-bench, built if missing) with this tree's Playbooks/.
#   Take the old library from git: mkdir old && git archive REV Playbooks | tar -x -C old
source "$(dirname "$0")/lib.sh"
ensure_binary
N=${1:-100000}
ROUNDS=${ROUNDS:-2}
[ -n "${OLD_BIN:-}" ] && [ -n "${OLD_PLAYBOOKS:-}" ] || die "set OLD_BIN and OLD_PLAYBOOKS"
D=$BENCH_DATA/compare-n$N
mkdir -p "$D"
[ -f "$D/export/accounts.csv" ] || "$BIN" generate --accounts "$N" --seed 42 --out "$D/export" >/dev/null
NEW_PLAYBOOKS=$ROOT/Playbooks
: > "$D/times.log"
t() { local label=$1; shift; "$TIME" -f "$label %e %U %M" "$@" >/dev/null 2>>"$D/times.log" || { tail -3 "$D/times.log"; die "$label failed"; }; }
for r in $(seq "$ROUNDS"); do
    for side in old new; do
        R=$D/$side.sqlite
        rm -f "$R" "$R-wal" "$R-shm"
        if [ "$side" = old ]; then
            # An older binary may not know --playbooks; it imports unknown columns as they are.
            t old-import "$OLD_BIN" import --repository "$R" --as-of 2026-11-23 "$D/export"
            t old-run1 "$OLD_BIN" run --repository "$R" --as-of 2026-11-23 "$OLD_PLAYBOOKS/framework"
            t old-run2 "$OLD_BIN" run --repository "$R" --as-of 2026-11-23 "$OLD_PLAYBOOKS/framework"
        else
            t new-import "$BIN" import --repository "$R" --as-of 2026-11-23 --playbooks "$NEW_PLAYBOOKS" "$D/export"
            t new-run1 "$BIN" run --repository "$R" --as-of 2026-11-23 "$NEW_PLAYBOOKS/framework"
            t new-run2 "$BIN" run --repository "$R" --as-of 2026-11-23 "$NEW_PLAYBOOKS/framework"
        fi
        log "round $r $side done, load $(cut -d' ' -f1 /proc/loadavg)"
    done
done
echo "label wall_s user_s peak_KB"
grep -E '^(old|new)-' "$D/times.log"
