#!/usr/bin/env bash
# Repository benchmarks (see BENCHMARKS.md): generate, import, first run, second run, re-import.
#
# Usage: bench/repository.sh [N]          N accounts, default 100000
#
#   1. playbook generate --accounts N --seed 42 --out DIR                 (wall, peak RSS; once)
#   2. playbook import --playbooks PB --repository R DIR into a fresh repository ×IMPORT_RUNS (wall, peak RSS)
#      The imported repository is kept as the starting point of every run below.
#   3. first run: copy the imported repository (untimed), then
#      playbook run --repository COPY --as-of 2026-11-23 Playbooks/ ×RUNS (wall, peak RSS)
#   4. second run on the same data and date: copy the repository after a first run (untimed),
#      run again ×RUNS (wall, peak RSS). Proof that it wrote no task row:
#        - before/after each run: count(*), sum(length(owner)), max(id) of tasks, and the
#          sha256 of `sqlite3 R ".dump tasks"`;
#        - one more (untimed) second run on a copy with AFTER INSERT/UPDATE/DELETE triggers on
#          tasks, task_events, pending and runs that count every row written (bench/audit.py).
#   5. re-import of the same files into a copy of the imported repository ×IMPORT_RUNS (wall, RSS),
#      and proof that it changed nothing: the sha256 of every table's `.dump` before/after, and
#      one more (untimed) re-import on a copy with write-counting triggers on every table.
#   6. PERF=1: one extra (untimed) import, first run and second run under perf record.
#
# Environment: see bench/lib.sh; also RUNS (default 3), IMPORT_RUNS (default 3 up to 200,000
# accounts, else 1), AUDIT=0 to skip the trigger audits, KEEP=1 to keep the export and the
# repositories (they are deleted at the end: 1M accounts take ~13 GB).
# Results: $BENCH_DATA/nN/results.md, raw figures and every command's output in $BENCH_DATA/nN/raw.

source "$(dirname "$0")/lib.sh"
need sqlite3
need sha256sum coreutils
ensure_binary

N=${1:-100000}
[[ "$N" =~ ^[0-9]+$ ]] || die "usage: bench/repository.sh [ACCOUNTS]"
AS_OF=2026-11-23
RUNS=${RUNS:-3}
if [ "$N" -le 200000 ]; then IMPORT_RUNS=${IMPORT_RUNS:-3}; else IMPORT_RUNS=${IMPORT_RUNS:-1}; fi

