#!/usr/bin/env bash
# Task noise of the base library (issue 12; see BENCHMARKS.md, "How noisy is the base library"):
# a generated book of 600 accounts as of 2026-11-02, then eight nightly runs of the library (the
# Mondays 2026-11-02 ... 2026-12-14, plus Tuesday 2026-12-01, the first of a month). Per night:
# new tasks, open tasks per owner (median, max), the share of the night's new tasks that are
# high or urgent, and open tasks due on a Saturday or Sunday. Then a check against the targets.
#
# Not a timing benchmark: any build works (default .build/debug/playbook, else PLAYBOOK_BIN).
# Usage: bench/noise.sh [PLAYBOOKS_DIR...]     default: Playbooks/
#   ACCOUNTS=600 SEED=1 NOISE_DATA=/tmp/noise   override the book and where it is kept
#   STRICT=1                                     exit 1 when a target is missed
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${PLAYBOOK_BIN:-$ROOT/.build/debug/playbook}
[ -x "$BIN" ] || { echo "error: no binary at $BIN (swift build, or set PLAYBOOK_BIN)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "error: sqlite3 is not installed (apt-get install -y sqlite3)" >&2; exit 1; }
ACCOUNTS=${ACCOUNTS:-600}
SEED=${SEED:-1}
D=${NOISE_DATA:-/tmp/noise-$ACCOUNTS}
PLAYBOOKS=("$@")
[ ${#PLAYBOOKS[@]} -gt 0 ] || PLAYBOOKS=("$ROOT/Playbooks")
NIGHTS="2026-11-02 2026-11-09 2026-11-16 2026-11-23 2026-11-30 2026-12-01 2026-12-07 2026-12-14"

mkdir -p "$D"
# Generated afresh each time (a second at 600 accounts), so the book always fits this binary's schema.
rm -rf "$D/export"
"$BIN" generate --accounts "$ACCOUNTS" --seed "$SEED" --as-of 2026-11-02 --out "$D/export" >/dev/null
R=$D/repository.sqlite
rm -f "$R" "$R-wal" "$R-shm"
# Every path names playbooks (a customisation alone, say); the generated book's extra columns
# (crm_tier, executive_sponsor) are declared only by Playbooks/examples/enterprise.playbook.
IMPORT_PLAYBOOKS=()
for p in "${PLAYBOOKS[@]}"; do IMPORT_PLAYBOOKS+=(--playbooks "$p"); done
"$BIN" import --repository "$R" --as-of 2026-11-02 "${IMPORT_PLAYBOOKS[@]}" --allow-unknown-columns "$D/export" >/dev/null 2>"$D/import.err" \
    || { cat "$D/import.err" >&2; exit 1; }

# The export is not refreshed between nights: the guards would call it stale and hold resolutions.
FLAGS=(--allow-stale-data --allow-mass-resolve)
echo "| night | new | high or urgent (of new) | open | open per owner, median | max | owners | open due on a weekend |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|"
fail=0
first=1
for night in $NIGHTS; do
    "$BIN" run --repository "$R" --as-of "$night" "${FLAGS[@]}" "${PLAYBOOKS[@]}" >/dev/null 2>"$D/run.err" \
        || { cat "$D/run.err" >&2; exit 1; }
    row=$(sqlite3 -separator ' ' "$R" "
        WITH night AS (SELECT max(id) AS run FROM runs),
        new AS (SELECT * FROM tasks WHERE created_run = (SELECT run FROM night)),
        open AS (SELECT * FROM tasks WHERE status IN ('open', 'snoozed')),
        per_owner AS (SELECT owner, count(*) AS n FROM open GROUP BY owner),
        ranked AS (SELECT n, row_number() OVER (ORDER BY n) AS k, count(*) OVER () AS c FROM per_owner)
        SELECT (SELECT count(*) FROM new),
               (SELECT count(*) FROM new WHERE priority IN ('high', 'urgent')),
               (SELECT count(*) FROM open),
               (SELECT coalesce(avg(n), 0) FROM ranked WHERE k IN ((c + 1) / 2, (c + 2) / 2)),
               (SELECT coalesce(max(n), 0) FROM per_owner),
               (SELECT count(*) FROM per_owner),
               (SELECT count(*) FROM open WHERE due IS NOT NULL AND strftime('%w', due) IN ('0', '6'))")
    read -r new high open median max owners weekend <<<"$row"
    share=$(awk -v h="$high" -v n="$new" 'BEGIN { printf "%.0f%%", n ? 100 * h / n : 0 }')
    echo "| $night | $new | $high ($share) | $open | $median | $max | $owners | $weekend |"
    accounts=$(sqlite3 "$R" "SELECT count(*) FROM accounts")
    if [ "$first" = 0 ] && [ "$new" -gt $((ACCOUNTS * 15 / 100)) ]; then echo "  target missed: more than 15% of the accounts in new tasks" ; fail=1; fi
    if [ "$weekend" -gt 0 ]; then echo "  target missed: tasks due on a weekend"; fail=1; fi
    if [ "$new" -gt 0 ] && [ $((high * 4)) -gt "$new" ]; then echo "  target missed: more than a quarter high or urgent"; fail=1; fi
    if awk -v m="$median" -v a="$accounts" -v o="$owners" 'BEGIN { exit !(o > 0 && m > a / o) }'; then
        echo "  target missed: median open per owner above one per account ($accounts accounts, $owners owners)"; fail=1
    fi
    first=0
done
if [ "$fail" = 1 ]; then
    echo "targets: missed (see above)"
    [ "${STRICT:-0}" = 1 ] && exit 1
else
    echo "targets: met"
fi
exit 0
