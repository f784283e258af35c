#!/usr/bin/env bash
# bench/archive/run.sh -- the archive at scale (issue 5): create, append, verify and resume N records.
#
#   bench/archive/run.sh [--records N] [--batches B] [--size-min BYTES] [--size-max BYTES] [--seed S]
#                        [--jobs J] [--workdir DIR] [--kill-during create|append] [--no-resume]
#                        [--no-verify-resume]
#                        [--report FILE.md] [--keep]
#
# Defaults: 1,000,000 records in 365 daily batches, 200-4000 bytes each (XML-ish text, deterministic from
# --seed, bench/archive/gen_records.py), --jobs = nproc (kyso archive verify --jobs), work directory
# mktemp under ${TMPDIR:-/tmp} (or --workdir DIR, which must be empty or absent), removed at the end
# unless --keep. Refuses to start when the file system of the work directory clearly lacks the space
# or inodes (two archives of N records plus the inputs).
#
# Env: KYSO      the kyso binary (default $ROOT/build/cli/kyso)
#      KYSO_PKI  a test PKI (testdata/make-pki.sh layout; default: a fresh one in the work directory)
#      PYTHON    default /usr/bin/python3 (standard library only)
#
# A loopback RFC 3161 TSA (testdata/tsa_server.py, 127.0.0.1 only; proxies are disabled for it) runs
# for the whole benchmark; the script fails when it cannot start. Phases, each timed (wall clock), with
# the peak RSS of every kyso process (GNU time):
#   1 generate   B directories day-NNN of ~N/B files (python; its time is reported apart)
#   2 baseline   sha256sum over exactly the same files (one process at a time, xargs -P1), and
#                cat of all of them | sha256sum (streaming); on a warm page cache (the inputs were just
#                written; nothing is dropped), run before and again after phase 3; and the CPU
#                ceilings: sha256sum of 1 GiB from a pipe, `openssl speed -bytes 8192 sha256`
#   3 daily      per day: `kyso archive create --out STAGE/day-NNN --tsa URL IN/day-NNN`, then
#                `kyso archive append A STAGE/day-NNN --key p12:... (--origin on the first day)`
#   4 verify     `kyso archive verify A --trust root.cert.pem --json --jobs J`: exit 0, records == N,
#                batches == B, every batch OK (bench/archive/report.py reads the JSON)
#                Every kyso command's peak RSS must stay under 512 MiB (issue 5's target): a check.
#   5 resume     the daily loop again into a second archive, in the background, SIGKILLed (whole
#                process group) while the create (or with --kill-during append, the append) of the
#                batch after ~B/2 appended batches runs; the leftovers are listed; the same loop is run
#                again: it skips days whose batch is logged, appends a day whose batch was created (or
#                was moved into the archive by the killed append, by naming ARCHIVE/batches/ID), and
#                re-creates a day whose create was killed (removing STAGE/day-NNN.partial-*). Then
#                verify as in 4, and both archives must hold, day by day, the same files (names and
#                SHA-256) as the inputs. Record ids, salts, roots and time-stamps are random per run.
#   6 verify-resume  (before 5) `kyso archive verify A ... --resume J` SIGKILLed (process group) once the
#                journal J holds B/2 batches, then the same command again: exit 0, and its JSON equal to
#                phase 4's but for validation_time/checked_at (each run's own time). --no-verify-resume skips it.
# Writes the report to bench/results/archive-scale-YYYYMMDD.md (or --report) and prints a summary table.
# Exit 0 when every check passed, 1 when one failed, 4 on bad usage.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
HERE=$ROOT/bench/archive
SELF=$HERE/run.sh
KYSO=${KYSO:-$ROOT/build/cli/kyso}
PY=${PYTHON:-/usr/bin/python3}

RECORDS=1000000
BATCHES=365
SIZE_MIN=200
SIZE_MAX=4000
SEED=2026
JOBS=$(nproc)
WORKDIR=""
KILL_DURING=create
RESUME=1
VERIFY_RESUME=1
REPORT=""
KEEP=0
P12_PASS=kyso-test

