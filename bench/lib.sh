# Shared by bench/language.sh and bench/repository.sh: sourced, not run.
#
# Environment (all optional):
#   PLAYBOOK_BIN   the binary to measure (default: .build-bench/release/playbook, built if missing)
#   BUILD=1        rebuild it first: swift build -c release --scratch-path .build-bench --product playbook
#   BENCH_DATA     where generated data, repositories and results go (default: /tmp/bench-data)
#   PLAYBOOKS      the playbook library to use (default: Playbooks/ of this work tree)
#   PLAYBOOKS_REV  take the library from this git revision instead (git archive REV Playbooks),
#                  e.g. HEAD when the work tree's Playbooks/ is being edited and does not check
#   PERF=1         also record perf profiles (extra, untimed runs) and print the top symbols

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BENCH_DATA=${BENCH_DATA:-/tmp/bench-data}
BIN=${PLAYBOOK_BIN:-$ROOT/.build-bench/release/playbook}
TIME=/usr/bin/time

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is not installed (${2:-apt-get install -y $1})"
}

ensure_binary() {
    [ -x "$TIME" ] || die "/usr/bin/time is not installed (apt-get install -y time)"
    if [ "${BUILD:-0}" = 1 ] || [ ! -x "$BIN" ]; then
        [ -z "${PLAYBOOK_BIN:-}" ] || [ "${BUILD:-0}" != 1 ] || die "BUILD=1 builds .build-bench only; unset PLAYBOOK_BIN"
        log "building $BIN"
        (cd "$ROOT" && swift build -c release --scratch-path .build-bench --product playbook >&2)
    fi
    [ -x "$BIN" ] || die "no binary at $BIN"
}

# Copies the playbook library to $1 (a snapshot, so edits made to the work tree while a long
# benchmark runs do not change what is measured) and checks it.
snapshot_playbooks() {
    local dest=$1
    rm -rf "$dest"
    mkdir -p "$dest"
    if [ -n "${PLAYBOOKS_REV:-}" ]; then
        git -C "$ROOT" archive "$PLAYBOOKS_REV" Playbooks | tar -x -C "$dest" --strip-components=1
        PLAYBOOKS_LABEL="Playbooks/ at git $(git -C "$ROOT" rev-parse --short "$PLAYBOOKS_REV")"
    else
        local src=${PLAYBOOKS:-$ROOT/Playbooks}
        cp -R "$src"/. "$dest"/
        local modified=""
        if [ -n "$(git -C "$ROOT" status --porcelain -- Playbooks)" ]; then modified=", modified"; fi
        PLAYBOOKS_LABEL="$src (work tree at git $(git -C "$ROOT" rev-parse --short HEAD)$modified)"
    fi
    if ! "$BIN" check "$dest" >/dev/null 2>"$dest.check.err"; then
        cat "$dest.check.err" >&2
        die "the playbooks do not check; set PLAYBOOKS=DIR or PLAYBOOKS_REV=HEAD"
    fi
    log "playbooks: $PLAYBOOKS_LABEL ($(find "$dest" -name '*.playbook' | wc -l) files)"
}

# measure LABEL RUNS PREP -- CMD ARGS...
# Runs PREP (a shell snippet, untimed; may be empty) then CMD under /usr/bin/time, RUNS times.
# Each run's wall seconds, peak RSS (KB), user and system seconds go to $RAW/LABEL.N.time, its
# standard output and error beside it. Fails when CMD exits non-zero.
measure() {
    local label=$1 runs=$2 prep=$3
    shift 4
    local i
    for ((i = 1; i <= runs; i++)); do
        [ -z "$prep" ] || eval "$prep"
        local base="$RAW/$label.$i"
        cut -d' ' -f1 /proc/loadavg >"$base.load"
        if ! "$TIME" -f '%e %M %U %S' -o "$base.time" "$@" >"$base.out" 2>"$base.err"; then
            tail -20 "$base.err" >&2
            die "$label run $i failed: $*"
        fi
        log "$label #$i: $(tail -1 "$base.time") (wall s, peak KB, user s, sys s); 1-min load average before: $(cat "$base.load")"
    done
}

# row LABEL [extra]: one Markdown table row from $RAW/LABEL.*.time, appended to $RESULTS.
row() {
    python3 "$BENCH_DIR/stats.py" time "$1" "${2:-}" "$RAW/$1".*.time | tee -a "$RESULTS"
}

# perf_profile NAME PREP -- CMD ARGS...: one extra run under perf record; writes the flat
# (self) and the inclusive (children) reports, demangled, to $RAW/perf-NAME.{self,children}.txt
perf_profile() {
    local name=$1 prep=$2
    shift 3
    need perf "perf is part of linux-perf"
    [ -z "$prep" ] || eval "$prep"
    local data="$RAW/perf-$name.data"
    perf record -q -F "${PERF_FREQ:-499}" --call-graph "${PERF_CALLGRAPH:-dwarf,16384}" -o "$data" "$@" >/dev/null 2>"$RAW/perf-$name.err" \
        || { tail "$RAW/perf-$name.err" >&2; die "perf record $name failed"; }
    local demangle=cat
    command -v swift >/dev/null 2>&1 && demangle="swift demangle --simplified"
    perf report -i "$data" -g none --no-children --sort symbol --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' \
        | sed -E 's/^ +([0-9.]+%) +\[(.)\] +/\1 [\2] /; s/ +- +- *$//' | $demangle | cut -c1-180 | awk 'NR <= 60' >"$RAW/perf-$name.self.txt"
    perf report -i "$data" -g none --children --sort symbol --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' \
        | sed -E 's/^ +([0-9.]+%) +([0-9.]+%) +\[(.)\] +/\1 \2 [\3] /; s/ +- +- *$//' | $demangle | cut -c1-180 | awk 'NR <= 150' >"$RAW/perf-$name.children.txt"
    log "perf $name: top self symbols ($RAW/perf-$name.self.txt):"
    head -15 "$RAW/perf-$name.self.txt" >&2
}
