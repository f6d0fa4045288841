#!/usr/bin/env bash
# Import benchmark for the data contract (issue 11; see BENCHMARKS.md): a fresh import of a
# generated export, interleaved, by
#   A. a baseline binary (BASE_BIN, e.g. one built from an earlier commit) with no playbooks,
#   B. this binary validating every column against the declared fields (--playbooks Playbooks/),
#   C. this binary applying a column mapping (bench/mapping/bench.playbook) to a CRM-style copy
#      of the same export (two files renamed, two columns renamed, one column's values respelt);
# then a --sync re-import of the same files by this binary, and what it wrote.
#
# Usage: BASE_BIN=/path/to/old/playbook bench/import.sh [N]     N accounts, default 100000
source "$(dirname "$0")/lib.sh"
need sqlite3
ensure_binary
N=${1:-100000}
ROUNDS=${ROUNDS:-3}
[ -n "${BASE_BIN:-}" ] || die "set BASE_BIN to the baseline playbook binary"
D=$BENCH_DATA/import-n$N
mkdir -p "$D"
G=$D/export
[ -f "$G/accounts.csv" ] || "$BIN" generate --accounts "$N" --seed 42 --out "$G" >/dev/null
C=$D/crm
if [ ! -f "$C/Account Export.csv" ]; then
    rm -rf "$C"; cp -r "$G" "$C"
    sed '1s/,csm,/,Account Owner,/' "$G/accounts.csv" > "$C/Account Export.csv"; rm "$C/accounts.csv"
    sed -e '1s/,light,/,Health Light,/' -e '2,$s/,green,/,Green,/; 2,$s/,amber,/,Amber,/; 2,$s/,red,/,Red,/' "$G/health.csv" > "$C/Health Export.csv"; rm "$C/health.csv"
fi
PB=$(cd "$(dirname "$0")/.." && pwd)/Playbooks
MAP=$(cd "$(dirname "$0")" && pwd)/mapping
timed() { # label, command...
    local label=$1; shift
    rm -f "$D/r.sqlite" "$D/r.sqlite-wal" "$D/r.sqlite-shm"
    /usr/bin/time -f "$label %e %U %M" "$@" >/dev/null 2>>"$D/times.log" || { tail -5 "$D/times.log"; die "$label failed"; }
}
: > "$D/times.log"
for r in $(seq "$ROUNDS"); do
    timed "A-baseline" "$BASE_BIN" import --repository "$D/r.sqlite" "$G"
    timed "B-declared" "$BIN" import --repository "$D/r.sqlite" --playbooks "$PB" "$G"
    timed "C-mapping" "$BIN" import --repository "$D/r.sqlite" --playbooks "$PB" --playbooks "$MAP" --source bench-crm "$C"
    echo "round $r done, load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
# Medians per binary and the ratios to the baseline.
python3 - "$D/times.log" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l[:2] in ("A-", "B-", "C-")]
by = {}
for label, wall, user, rss in rows: by.setdefault(label, []).append((float(wall), float(user), int(rss)))
base = statistics.median(w for w, _, _ in by["A-baseline"])
print("| import | runs | median wall s (min–max) | median user s | median peak RSS MB | wall / baseline |")
print("|---|--:|--:|--:|--:|--:|")
for label in sorted(by):
    v = by[label]; w = [x[0] for x in v]
    print(f"| {label} | {len(v)} | {statistics.median(w):.1f} ({min(w):.1f}–{max(w):.1f}) | {statistics.median(x[1] for x in v):.1f} | {statistics.median(x[2] for x in v)/1024:.0f} | {statistics.median(w)/base:.2f} |")
PY
# The sync re-import: the same files again with --sync must write nothing at all.
rm -f "$D/r.sqlite" "$D/r.sqlite-wal" "$D/r.sqlite-shm"
"$BIN" import --repository "$D/r.sqlite" --playbooks "$PB" "$G" >/dev/null 2>&1
before=$(sqlite3 "$D/r.sqlite" .dump | sha256sum | cut -c1-16)
/usr/bin/time -f "sync-reimport %e %U %M" "$BIN" import --repository "$D/r.sqlite" --playbooks "$PB" --sync "$G" > "$D/sync.out" 2>>"$D/times.log"
after=$(sqlite3 "$D/r.sqlite" .dump | sha256sum | cut -c1-16)
grep -E '^[a-z_]+:' "$D/sync.out"
tail -1 "$D/times.log"
echo "repository dump sha256 before $before, after $after"
[ "$before" = "$after" ] || die "the sync re-import changed the repository"
! grep -E '^[a-z_]+: ' "$D/sync.out" | grep -vE ': 0 added, 0 updated, [0-9]+ unchanged, 0 removed$' || die "the sync re-import reported changes"