die() { echo "archive/run.sh: $*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
usage() {
    sed -n '2,/^set -euo/p' "$SELF" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit "${1:-0}"
}

# ---------------------------------------------------------------------------------------------
# The daily loop (also run as `run.sh --internal-loop ...` in its own process group, to be killed)
# ---------------------------------------------------------------------------------------------

# kyso_timed DAY CMD -- ARGS...: runs kyso ARGS under GNU time; appends "day cmd seconds rss_kb rc" to
# $CMDS; output in $LOGS/TAG.DAY.CMD.{out,err}. Returns kyso's exit status.
kyso_timed() {
    local day=$1 cmd=$2 t0 t1 rc=0 rss
    shift 3
    local base=$LOGS/$TAG.$day.$cmd
    t0=$(now)
    printf '%s %s %s\n' "$cmd" "$day" "$t0" >"$CURRENT"
    /usr/bin/time -f '%M' -o "$base.rss" "$KYSO" "$@" >"$base.out" 2>"$base.err" || rc=$?
    t1=$(now)
    printf 'idle\n' >"$CURRENT"
    rss=$(tail -n1 "$base.rss" 2>/dev/null || true)
    [[ $rss =~ ^[0-9]+$ ]] || rss=0
    printf '%s\t%s\t%s\t%s\t%s\n' "$day" "$cmd" "$(elapsed "$t0" "$t1")" "$rss" "$rc" >>"$CMDS"
    if [[ $rc != 0 ]]; then
        log "kyso $cmd $day exited $rc:"
        tail -n 5 "$base.err" >&2
    fi
    return "$rc"
}

# daily_loop: env ARCHIVE STAGE IN TAG ORIGIN TSA_URL PKI LOGS, with state in $WORK/$TAG.*:
#   days.tsv  day <TAB> batch id (written once the batch exists, before it is appended)
#   cmds.tsv  one line per kyso command;  current  the command running now ("idle" between)
# Resumable: see the header (phase 5).
daily_loop() {
    local days=$WORK/$TAG.days.tsv day_dir day id out src
    local -a origin
    CMDS=$WORK/$TAG.cmds.tsv CURRENT=$WORK/$TAG.current
    touch "$days" "$CMDS"
    mkdir -p "$STAGE"
    local -A day_id=() logged=()
    while IFS=$'\t' read -r day id; do day_id[$day]=$id; done <"$days"
    if [[ -d $ARCHIVE/log/entries ]]; then
        while read -r id; do logged[$id]=1; done < <(find "$ARCHIVE/log/entries" -type f -name '[0-9]*' \
            -exec sed -n 's/^batch //p' {} +)
    fi
    for day_dir in "$IN"/day-*; do
        day=${day_dir##*/}
        id=${day_id[$day]:-}
        out=$STAGE/$day
        if [[ -n $id && -n ${logged[$id]:-} ]]; then
            continue  # appended before
        fi
        if [[ -d $out && -f $out/bag-info.txt ]]; then
            # Created (maybe by a killed run, before its id was noted): append it.
            id=$(sed -n 's/^External-Identifier: //p' "$out/bag-info.txt")
            [[ ${day_id[$day]:-} == "$id" ]] || printf '%s\t%s\n' "$day" "$id" >>"$days"
            src=$out
        elif [[ -n $id && -f $ARCHIVE/batches/$id/bag-info.txt ]]; then
            # Moved into the archive by a killed append, not logged: the rerun names it there.
            src=$ARCHIVE/batches/$id
        else
            # Not created, or its create was killed: what that leaves is STAGE/day.partial-XXXXXX.
            rm -rf -- "$out" "$out".partial-*
            kyso_timed "$day" create -- archive create --out "$out" --tsa "$TSA_URL" "$day_dir" || return 1
            id=$(sed -n 's/^External-Identifier: //p' "$out/bag-info.txt")
            [[ -n $id ]] || { log "no External-Identifier in $out/bag-info.txt"; return 1; }
            printf '%s\t%s\n' "$day" "$id" >>"$days"
            src=$out
        fi
        day_id[$day]=$id
        origin=()
        [[ -f $ARCHIVE/archive.txt ]] || origin=(--origin "$ORIGIN")
        kyso_timed "$day" append -- archive append "$ARCHIVE" "$src" \
            --key "p12:$PKI/hospital-rsa.p12" --pass "pass:$P12_PASS" "${origin[@]}" || return 1
        logged[$id]=1
    done
}

if [[ ${1:-} == --internal-loop ]]; then
    # ARCHIVE STAGE IN TAG ORIGIN TSA_URL PKI LOGS WORK KYSO come from the environment.
    daily_loop
    exit $?
fi

# ---------------------------------------------------------------------------------------------
# Arguments, preconditions, work directory, PKI, TSA
# ---------------------------------------------------------------------------------------------

parse_args() {
    while [[ $# -gt 0 ]]; do
        case $1 in
            --records) RECORDS=${2:-}; shift 2 ;;
            --batches) BATCHES=${2:-}; shift 2 ;;
            --size-min) SIZE_MIN=${2:-}; shift 2 ;;
            --size-max) SIZE_MAX=${2:-}; shift 2 ;;
            --seed) SEED=${2:-}; shift 2 ;;
            --jobs) JOBS=${2:-}; shift 2 ;;
            --workdir) WORKDIR=${2:-}; shift 2 ;;
            --kill-during) KILL_DURING=${2:-}; shift 2 ;;
            --no-resume) RESUME=0; shift ;;
            --no-verify-resume) VERIFY_RESUME=0; shift ;;
            --report) REPORT=${2:-}; shift 2 ;;
            --keep) KEEP=1; shift ;;
            -h|--help) usage 0 ;;
            *) echo "archive/run.sh: unknown argument: $1" >&2; usage 4 ;;
        esac
    done
    local v opt
    for v in RECORDS BATCHES SIZE_MIN SIZE_MAX JOBS; do
        opt=--${v,,}
        [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "archive/run.sh: ${opt//_/-} must be a positive integer" >&2; exit 4; }
    done
    [[ $SEED =~ ^[0-9]+$ ]] || { echo "archive/run.sh: --seed must be an integer" >&2; exit 4; }
    ((BATCHES <= RECORDS)) || { echo "archive/run.sh: --batches must not exceed --records" >&2; exit 4; }
    ((SIZE_MIN <= SIZE_MAX)) || { echo "archive/run.sh: --size-min must not exceed --size-max" >&2; exit 4; }
    ((!RESUME || BATCHES >= 2)) || { echo "archive/run.sh: the resume phase needs --batches >= 2" >&2; exit 4; }
    [[ $KILL_DURING == create || $KILL_DURING == append ]] \
        || { echo "archive/run.sh: --kill-during is create or append" >&2; exit 4; }
    [[ -n $REPORT ]] || REPORT=$ROOT/bench/results/archive-scale-$(date +%Y%m%d).md
}

check_prereqs() {
    [[ -x $KYSO ]] || die "kyso binary not found: $KYSO (build it, or set KYSO)"
    [[ -x /usr/bin/time ]] || die "missing /usr/bin/time (apt-get install time)"
    "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null || die "$PY is not python >= 3.8 (set PYTHON)"
    local t
    for t in sha256sum xargs find sort df openssl; do
        command -v "$t" >/dev/null || die "missing $t"
    done
}