D=$BENCH_DATA/n$N
RAW=$D/raw
RESULTS=$D/results.md
EXPORT=$D/export
rm -rf "$RAW" "$D"/*.sqlite "$D"/*.sqlite-wal "$D"/*.sqlite-shm "$RESULTS"
mkdir -p "$RAW"

snapshot_playbooks "$D/Playbooks"
PB=$D/Playbooks

# copy_repo SRC DST: a repository with its write-ahead log, if one was left.
copy_repo() {
    rm -f "$2" "$2-wal" "$2-shm"
    cp "$1" "$2"
    if [ -f "$1-wal" ]; then cp "$1-wal" "$2-wal"; fi
}
move_repo() {
    rm -f "$2" "$2-wal" "$2-shm"
    mv "$1" "$2"
    if [ -f "$1-wal" ]; then mv "$1-wal" "$2-wal"; fi
    rm -f "$1-shm"
}
remove_repo() { rm -f "$1" "$1-wal" "$1-shm"; }
tasks_hash() { sqlite3 "$1" ".dump tasks" | sha256sum | cut -c1-16; }
# table_hashes DB: "table sha256" for every table, from `.dump`.
table_hashes() {
    local t
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'bench_writes' ORDER BY name"); do
        echo "$t $(sqlite3 "$1" ".dump '$t'" | sha256sum | cut -c1-16)"
    done
}

{
    echo "N=$N accounts, seed 42, as of $AS_OF; binary $BIN ($(stat -c %y "$BIN" | cut -d. -f1)); playbooks: $PLAYBOOKS_LABEL"
    echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| step | runs | median wall s (min–max) | median peak RSS MB (min–max) | median user+sys s | 1-min load average before each run | notes |"
    echo "|---|---|---|---|---|---|---|"
} >"$RESULTS"

# 1. Generate.
if [ "${REUSE_EXPORT:-0}" = 1 ] && [ -f "$EXPORT/accounts.csv" ]; then
    log "reusing $EXPORT"
else
    log "generate $N accounts"
    measure generate 1 "rm -rf '$EXPORT'" -- "$BIN" generate --accounts "$N" --seed 42 --out "$EXPORT"
    row generate "$(du -sm "$EXPORT" | cut -f1) MB of CSV"
fi

# 2. Import into a fresh repository.
log "import ×$IMPORT_RUNS"
measure import "$IMPORT_RUNS" "remove_repo '$D/import.sqlite'" -- "$BIN" import --playbooks "$PB" --repository "$D/import.sqlite" "$EXPORT/"
move_repo "$D/import.sqlite" "$D/base.sqlite"
row import "fresh repository, $(du -m "$D/base.sqlite" | cut -f1) MB"
python3 "$BENCH_DIR/audit.py" counts "$D/base.sqlite" >"$RAW/rowcounts.txt"
log "row counts: $(tr '\n' ' ' <"$RAW/rowcounts.txt")"

# 3. First run, each time from a copy of the imported repository.
log "first run ×$RUNS"
measure run1 "$RUNS" "copy_repo '$D/base.sqlite' '$D/run.sqlite'" -- \
    "$BIN" run --repository "$D/run.sqlite" --as-of "$AS_OF" "$PB"
move_repo "$D/run.sqlite" "$D/after1.sqlite"
row run1 "$(grep -ho 'run #.*' "$RAW"/run1.1.err)"

# 4. Second run, each time from a copy of the repository after a first run.
log "second run ×$RUNS"
FP_BEFORE=$(python3 "$BENCH_DIR/audit.py" fingerprint "$D/after1.sqlite")
HASH_BEFORE=$(tasks_hash "$D/after1.sqlite")
echo "before: $FP_BEFORE tasks_dump_sha256=$HASH_BEFORE" >"$RAW/run2.proof"
for ((i = 1; i <= RUNS; i++)); do
    measure "run2-$i" 1 "copy_repo '$D/after1.sqlite' '$D/run2.sqlite'" -- \
        "$BIN" run --repository "$D/run2.sqlite" --as-of "$AS_OF" "$PB"
    mv "$RAW/run2-$i.1.time" "$RAW/run2.$i.time"
    mv "$RAW/run2-$i.1.err" "$RAW/run2.$i.err"
    mv "$RAW/run2-$i.1.out" "$RAW/run2.$i.out"
    mv "$RAW/run2-$i.1.load" "$RAW/run2.$i.load"
    FP_AFTER=$(python3 "$BENCH_DIR/audit.py" fingerprint "$D/run2.sqlite")
    HASH_AFTER=$(tasks_hash "$D/run2.sqlite")
    echo "after #$i: $FP_AFTER tasks_dump_sha256=$HASH_AFTER" >>"$RAW/run2.proof"
    # Everything but the runs count must be identical.
    [ "${FP_BEFORE% runs=*}" = "${FP_AFTER% runs=*}" ] && [ "$HASH_BEFORE" = "$HASH_AFTER" ] \
        || die "second run #$i changed the tasks: before $FP_BEFORE $HASH_BEFORE, after $FP_AFTER $HASH_AFTER"
done
cat "$RAW/run2.proof" >&2
remove_repo "$D/run2.sqlite"
NOTE="$(grep -ho 'run #.*' "$RAW"/run2.1.err); tasks before = after: ${FP_BEFORE% runs=*}, .dump tasks sha256 $HASH_BEFORE"
if [ "${AUDIT:-1}" = 1 ]; then
    copy_repo "$D/after1.sqlite" "$D/audit.sqlite"
    python3 "$BENCH_DIR/audit.py" install "$D/audit.sqlite" tasks task_events pending runs
    "$BIN" run --repository "$D/audit.sqlite" --as-of "$AS_OF" "$PB" >"$RAW/run2-audit.out" 2>"$RAW/run2-audit.err"
    python3 "$BENCH_DIR/audit.py" read "$D/audit.sqlite" >"$RAW/run2-audit.txt"
    log "second-run write audit (rows written per table and operation):"
    cat "$RAW/run2-audit.txt" >&2
    TASK_WRITES=$(awk '$1 == "tasks" || $1 == "task_events" { s += $3 } END { print s + 0 }' "$RAW/run2-audit.txt")
    [ "$TASK_WRITES" = 0 ] || die "the audited second run wrote $TASK_WRITES task or task-event rows"
    NOTE="$NOTE; triggers counted 0 task and 0 task_event rows written ($(awk '$3 > 0 { printf "%s%s %s %s", sep, $1, $2, $3; sep = ", " }' "$RAW/run2-audit.txt"))"
    remove_repo "$D/audit.sqlite"
fi
row run2 "$NOTE"
[ "${KEEP:-0}" = 1 ] || [ "${PERF:-0}" = 1 ] || remove_repo "$D/after1.sqlite"

# 5. Re-import of the same files, each time into a copy of the imported repository.
log "re-import ×$IMPORT_RUNS"
table_hashes "$D/base.sqlite" >"$RAW/hashes-before.txt"
measure reimport "$IMPORT_RUNS" "copy_repo '$D/base.sqlite' '$D/reimport.sqlite'" -- \
    "$BIN" import --playbooks "$PB" --repository "$D/reimport.sqlite" "$EXPORT/"
table_hashes "$D/reimport.sqlite" >"$RAW/hashes-after.txt"
if ! diff "$RAW/hashes-before.txt" "$RAW/hashes-after.txt" >"$RAW/hashes.diff"; then
    cat "$RAW/hashes.diff" >&2
    die "the re-import changed the repository"
fi
CHANGED=$(cat "$RAW/reimport.1.out" "$RAW/reimport.1.err" | { grep -Ec ' [1-9][0-9]* (added|updated)' || true; })
NOTE="every table's .dump sha256 identical before/after ($(wc -l <"$RAW/hashes-before.txt") tables); $CHANGED entity lines report rows added or updated"
remove_repo "$D/reimport.sqlite"
if [ "${AUDIT:-1}" = 1 ]; then
    copy_repo "$D/base.sqlite" "$D/audit.sqlite"
    python3 "$BENCH_DIR/audit.py" install "$D/audit.sqlite"
    "$BIN" import --playbooks "$PB" --repository "$D/audit.sqlite" "$EXPORT/" >"$RAW/reimport-audit.out" 2>"$RAW/reimport-audit.err"
    python3 "$BENCH_DIR/audit.py" read "$D/audit.sqlite" >"$RAW/reimport-audit.txt"
    WRITES=$(awk '{ s += $3 } END { print s + 0 }' "$RAW/reimport-audit.txt")
    log "re-import write audit: $WRITES rows written ($RAW/reimport-audit.txt)"
    NOTE="$NOTE; triggers on every table counted $WRITES rows written"
    remove_repo "$D/audit.sqlite"
fi
row reimport "$NOTE"

# 6. Profiles.
if [ "${PERF:-0}" = 1 ]; then
    perf_profile import "remove_repo '$D/perf.sqlite'" -- "$BIN" import --playbooks "$PB" --repository "$D/perf.sqlite" "$EXPORT/"
    perf_profile run1 "copy_repo '$D/base.sqlite' '$D/perf.sqlite'" -- "$BIN" run --repository "$D/perf.sqlite" --as-of "$AS_OF" "$PB"
    perf_profile run2 "" -- "$BIN" run --repository "$D/perf.sqlite" --as-of "$AS_OF" "$PB"
    remove_repo "$D/perf.sqlite"
fi

{
    echo
    echo "Rows in the imported repository:"
    echo
    echo "| table | rows |"
    echo "|---|---|"
    awk '{ printf "| %s | %d |\n", $1, $2; s += $2 } END { printf "| total | %d |\n", s }' "$RAW/rowcounts.txt"
} >>"$RESULTS"

if [ "${KEEP:-0}" != 1 ]; then
    remove_repo "$D/base.sqlite"
    remove_repo "$D/after1.sqlite"
    rm -rf "$EXPORT"
fi
log "results: $RESULTS"
cat "$RESULTS"