setup_workdir() {
    if [[ -n $WORKDIR ]]; then
        mkdir -p -- "$WORKDIR"
        [[ -z $(ls -A -- "$WORKDIR") ]] || die "--workdir $WORKDIR is not empty"
        WORK=$(cd -- "$WORKDIR" && pwd -P)
    else
        WORK=$(mktemp -d "${TMPDIR:-/tmp}/kyso-archive-bench.XXXXXX")
    fi
    LOGS=$WORK/logs IN=$WORK/in
    mkdir -p "$LOGS"
    log "work directory: $WORK"
}

# Per record: the input file, and in each of the two archives its record directory, the file and its
# record.manifest (ext4: 4 KiB blocks, one inode each); the JSON reports ~1 KB per record; 25% margin.
check_space() {
    local avg blocks need_kb free_kb need_inodes free_inodes archives=1
    ((RESUME)) && archives=2
    avg=$(((SIZE_MIN + SIZE_MAX) / 2))
    blocks=$(((avg + 4095) / 4096))
    need_kb=$((RECORDS * (4 * blocks + archives * (4 + 4 * blocks + 4) + archives) * 5 / 4 + 1048576))
    need_inodes=$((RECORDS * (1 + 3 * archives) * 5 / 4 + 100000))
    free_kb=$(df -Pk -- "$WORK" | awk 'NR == 2 { print $4 }')
    free_inodes=$(df -Pi -- "$WORK" | awk 'NR == 2 { print $4 }')
    log "disk: need ~$((need_kb / 1048576)) GiB and ~$need_inodes inodes; free $((free_kb / 1048576)) GiB and $free_inodes inodes"
    DISK_NOTE="needed ~$((need_kb / 1048576)) GiB / $need_inodes inodes, free $((free_kb / 1048576)) GiB / $free_inodes inodes"
    if ((free_kb < need_kb)); then
        die "not enough space in $WORK: ~$((need_kb / 1048576)) GiB needed, $((free_kb / 1048576)) GiB free (fewer --records, or --workdir elsewhere)"
    fi
    # df -i says "-" on file systems without inode limits.
    if [[ $free_inodes =~ ^[0-9]+$ ]] && ((free_inodes < need_inodes)); then
        die "not enough inodes in $WORK: ~$need_inodes needed, $free_inodes free"
    fi
}

make_pki() {
    if [[ -n ${KYSO_PKI:-} ]]; then
        PKI=$(cd -- "$KYSO_PKI" && pwd -P)
    else
        PKI=$WORK/pki
        log "fresh test PKI (testdata/make-pki.sh)"
        "$ROOT/testdata/make-pki.sh" "$PKI" >"$LOGS/make-pki.log" 2>&1 || { cat "$LOGS/make-pki.log" >&2; die "make-pki.sh failed"; }
    fi
    local f
    for f in hospital-rsa.p12 root.cert.pem tsa.key.pem tsa.cert.pem ca.cert.pem; do
        [[ -r $PKI/$f ]] || die "the PKI $PKI has no $f"
    done
}

TSA_PID="" LOOP_PGID=""
cleanup() {
    local rc=$?
    if [[ -n $LOOP_PGID ]] && kill -0 -- "-$LOOP_PGID" 2>/dev/null; then kill -KILL -- "-$LOOP_PGID" 2>/dev/null || true; fi
    if [[ -n $TSA_PID ]]; then
        kill -TERM "$TSA_PID" 2>/dev/null || true
        wait "$TSA_PID" 2>/dev/null || true
    fi
    if [[ -n ${WORK:-} && -d $WORK ]]; then
        if ((KEEP)); then
            log "kept $WORK"
        else
            rm -rf -- "$WORK"
        fi
    fi
    exit "$rc"
}

start_tsa() {
    local port_file=$WORK/tsa.port i
    "$PY" "$ROOT/testdata/tsa_server.py" --pki "$PKI" --port-file "$port_file" --port 0 2>"$LOGS/tsa.log" &
    TSA_PID=$!
    for ((i = 0; i < 100; i++)); do
        [[ -s $port_file ]] && break
        kill -0 "$TSA_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [[ ! -s $port_file ]] || ! kill -0 "$TSA_PID" 2>/dev/null; then
        tail -n 20 "$LOGS/tsa.log" >&2 || true
        die "the test TSA (testdata/tsa_server.py) did not start"
    fi
    TSA_URL="http://127.0.0.1:$(tr -dc 0-9 <"$port_file")/"
    log "test TSA at $TSA_URL (pid $TSA_PID)"
}

# ---------------------------------------------------------------------------------------------
# Phases
# ---------------------------------------------------------------------------------------------

declare -A R=()   # results: key -> value
FAILS=()
check() { # check WHAT ok|FAIL NOTE
    CHECKS+=("$1"$'\t'"$2"$'\t'"$3")
    [[ $2 == ok ]] || { FAILS+=("$1: $3"); log "CHECK FAILED: $1: $3"; }
}
CHECKS=()

machine_info() {
    R[nproc]=$(nproc)
    R[mem]=$(free -g | awk '/^Mem:/ { printf "%s GiB total, %s GiB available", $2, $7 }')
    R[disk]=$(df -Ph -- "$WORK" | awk 'NR == 2 { printf "%s (%s, %s free of %s)", $6, $1, $4, $2 }')
    R[fs]=$(df -PT -- "$WORK" | awk 'NR == 2 { print $2 }')
    R[cpu]=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    R[kernel]=$(uname -r)
    R[kyso_version]=$("$KYSO" version 2>/dev/null | head -n1 || echo "?")
    R[sha_ni]=$(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

phase_generate() {
    log "1 generate: $RECORDS records in $BATCHES days, $SIZE_MIN-$SIZE_MAX bytes, seed $SEED"
    local t0 t1 line
    t0=$(now)
    line=$("$PY" "$HERE/gen_records.py" --out "$IN" --records "$RECORDS" --batches "$BATCHES" \
        --size-min "$SIZE_MIN" --size-max "$SIZE_MAX" --seed "$SEED")
    t1=$(now)
    R[gen_s]=$(elapsed "$t0" "$t1")
    R[bytes]=$(awk '{ print $4 }' <<<"$line")
    [[ $(awk '{ print $2 }' <<<"$line") == "$RECORDS" ]] || die "generator: $line"
    log "  $line in ${R[gen_s]} s"
}

# baseline TAG: sha256sum per file (-P1) and cat | sha256sum over the sorted file list.
phase_baseline() {
    local tag=$1 t0 t1
    log "2 sha256sum baseline ($tag)"
    [[ -s $WORK/files.lst ]] || (cd "$WORK" && find in -type f -name '*.xml' -print0 | LC_ALL=C sort -z >files.lst)
    t0=$(now)
    (cd "$WORK" && xargs -0 -P1 sha256sum <files.lst >"$WORK/inputs.$tag.sha256")
    t1=$(now)
    R[sha_files_${tag}_s]=$(elapsed "$t0" "$t1")
    t0=$(now)
    (cd "$WORK" && xargs -0 cat <files.lst | sha256sum >/dev/null)
    t1=$(now)
    R[sha_stream_${tag}_s]=$(elapsed "$t0" "$t1")
    if [[ $tag == before ]]; then
        # The CPU ceiling of sha256sum on this machine, no files involved: 1 GiB through a pipe.
        t0=$(now)
        head -c 1073741824 /dev/zero | sha256sum >/dev/null
        t1=$(now)
        R[sha_cpu_s]=$(elapsed "$t0" "$t1")
        # OpenSSL's SHA-256 (what kyso links; SHA-NI when the CPU has it), 8 KiB blocks, 1 s.
        R[openssl_sha256]=$(openssl speed -seconds 1 -bytes 8192 sha256 2>/dev/null \
            | awk '$1 == "sha256" { sub(/k$/, "", $2); printf "%.0f", $2 * 1000 / 1e6 }' || true)
    fi
    log "  per file ${R[sha_files_${tag}_s]} s, streaming ${R[sha_stream_${tag}_s]} s${R[sha_cpu_s]:+, 1 GiB from a pipe ${R[sha_cpu_s]} s}"
}

# loop_env TAG ARCHIVE STAGE: exports what daily_loop reads.
loop_env() {
    export TAG=$1 ARCHIVE=$2 STAGE=$3 ORIGIN=bench-$1 IN TSA_URL PKI LOGS WORK KYSO
}

phase_daily() {
    log "3 daily create + append: $BATCHES batches into $WORK/A"
    loop_env a "$WORK/A" "$WORK/stage-a"
    local t0 t1 rc=0
    t0=$(now)
    bash "$SELF" --internal-loop || rc=$?
    t1=$(now)
    R[daily_s]=$(elapsed "$t0" "$t1")
    if [[ $rc == 0 ]]; then check "daily loop (archive A)" ok "exit 0"; else check "daily loop (archive A)" FAIL "exit $rc"; fi
    stats a "$WORK/a.cmds.tsv"
    rss_check "daily loop: peak RSS of every create and append" "${R[a_create_rss_max]:-0}" "${R[a_append_rss_max]:-0}"
    log "  ${R[daily_s]} s; create total ${R[a_create_total]:-?} s, append total ${R[a_append_total]:-?} s"
}

RSS_TARGET_KB=524288  # issue 5: peak RSS under 512 MiB
rss_check() { # rss_check WHAT KB... : the largest under the target
    local what=$1 max=0 kb
    shift
    for kb in "$@"; do ((kb > max)) && max=$kb; done
    if ((max < RSS_TARGET_KB)); then
        check "$what" ok "$((max / 1024)) MiB < $((RSS_TARGET_KB / 1024)) MiB"
    else
        check "$what" FAIL "$((max / 1024)) MiB, target < $((RSS_TARGET_KB / 1024)) MiB"
    fi
}

stats() { # stats PREFIX CMDS.tsv -> R[PREFIX_<cmd>_<stat>]
    local k v
    while IFS='=' read -r k v; do R[$1_$k]=$v; done < <("$PY" "$HERE/report.py" stats "$2")
}

# verify TAG ARCHIVE
phase_verify() {
    local tag=$1 archive=$2 t0 t1 rc=0 k v
    log "verify $archive (--jobs $JOBS)"
    t0=$(now)
    /usr/bin/time -f '%M' -o "$LOGS/verify.$tag.rss" "$KYSO" archive verify "$archive" \
        --trust "$PKI/root.cert.pem" --no-cache --json --jobs "$JOBS" \
        >"$WORK/report.$tag.json" 2>"$LOGS/verify.$tag.err" || rc=$?
    t1=$(now)
    R[${tag}_verify_s]=$(elapsed "$t0" "$t1")
    R[${tag}_verify_rss]=$(tail -n1 "$LOGS/verify.$tag.rss")
    R[${tag}_verify_rc]=$rc
    R[${tag}_json_bytes]=$(stat -c %s "$WORK/report.$tag.json")
    if [[ $rc == 0 ]]; then check "verify $tag: exit code" ok 0; else check "verify $tag: exit code" FAIL "$rc (see $LOGS/verify.$tag.err)"; fi
    while IFS='=' read -r k v; do R[${tag}_v_$k]=$v; done < <("$PY" "$HERE/report.py" verify-json "$WORK/report.$tag.json" 2>"$LOGS/verify.$tag.problems" || true)
    if [[ ${R[${tag}_v_records]:-} == "$RECORDS" && ${R[${tag}_v_records_ok]:-} == "$RECORDS" && ${R[${tag}_v_documents]:-} == "$RECORDS" ]]; then
        check "verify $tag: records" ok "$RECORDS records, all OK ($RECORDS archive-record documents)"
    else
        check "verify $tag: records" FAIL "records=${R[${tag}_v_records]:-?} ok=${R[${tag}_v_records_ok]:-?} documents=${R[${tag}_v_documents]:-?}, want $RECORDS"
    fi
    if [[ ${R[${tag}_v_batches]:-} == "$BATCHES" && ${R[${tag}_v_batches_ok]:-} == "$BATCHES" && ${R[${tag}_v_log_size]:-} == "$BATCHES" ]]; then
        check "verify $tag: batches" ok "$BATCHES batches OK, log size $BATCHES"
    else
        check "verify $tag: batches" FAIL "batches=${R[${tag}_v_batches]:-?} ok=${R[${tag}_v_batches_ok]:-?} log=${R[${tag}_v_log_size]:-?}"
    fi
    if [[ ${R[${tag}_v_archive_status]:-} == OK && ${R[${tag}_v_problems]:-} == 0 && ${R[${tag}_v_checkpoint_size]:-} == "$BATCHES" ]]; then
        check "verify $tag: archive status" ok "OK, no problems, checkpoint size $BATCHES"
    else
        check "verify $tag: archive status" FAIL "status=${R[${tag}_v_archive_status]:-?} problems=${R[${tag}_v_problems]:-?} checkpoint=${R[${tag}_v_checkpoint_size]:-?} ($LOGS/verify.$tag.problems)"
    fi
    rss_check "verify $tag: peak RSS" "${R[${tag}_verify_rss]:-0}"
    log "  exit $rc in ${R[${tag}_verify_s]} s, peak RSS ${R[${tag}_verify_rss]} kB, records ${R[${tag}_v_records]:-?}"
}

n_entries() { # ARCHIVE -> number of log entries
    if [[ -d $1/log/entries ]]; then find "$1/log/entries" -type f -name '[0-9]*' | wc -l; else echo 0; fi
}

# What a kill left behind: STAGE entries, unlogged batches in the archive, temporary files.
describe_leftovers() {
    local archive=$1 stage=$2 f id n_logged n_batches
    local -A logged=()
    while read -r id; do logged[$id]=1; done < <(find "$archive/log/entries" -type f -exec sed -n 's/^batch //p' {} + 2>/dev/null)
    n_logged=${#logged[@]}
    n_batches=$(find "$archive/batches" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)
    echo "- archive log: $n_logged entries; latest signed checkpoint: size $(sed -n 's/^size //p' "$archive/log/checkpoint" 2>/dev/null || echo none); $n_batches batch directories in batches/"
    for f in "$archive"/batches/*; do
        [[ -d $f ]] || continue
        id=${f##*/}
        [[ -n ${logged[$id]:-} ]] || echo "- batches/$id is in the archive but NOT in its log (moved by the killed append)"
        [[ -z ${logged[$id]:-} || -f $f/evidence/checkpoint ]] || echo "- batches/$id is logged but has no evidence/checkpoint"
    done
    for f in "$stage"/*; do
        [[ -e $f ]] || continue
        if [[ $f == *.partial-* ]]; then
            echo "- stage: ${f##*/} (a killed create's build directory: $(find "$f" -type f | wc -l) files, $(find "$f/data/records" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l) record dirs)"
        elif [[ -f $f/bag-info.txt ]]; then
            echo "- stage: ${f##*/} complete batch $(sed -n 's/^External-Identifier: //p' "$f/bag-info.txt"), not appended"
        else
            echo "- stage: ${f##*/} (neither a batch nor a partial directory)"
        fi
    done
    find "$archive" -maxdepth 3 \( -name '*.tmp*' -o -name '.*' \) ! -name . -printf '- temporary file left in the archive: %P\n' 2>/dev/null || true
}

phase_resume() {
    log "5 resume: daily loop into $WORK/B, SIGKILL during a $KILL_DURING after $(((BATCHES + 1) / 2)) appended batches"
    loop_env b "$WORK/B" "$WORK/stage-b"
    local target=$(((BATCHES + 1) / 2)) last_entry cur pending delay t0 t1 rc=0 waited=0
    # The kill lands half-way through a create of median length (phase 3), or as soon as the append runs.
    delay=$(awk -v m="${R[a_create_median]:-0.2}" 'BEGIN { printf "%.3f", m / 2 }')
    : >"$WORK/b.current"
    set -m
    bash "$SELF" --internal-loop &
    LOOP_PGID=$!
    set +m
    # Polled without forking (a toy-size create lasts a few tens of milliseconds): the log entry of
    # the target-th batch exists, and the marker names the command to kill.
    last_entry=$WORK/B/log/entries/$(printf '%012d' $((target - 1)))
    while :; do
        cur=""
        [[ -e $last_entry ]] && { read -r cur <"$WORK/b.current" || true; }
        if [[ $cur == "$KILL_DURING "* ]]; then
            pending=$cur
            # "CMD DAY START": sleep until START + delay (no sleep for an append).
            if [[ $KILL_DURING == create ]]; then
                sleep "$(awk -v s="${cur##* }" -v d="$delay" -v n="$(now)" 'BEGIN { w = s + d - n; printf "%.3f", (w > 0 ? w : 0) }')"
            fi
            read -r cur <"$WORK/b.current" || true
            if [[ $cur == "$pending" ]] && pgrep -g "$LOOP_PGID" -x kyso >/dev/null; then
                kill -KILL -- "-$LOOP_PGID"
                R[kill_after]=$(elapsed "${cur##* }" "$(now)")
                pending=${pending% *}
                break
            fi
            # Missed (the command ended first: toy sizes): the next one is killed at once.
            [[ $delay == 0 ]] || log "  '${pending% *}' ended before the kill; killing the next $KILL_DURING at once"
            pending="" delay=0
        fi
        kill -0 "$LOOP_PGID" 2>/dev/null || break
        sleep 0.002
    done
    wait "$LOOP_PGID" 2>/dev/null || waited=$?
    LOOP_PGID=""
    R[kill_at]=${pending:-none}
    R[kill_entries]=$(n_entries "$WORK/B")
    if [[ -z ${pending:-} || $waited != 137 ]]; then
        check "resume: kill during a $KILL_DURING" FAIL "the loop ended (status $waited) before it could be killed"
    else
        check "resume: kill during a $KILL_DURING" ok "SIGKILL ${R[kill_after]} s into '$pending' with ${R[kill_entries]} batches logged"
    fi
    describe_leftovers "$WORK/B" "$WORK/stage-b" >"$WORK/leftovers.txt"
    log "  killed during '${R[kill_at]}'; left behind:"
    sed 's/^/    /' "$WORK/leftovers.txt" >&2
    cp "$WORK/b.cmds.tsv" "$WORK/b.cmds.before-kill.tsv"
    : >"$WORK/b.cmds.tsv"
    log "  rerun of the loop"
    t0=$(now)
    bash "$SELF" --internal-loop || rc=$?
    t1=$(now)
    R[resume_s]=$(elapsed "$t0" "$t1")
    if [[ $rc == 0 ]]; then check "resume: rerun of the daily loop" ok "exit 0"; else check "resume: rerun of the daily loop" FAIL "exit $rc"; fi
    stats b "$WORK/b.cmds.tsv"
    R[resume_creates]=${R[b_create_n]:-0}
    R[resume_appends]=${R[b_append_n]:-0}
    phase_verify b "$WORK/B"
}

# 6 verify-resume: `archive verify A --resume J` SIGKILLed once J holds half the batches, then run again.
phase_verify_resume() {
    local journal=$WORK/verify.journal target=$((BATCHES / 2)) pid t0 t1 rc=0 lines
    log "6 verify-resume: archive verify --resume, SIGKILL after $target of $BATCHES batches are in the journal"
    local cmd=("$KYSO" archive verify "$WORK/A" --trust "$PKI/root.cert.pem" --no-cache --json --jobs "$JOBS" --resume "$journal")
    set -m
    "${cmd[@]}" >"$WORK/report.vr-killed.json" 2>"$LOGS/verify.vr-killed.err" &
    pid=$!
    set +m
    while kill -0 "$pid" 2>/dev/null; do
        lines=0
        [[ -f $journal ]] && lines=$(wc -l <"$journal")
        if ((lines >= target + 1)); then
            kill -KILL -- "-$pid" 2>/dev/null || true
            break
        fi
        sleep 0.05
    done
    wait "$pid" 2>/dev/null || rc=$?
    R[vr_killed_rc]=$rc
    R[vr_killed_entries]=$(($(wc -l <"$journal") - 1))
    if [[ $rc == 137 ]]; then
        check "verify-resume: kill" ok "SIGKILL with ${R[vr_killed_entries]} of $BATCHES batches in the journal"
    elif [[ $rc == 0 ]]; then
        # A toy-size verification can end between two polls: its journal is cut as a kill leaves it (the
        # header, $target entries, half of the next line) and the report says so.
        head -n $((target + 1)) "$journal" >"$journal.cut"
        sed -n "$((target + 2))p" "$journal" | head -c 40 >>"$journal.cut"
        mv "$journal.cut" "$journal"
        R[vr_killed_entries]="$target (cut: the run ended before the kill)"
        check "verify-resume: kill" ok "the run ended before the kill; its journal was cut to $target batches and a torn line"
    else
        check "verify-resume: kill" FAIL "the verification ended with status $rc before it could be killed"
    fi
    rc=0
    t0=$(now)
    /usr/bin/time -f '%M' -o "$LOGS/verify.vr.rss" "${cmd[@]}" >"$WORK/report.vr.json" 2>"$LOGS/verify.vr.err" || rc=$?
    t1=$(now)
    R[vr_s]=$(elapsed "$t0" "$t1")
    R[vr_rss]=$(tail -n1 "$LOGS/verify.vr.rss")
    R[vr_rc]=$rc
    R[vr_replayed]=$(sed -n 's/.*: \([0-9]*\) of [0-9]* batches were verified by an earlier run.*/\1/p' "$LOGS/verify.vr.err")
    if [[ $rc == 0 ]]; then check "verify-resume: rerun exit code" ok 0; else check "verify-resume: rerun exit code" FAIL "$rc (see $LOGS/verify.vr.err)"; fi
    rss_check "verify-resume: peak RSS" "${R[vr_rss]:-0}"
    # The same report as phase 4's uninterrupted run but for the validation time (each run's own).
    local a vr
    a=$(sed -E 's/"(validation_time|checked_at)":"[^"]*"//g' "$WORK/report.a.json" | sha256sum | cut -c1-16)
    vr=$(sed -E 's/"(validation_time|checked_at)":"[^"]*"//g' "$WORK/report.vr.json" | sha256sum | cut -c1-16)
    R[vr_same]=$([[ $a == "$vr" ]] && echo yes || echo no)
    if [[ $a == "$vr" ]]; then
        check "verify-resume: same report as one run" ok "identical JSON but for validation_time/checked_at (sha256 $a)"
    else
        check "verify-resume: same report as one run" FAIL "JSON differs from phase 4's beyond the validation time ($a vs $vr)"
    fi
    log "  killed with ${R[vr_killed_entries]} batches journaled; rerun exit $rc in ${R[vr_s]} s (${R[vr_replayed]:-0} replayed), peak RSS ${R[vr_rss]} kB"
}

phase_compare() {
    local args=(--inputs "$WORK/inputs.before.sha256" --archive "$WORK/A" "$WORK/a.days.tsv") rc=0
    ((RESUME)) && args+=(--archive "$WORK/B" "$WORK/b.days.tsv")
    "$PY" "$HERE/report.py" compare "${args[@]}" >"$WORK/compare.txt" 2>&1 || rc=$?
    sed 's/^/  /' "$WORK/compare.txt" >&2
    local which=A
    ((RESUME)) && which="A and B"
    if [[ $rc == 0 ]]; then
        check "same files per day as the inputs ($which)" ok "every day: same names and SHA-256"
    else
        check "same files per day as the inputs ($which)" FAIL "$(head -n 3 "$WORK/compare.txt" | tr '\n' ' ')"
    fi
}

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

rate() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", b / s / 1e6; else print "?" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

write_report() {
    local bytes=${R[bytes]} create_s=${R[a_create_total]} kyso_rate sha_rate sha_stream_rate ratio verdict
    kyso_rate=$(rate "$bytes" "$create_s")
    sha_rate=$(rate "$bytes" "${R[sha_files_before_s]}")
    sha_stream_rate=$(rate "$bytes" "${R[sha_stream_before_s]}")
    ratio=$(awk -v a="$kyso_rate" -v b="$sha_rate" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }')
    R[kyso_rate]=$kyso_rate R[sha_rate]=$sha_rate R[ratio]=$ratio
    local peak_max
    peak_max=$(printf '%s\n' "${R[a_create_rss_max]:-0}" "${R[a_append_rss_max]:-0}" "${R[a_verify_rss]:-0}" | sort -n | tail -n1)
    R[peak_max]=$peak_max
    if ((${#FAILS[@]} == 0)); then verdict="all checks passed"; else verdict="${#FAILS[@]} check(s) FAILED"; fi
    mkdir -p "$(dirname -- "$REPORT")"
    {
        echo "# Archive at scale: $RECORDS records in $BATCHES batches ($(date -u +%Y-%m-%d))"
        echo
        echo "Issue 5. Made by \`bench/archive/run.sh --records $RECORDS --batches $BATCHES --size-min $SIZE_MIN --size-max $SIZE_MAX --seed $SEED --jobs $JOBS --kill-during $KILL_DURING\`"
        echo "with \`$("$KYSO" version 2>/dev/null | head -n1)\` ($KYSO). Result: **$verdict**."
        echo
        echo "## Machine"
        echo
        echo "- CPU: ${R[cpu]} (nproc ${R[nproc]}, SHA-NI: ${R[sha_ni]}), kernel ${R[kernel]}"
        echo "- Memory: ${R[mem]} (\`free -g\` at start)"
        echo "- Disk: ${R[disk]}, ${R[fs]}; $DISK_NOTE"
        echo "- Load average (1/5/15 min): before ${R[load_before]}, after ${R[load_after]} (the machine is shared)"
        echo
        echo "## Figures"
        echo
        echo "| what | value |"
        echo "|---|---|"
        echo "| records / batches | $RECORDS / $BATCHES (~$((RECORDS / BATCHES)) per batch) |"
        echo "| payload bytes (record files) | $bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.2f GB", b / 1e9 }'), $SIZE_MIN-$SIZE_MAX B each) |"
        echo "| generate inputs (python, not kyso) | ${R[gen_s]} s |"
        echo "| create + append, all days (wall) | ${R[daily_s]} s |"
        echo "| &nbsp;&nbsp;create: total / min / median / max per batch | ${R[a_create_total]} / ${R[a_create_min]} / ${R[a_create_median]} / ${R[a_create_max]} s |"
        echo "| &nbsp;&nbsp;append: total / min / median / max per batch | ${R[a_append_total]} / ${R[a_append_min]} / ${R[a_append_median]} / ${R[a_append_max]} s |"
        echo "| verify archive (--jobs $JOBS), wall | ${R[a_verify_s]} s (exit ${R[a_verify_rc]}; JSON report $(awk -v b="${R[a_json_bytes]}" 'BEGIN { printf "%.0f MB", b / 1e6 }')) |"
        echo "| peak RSS: create (max of $BATCHES) / append (max) / verify | $(mib "${R[a_create_rss_max]}") / $(mib "${R[a_append_rss_max]}") / $(mib "${R[a_verify_rss]}") MiB (target < 512 MiB: $( ((peak_max < RSS_TARGET_KB)) && echo met || echo MISSED)) |"
        echo "| kyso hashing rate = payload bytes / create time | $kyso_rate MB/s (create copies every file into the bag, SHA-256 + SHA-512 of each, manifests, one TSA call per batch) |"
        echo "| sha256sum per file (xargs -P1), warm cache: before / after the daily loop | ${R[sha_files_before_s]} s ($sha_rate MB/s) / ${R[sha_files_after_s]} s ($(rate "$bytes" "${R[sha_files_after_s]}") MB/s) |"
        echo "| cat all \\| sha256sum (streaming), before / after | ${R[sha_stream_before_s]} s ($sha_stream_rate MB/s) / ${R[sha_stream_after_s]} s ($(rate "$bytes" "${R[sha_stream_after_s]}") MB/s) |"
        echo "| sha256sum of 1 GiB from a pipe (its CPU ceiling, no files) | ${R[sha_cpu_s]} s ($(rate 1073741824 "${R[sha_cpu_s]}") MB/s) |"
        echo "| OpenSSL SHA-256 (openssl speed -bytes 8192 sha256: the library kyso hashes with) | ${R[openssl_sha256]:-?} MB/s |"
        echo "| kyso / sha256sum-per-file rate | $ratio |"
        if ((VERIFY_RESUME)); then
            echo "| verify-resume: killed with / rerun wall / peak RSS / exit | ${R[vr_killed_entries]:-?} of $BATCHES batches journaled / ${R[vr_s]:-?} s (${R[vr_replayed]:-0} batches from the journal) / $(mib "${R[vr_rss]:-0}") MiB / ${R[vr_rc]:-?} |"
            echo "| verify-resume: report equal to the uninterrupted run's (but for the validation time) | ${R[vr_same]:-?} |"
        fi
        if ((RESUME)); then
            echo "| resume: killed during | '${R[kill_at]}', ${R[kill_after]:-?} s after it started, with ${R[kill_entries]} of $BATCHES batches logged |"
            echo "| resume: rerun wall (creates / appends run) | ${R[resume_s]} s (${R[resume_creates]} / ${R[resume_appends]}) |"
            echo "| resume: verify wall / peak RSS / exit | ${R[b_verify_s]} s / $(mib "${R[b_verify_rss]}") MiB / ${R[b_verify_rc]} |"
        fi
        echo
        echo "The page cache was warm for every phase: the inputs were written just before, nothing was dropped"
        echo "(no root tricks); with $(free -g | awk '/^Mem:/ { print $2 }') GiB of RAM the whole set stays cached, so these are CPU and"
        echo "file-system-metadata figures, not disk-read figures."
        echo
        echo "## Checks"
        echo
        echo "| check | status | note |"
        echo "|---|---|---|"
        local c
        for c in "${CHECKS[@]}"; do
            IFS=$'\t' read -r a b n <<<"$c"
            echo "| $a | $b | $n |"
        done
        if ((RESUME)); then
            echo
            echo "## Resume after SIGKILL"
            echo
            echo "The daily loop into a second archive ran in its own process group and was killed (SIGKILL to"
            echo "the group) during '${R[kill_at]}'. What it left:"
            echo
            cat "$WORK/leftovers.txt"
            echo
            echo "The rerun of the same loop skips days whose batch id is in the archive log, appends a created"
            echo "batch still in the staging directory, names ARCHIVE/batches/ID for a batch the killed append had"
            echo "moved but not logged (the documented rerun of an interrupted append), and re-creates a day whose"
            echo "create was killed after removing its STAGE/day.partial-XXXXXX directory. \"Same result\" means:"
            echo "both archives verify with exit 0, hold $RECORDS records in $BATCHES batches with a log of $BATCHES"
            echo "entries and a checkpoint of that size, and every day's batch holds exactly the day's input files"
            echo "(same names, same SHA-256) in both archives. The bytes of the archives differ by design: batch and"
            echo "record ids and the per-record salts are random, time-stamps and checkpoints carry times."
            echo
            echo '```'
            cat "$WORK/compare.txt"
            echo '```'
        fi
    } >"$REPORT"
}

print_summary() {
    printf '\n%-44s %s\n' "records / batches / payload bytes" "$RECORDS / $BATCHES / ${R[bytes]}"
    printf '%-44s %s s\n' "generate (python)" "${R[gen_s]}"
    printf '%-44s %s s\n' "create+append wall" "${R[daily_s]}"
    printf '%-44s %s / %s / %s s\n' "create per batch min/median/max" "${R[a_create_min]}" "${R[a_create_median]}" "${R[a_create_max]}"
    printf '%-44s %s / %s / %s s\n' "append per batch min/median/max" "${R[a_append_min]}" "${R[a_append_median]}" "${R[a_append_max]}"
    printf '%-44s %s s (exit %s)\n' "verify wall" "${R[a_verify_s]}" "${R[a_verify_rc]}"
    printf '%-44s %s / %s / %s MiB\n' "peak RSS create/append/verify" "$(mib "${R[a_create_rss_max]}")" "$(mib "${R[a_append_rss_max]}")" "$(mib "${R[a_verify_rss]}")"
    printf '%-44s %s MB/s vs %s MB/s (ratio %s)\n' "kyso create rate vs sha256sum per file" "${R[kyso_rate]}" "${R[sha_rate]}" "${R[ratio]}"
    if ((VERIFY_RESUME)); then
        printf '%-44s %s of %s journaled; rerun %s s, exit %s, same report: %s\n' "verify-resume: killed with" "${R[vr_killed_entries]:-?}" "$BATCHES" "${R[vr_s]:-?}" "${R[vr_rc]:-?}" "${R[vr_same]:-?}"
    fi
    if ((RESUME)); then
        printf '%-44s %s\n' "resume: killed during" "${R[kill_at]} (${R[kill_entries]} logged)"
        printf '%-44s %s s, verify exit %s, records %s\n' "resume: rerun / verify" "${R[resume_s]}" "${R[b_verify_rc]}" "${R[b_v_records]:-?}"
    fi
    printf '%-44s %s\n' "report" "$REPORT"
    if ((${#FAILS[@]} == 0)); then echo "all checks passed"; else printf 'FAILED: %s\n' "${FAILS[@]}"; fi
}

main() {
    parse_args "$@"
    check_prereqs
    # Loopback only: no proxy may carry the TSA requests elsewhere.
    unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
    export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
    setup_workdir
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    check_space
    machine_info
    R[load_before]=$(loadavg)
    make_pki
    start_tsa
    phase_generate
    phase_baseline before
    phase_daily
    phase_baseline after
    phase_verify a "$WORK/A"
    if ((VERIFY_RESUME)); then phase_verify_resume; fi
    if ((RESUME)); then phase_resume; fi
    phase_compare
    R[load_after]=$(loadavg)
    write_report
    print_summary
    ((${#FAILS[@]} == 0))
}

main "$@"
