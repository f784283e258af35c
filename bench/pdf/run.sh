#!/usr/bin/env bash
# bench/pdf/run.sh -- kyso PDF signing and verification against its peers, in one run, on the same inputs.
#
#   bench/pdf/run.sh [--kyso PATH] [--small-count N] [--sizes "50 500"] [--out DIR]
#                    [--jobs J] [--repeat R] [--work DIR] [--timeout S] [--keep]
#
#   --kyso PATH        kyso binary (default: ${KYSO_BUILD:-build}/cli/kyso under the repository root)
#   --small-count N    small files in the batch (default 200)
#   --sizes "M..."     large files, in MB (10^6 bytes), one at a time (default "50 500"; "" for none)
#   --out DIR          where the results file goes (default bench/results): DIR/pdf-YYYYMMDD-HHMM.md
#   --jobs J           kyso's --jobs for the parallel rows, and xargs -P for the per-file peers (default 2)
#   --repeat R         every timing is taken R times and the fastest kept (default 2; the VM drifts)
#   --work DIR         parent of the work directory (default /dev/shm when it has room, else ${TMPDIR:-/tmp})
#   --timeout S        a single measured run is killed after S seconds and recorded as failed (default 300)
#   --keep             keep the work directory (kept anyway, with its logs/, when the script dies or a
#                      check failed; the large files are deleted as soon as they are measured)
#
# Builds nothing (runs `npm ci` in tests/interop/pdf/signpdf only when its node_modules is missing). The
# peers and their options are those of tests/interop/pdf/peers.sh, which is sourced: signpdf_install,
# _peers_nssdb (the throwaway NSS db) and check_valid (pdfsig must say "Signature is Valid" and
# "Total document signed") come from there. The timed loops call podofosign and pdfsig directly, with the
# same options as podofosign_sign / pdfsig_sign: those wrappers add a mktemp + mv per file, and pdfsig_sign
# builds a new NSS db per call (certutil x3 + pk12util), which would be timed as pdfsig's cost.
#
# In a fresh work directory: the test PKI (testdata/make-pki.sh) and one NSS db holding it; then
#   small:  N copies of testdata/samples/record-sample.pdf (10 pages, 18 KB), signed by
#             kyso --jobs J and kyso --jobs 1 (one process for all N files),
#             podofosign and pdfsig -add-signature, one process per file (xargs -P 1 and xargs -P J),
#             @signpdf, all N files in ONE node process (bench/pdf/signpdf_batch.mjs);
#           -> files/s and kyso's rate / the peer's rate. Every output set is counted and its first and
#           last file checked with pdfsig (check_valid).
#           Then kyso pdf verify (--jobs J, --jobs 1) and pdfsig (per file, -P 1 and -P J) verify the set
#           signed by kyso --jobs J; both must also reject a copy with one byte changed.
#   large:  per size M, testdata/make_sample_pdf.py --size-mb M (untimed), then sha256sum and
#           openssl dgst -sha256 of it (references), kyso / podofosign / pdfsig / @signpdf each signing it
#           (one process, wall time and peak RSS from GNU time -v), every output checked with pdfsig and
#           deleted; kyso pdf verify and pdfsig on kyso's signed file. Files are deleted as soon as measured.
#   refs:   one RSA-2048 signature = 1 / (openssl speed -seconds 1 rsa2048 sign/s); kyso signing the
#           18 KB sample (process start + PKCS#12 + one signature), for information.
# Targets (PASS/MISS): 50 MB signed with peak RSS < 64 MB and wall <= 1.5 x (sha256sum + one RSA-2048
# signature); small batch >= 3x the files/s of podofosign one-process-per-file (at -P 1 vs --jobs 1 and at
# -P J vs --jobs J). The same large-file criteria are printed for the other sizes, for information.
#
# Prints the tables and writes them to DIR/pdf-YYYYMMDD-HHMM.md. Exit 0 when every kyso check passed (a
# failing peer is recorded as a failure in the table, not an error), 1 when a kyso check failed, 2 on
# usage or setup errors.
#
# Env: KYSO_BUILD, TMPDIR, PYTHON (default /usr/bin/python3).
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
HERE=$ROOT/bench/pdf
PEERS_SH=$ROOT/tests/interop/pdf/peers.sh
PY=${PYTHON:-/usr/bin/python3}
SAMPLE=$ROOT/testdata/samples/record-sample.pdf
BUILD=${KYSO_BUILD:-build}
[[ $BUILD == /* ]] || BUILD=$ROOT/$BUILD
KYSO=$BUILD/cli/kyso

SMALL_COUNT=200
SIZES="50 500"
RESULTS=$ROOT/bench/results
JOBS=2
REPEAT=2
WORK_PARENT=""
TIMEOUT=300
KEEP=0
NAME=hospital-rsa
P12_PASS=kyso-test

die() { echo "run.sh: $*" >&2; exit 2; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=../common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit "${1:-0}"
}

parse_args() {
    while [[ $# -gt 0 ]]; do
        case $1 in
            --kyso) KYSO=$2; shift 2 ;;
            --small-count) SMALL_COUNT=$2; shift 2 ;;
            --sizes) SIZES=$2; shift 2 ;;
            --out) RESULTS=$2; shift 2 ;;
            --jobs) JOBS=$2; shift 2 ;;
            --repeat) REPEAT=$2; shift 2 ;;
            --work) WORK_PARENT=$2; shift 2 ;;
            --timeout) TIMEOUT=$2; shift 2 ;;
            --keep) KEEP=1; shift ;;
            -h|--help) usage 0 ;;
            *) echo "run.sh: unknown argument: $1" >&2; usage 2 ;;
        esac
    done
    [[ $SMALL_COUNT =~ ^[1-9][0-9]*$ ]] || die "--small-count must be a positive integer"
    [[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"
    [[ $REPEAT =~ ^[1-9][0-9]*$ ]] || die "--repeat must be a positive integer"
    [[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer (seconds)"
    local m
    for m in $SIZES; do
        [[ $m =~ ^[1-9][0-9]*$ ]] || die "--sizes: '$m' is not a whole number of MB"
    done
    [[ $KYSO == /* ]] || KYSO=$PWD/$KYSO
    [[ $RESULTS == /* ]] || RESULTS=$PWD/$RESULTS
    # kyso: --jobs J and --jobs 1; per-file peers: xargs -P 1 and -P J (once each when J is 1)
    KYSO_JOBS=$JOBS PEER_PROCS=1
    if [[ $JOBS != 1 ]]; then
        KYSO_JOBS="$JOBS 1"
        PEER_PROCS="1 $JOBS"
    fi
}

# ---------------------------------------------------------------------------------------------
# Preconditions
# ---------------------------------------------------------------------------------------------

check_prereqs() {
    [[ -x $KYSO ]] || die "kyso binary not found: $KYSO (cmake --build build, or --kyso PATH)"
    need podofosign "apt-get install libpodofo-utils"
    need pdfsig "apt-get install poppler-utils"
    need certutil "apt-get install libnss3-tools"
    need pk12util "apt-get install libnss3-tools"
    need node "apt-get install nodejs"
    need openssl "apt-get install openssl"
    need sha256sum "coreutils"
    need timeout "coreutils"
    need xargs "findutils"
    [[ -x /usr/bin/time ]] || die "missing /usr/bin/time (apt-get install time)"
    [[ -r $SAMPLE ]] || die "missing $SAMPLE"
    "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null || die "$PY is not python >= 3.9"
    # shellcheck disable=SC1090,SC1091  # tests/interop/pdf/peers.sh
    source "$PEERS_SH"
    if signpdf_install; then
        SIGNPDF=1
    else
        SIGNPDF=0
        log "@signpdf is not installed and npm ci failed: its rows are recorded as failures"
    fi
}

# ---------------------------------------------------------------------------------------------
# Work directory, PKI, NSS db, inputs
# ---------------------------------------------------------------------------------------------
avail_mb() { df -Pm -- "$1" | awk 'NR == 2 { print $4 }'; }

max_size() {
    local m max=0
    for m in $SIZES; do ((m > max)) && max=$m; done
    echo "$max"
}

setup_workdir() {
    # The largest input + kyso's signed copy (kept for verification) + one peer's output at a time.
    local need_mb=$(($(max_size) * 3 + 300))
    if [[ -z $WORK_PARENT ]]; then
        if [[ -d /dev/shm && -w /dev/shm && $(avail_mb /dev/shm) -ge $need_mb ]]; then
            WORK_PARENT=/dev/shm
        else
            WORK_PARENT=${TMPDIR:-/tmp}
        fi
    fi
    local avail
    avail=$(avail_mb "$WORK_PARENT")
    log "df -h $WORK_PARENT: $(df -Ph -- "$WORK_PARENT" | awk 'NR == 2 { print $4 " free of " $2 " (" $1 ")" }')"
    [[ $avail -ge $need_mb ]] || die "$WORK_PARENT has $avail MB free; --sizes '$SIZES' needs about $need_mb MB (use --work DIR)"
    WORK=$(mktemp -d "$WORK_PARENT/kyso-pdf-bench.XXXXXX")
    LOGS=$WORK/logs
    PKI=$WORK/pki
    DB=$WORK/nssdb
    SMALL_IN=$WORK/small/in
    SMALL_OUT=$WORK/small/out
    LARGE=$WORK/large
    mkdir -p "$LOGS" "$SMALL_IN" "$SMALL_OUT" "$LARGE"
    RUNS=$WORK/runs.tsv      # section tool item files bytes seconds rc rss_kb
    CHECKS=$WORK/checks.tsv  # section tool item ok|FAIL note
    REFS=$WORK/refs.tsv      # name value unit note
    META=$WORK/meta.tsv      # key value
    : >"$RUNS"; : >"$CHECKS"; : >"$REFS"; : >"$META"
    export TMPDIR=$WORK/tmp  # peers.sh's mktemp (check_valid) stays on the same filesystem
    mkdir -p "$TMPDIR"
    log "work directory: $WORK"
}


make_keys() {
    log "test PKI (testdata/make-pki.sh) and an NSS db for pdfsig"
    bash "$ROOT/testdata/make-pki.sh" "$PKI" >"$LOGS/make-pki.log" 2>&1 || { cat "$LOGS/make-pki.log" >&2; die "make-pki.sh failed"; }
    P12=$PKI/$NAME.p12
    KEY_PEM=$PKI/$NAME.key.pem
    CERT_PEM=$PKI/$NAME.cert.pem
    ROOT_PEM=$PKI/root.cert.pem
    NICK=$(_peers_nssdb "$PKI" "$NAME" "$DB" 2>"$LOGS/nssdb.err") || { cat "$LOGS/nssdb.err" >&2; die "cannot make the NSS db"; }
    [[ -n $NICK ]] || die "no user certificate in the NSS db made from $P12"
}

make_small_inputs() {
    log "small inputs: $SMALL_COUNT copies of $(basename "$SAMPLE") ($(stat -c %s "$SAMPLE") bytes)"
    local i f
    SMALL_LIST=$WORK/small/list.txt
    : >"$SMALL_LIST"
    for ((i = 1; i <= SMALL_COUNT; i++)); do
        printf -v f 'rec_%05d.pdf' "$i"
        cp -- "$SAMPLE" "$SMALL_IN/$f"
        echo "$f" >>"$SMALL_LIST"
    done
    SMALL_BYTES=$(du -sb "$SMALL_IN" | cut -f1)
}

# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------

# measure [--fresh DIR] SECTION TOOL ITEM FILES BYTES -- CMD...
# Runs the external command CMD $REPEAT times under GNU time -v and timeout $TIMEOUT, stdout/stderr in
# $LOGS/SECTION.TOOL.ITEM.{out,err}, and records wall time, exit status and peak RSS of every run in
# $RUNS (for a command that forks, e.g. xargs, the peak is that of the largest process). --fresh DIR:
# DIR is set aside (common.sh) and made empty before every run (untimed). A timed-out run is not
# repeated. Never fails.
measure() {
    local fresh="" r t0 t1 rc peak
    while [[ $1 == --* ]]; do
        case $1 in
            --fresh) fresh=$2; shift 2 ;;
            *) die "measure: unknown option $1" ;;
        esac
    done
    local section=$1 tool=$2 item=$3 files=$4 bytes=$5
    shift 5
    [[ $1 == -- ]] && shift
    local base=$LOGS/$section.$tool.$item
    for ((r = 1; r <= REPEAT; r++)); do
        if [[ -n $fresh ]]; then set_aside "$fresh"; mkdir -p -- "$fresh"; fi
        rc=0
        t0=$(now)
        /usr/bin/time -v -o "$base.time" timeout "$TIMEOUT" "$@" >"$base.out" 2>"$base.err" || rc=$?
        t1=$(now)
        peak=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$base.time" 2>/dev/null || true)
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$tool" "$item" "$files" "$bytes" \
            "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "$rc" "$peak" >>"$RUNS"
        if [[ $rc == 124 ]]; then
            log "    $tool ($section $item) timed out after ${TIMEOUT}s"
            break
        elif [[ $rc != 0 ]]; then
            log "    $tool ($section $item) exited $rc, see $base.err"
        fi
    done
}

check() { # check SECTION TOOL ITEM ok|FAIL NOTE
    printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$CHECKS"
    [[ $4 == ok ]] || log "    CHECK FAILED: $2 ($1 $3): $5"
}

last_rc() { # last_rc SECTION TOOL ITEM: exit status of the last recorded run
    awk -F'\t' -v s="$1" -v t="$2" -v i="$3" '$1 == s && $2 == t && $3 == i { rc = $7 } END { print rc }' "$RUNS"
}

json_field() { # json_field FILE KEY: .summary.KEY of a kyso --json report, or "?"
    "$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"][sys.argv[2]])' "$1" "$2" 2>/dev/null || echo "?"
}

pdfsig_ok() { # pdfsig_ok SIGNED: one signature, valid, trusted, whole document (peers.sh check_valid)
    check_valid "$1" "$PKI" 1 >"$LOGS/check_valid.out" 2>&1
}

# small_check TOOL DIR: all N outputs exist; the first and the last pass pdfsig.
small_check() {
    local tool=$1 dir=$2 n first last bad=()
    n=$(find "$dir" -maxdepth 1 -type f -name '*.pdf' | wc -l)
    if [[ $n != "$SMALL_COUNT" ]]; then
        check sign-small "$tool" batch FAIL "$n of $SMALL_COUNT outputs (exit status $(last_rc sign-small "$tool" batch))"
        return
    fi
    first=$(head -n1 "$SMALL_LIST")
    last=$(tail -n1 "$SMALL_LIST")
    pdfsig_ok "$dir/$first" || bad+=("$first")
    pdfsig_ok "$dir/$last" || bad+=("$last")
    if [[ ${#bad[@]} -gt 0 ]]; then
        check sign-small "$tool" batch FAIL "pdfsig rejects ${bad[*]}"
    elif [[ $(last_rc sign-small "$tool" batch) != 0 ]]; then
        check sign-small "$tool" batch FAIL "exit status $(last_rc sign-small "$tool" batch)"
    else
        check sign-small "$tool" batch ok "$n outputs; first and last valid in pdfsig"
    fi
}

# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------
bench_refs() {
    log "reference: openssl speed -seconds 1 rsa2048"
    local sps
    sps=$(openssl speed -seconds 1 rsa2048 2>/dev/null | tee "$LOGS/openssl-speed.out" | awk '/^rsa 2048 bits/ { print $6 }')
    if [[ $sps =~ ^[0-9.]+$ ]]; then
        printf 'rsa2048_sign_per_s\t%s\tsign/s\topenssl speed -seconds 1 rsa2048 (one core)\n' "$sps" >>"$REFS"
    else
        check refs openssl-speed rsa2048 FAIL "could not parse $LOGS/openssl-speed.out"
    fi
    log "reference: kyso signing the 18 KB sample"
    measure --fresh "$WORK/tiny" refs kyso-tiny sample 1 "$(stat -c %s "$SAMPLE")" -- \
        "$KYSO" pdf sign "$SAMPLE" --out "$WORK/tiny/sample.pdf" --key "p12:$P12" --pass "pass:$P12_PASS" --jobs 1
    rm -rf -- "$WORK/tiny"
}

# ---------------------------------------------------------------------------------------------
# Small files
# ---------------------------------------------------------------------------------------------
kyso_sign_small() { # TOOL JOBS
    local out=$SMALL_OUT/$1
    log "  $1: kyso pdf sign --jobs $2, one process"
    measure --fresh "$out" sign-small "$1" batch "$SMALL_COUNT" "$SMALL_BYTES" -- \
        "$KYSO" pdf sign "$SMALL_IN" --out "$out" --key "p12:$P12" --pass "pass:$P12_PASS" --jobs "$2" --json
    local signed
    signed=$(json_field "$LOGS/sign-small.$1.batch.out" signed)
    if [[ $signed != "$SMALL_COUNT" ]]; then
        check sign-small "$1" json FAIL "--json summary.signed=$signed of $SMALL_COUNT"
    fi
    small_check "$1" "$out"
}

bench_sign_small() {
    log "small files, sign: $SMALL_COUNT x $(basename "$SAMPLE")"
    local j p tool out
    for j in $KYSO_JOBS; do
        kyso_sign_small "kyso-j$j" "$j"
    done
    for p in $PEER_PROCS; do
        tool=podofosign-P$p
        out=$SMALL_OUT/$tool
        log "  $tool: one podofosign per file, xargs -P $p"
        measure --fresh "$out" sign-small "$tool" batch "$SMALL_COUNT" "$SMALL_BYTES" -- \
            xargs -a "$SMALL_LIST" -P "$p" -I{} podofosign -in "$SMALL_IN/{}" -out "$out/{}" \
            -cert "$CERT_PEM" -pkey "$KEY_PEM" -digest sha256 -sigsize 8192 -reason "kyso bench (podofosign)"
        small_check "$tool" "$out"
        rm -rf -- "$out"
    done
    for p in $PEER_PROCS; do
        tool=pdfsig-P$p
        out=$SMALL_OUT/$tool
        log "  $tool: one pdfsig -add-signature per file, xargs -P $p"
        measure --fresh "$out" sign-small "$tool" batch "$SMALL_COUNT" "$SMALL_BYTES" -- \
            xargs -a "$SMALL_LIST" -P "$p" -I{} pdfsig -nssdir "sql:$DB" -add-signature -nick "$NICK" \
            -digest SHA256 -reason "kyso bench (pdfsig)" "$SMALL_IN/{}" "$out/{}"
        small_check "$tool" "$out"
        rm -rf -- "$out"
    done
    tool=signpdf-1proc
    out=$SMALL_OUT/$tool
    if [[ $SIGNPDF == 1 ]]; then
        log "  $tool: @signpdf, all files in one node process"
        local -a inputs
        mapfile -t inputs < <(sed "s|^|$SMALL_IN/|" "$SMALL_LIST")
        measure --fresh "$out" sign-small "$tool" batch "$SMALL_COUNT" "$SMALL_BYTES" -- \
            node "$HERE/signpdf_batch.mjs" --modules "$PEERS_DIR/signpdf" --p12 "$P12" --pass "$P12_PASS" \
            --out "$out" "${inputs[@]}"
        small_check "$tool" "$out"
        rm -rf -- "$out"
    else
        check sign-small "$tool" batch FAIL "@signpdf not installed"
    fi
}

# One signed file with one byte of page text changed: every verifier must say no.
make_tampered() { # SIGNED_FILE -> $TAMPERED
    TAMPERED=$WORK/tampered/$(basename "$1")
    mkdir -p "$WORK/tampered"
    "$PY" - "$1" "$TAMPERED" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
i = data.find(b"Nguyen Van A")
if i < 0:
    sys.exit("make_tampered: marker not found")
data[i + 11] = ord("B")
open(sys.argv[2], "wb").write(data)
EOF
}

bench_verify_small() {
    local set=$SMALL_OUT/kyso-j$JOBS
    local bytes tool p j
    bytes=$(du -sb "$set" | cut -f1)
    log "small files, verify: the $SMALL_COUNT files signed by kyso --jobs $JOBS"
    make_tampered "$set/$(head -n1 "$SMALL_LIST")"
    for j in $KYSO_JOBS; do
        tool=kyso-j$j
        log "  $tool: kyso pdf verify --jobs $j"
        measure verify-small "$tool" batch "$SMALL_COUNT" "$bytes" -- \
            "$KYSO" pdf verify "$set" --trust "$ROOT_PEM" --jobs "$j" --json
        local passed
        passed=$(json_field "$LOGS/verify-small.$tool.batch.out" total_passed)
        if [[ $passed == "$SMALL_COUNT" && $(last_rc verify-small "$tool" batch) == 0 ]]; then
            check verify-small "$tool" batch ok "$passed TOTAL_PASSED"
        else
            check verify-small "$tool" batch FAIL "total_passed=$passed of $SMALL_COUNT, exit status $(last_rc verify-small "$tool" batch)"
        fi
    done
    if "$KYSO" pdf verify "$TAMPERED" --trust "$ROOT_PEM" --json >"$LOGS/tampered.kyso.out" 2>&1 ||
        [[ $(json_field "$LOGS/tampered.kyso.out" total_passed) != 0 ]]; then
        check verify-small "kyso-j$JOBS" tampered FAIL "accepted a changed file"
    else
        check verify-small "kyso-j$JOBS" tampered ok "rejects a changed file"
    fi
    for p in $PEER_PROCS; do
        tool=pdfsig-P$p
        log "  $tool: one pdfsig per file, xargs -P $p"
        measure verify-small "$tool" batch "$SMALL_COUNT" "$bytes" -- \
            xargs -a "$SMALL_LIST" -P "$p" -I{} pdfsig -nssdir "sql:$DB" "$set/{}"
        local valid trusted
        valid=$(grep -c 'Signature Validation: Signature is Valid' "$LOGS/verify-small.$tool.batch.out" || true)
        trusted=$(grep -c 'Certificate Validation: Certificate is Trusted' "$LOGS/verify-small.$tool.batch.out" || true)
        if [[ $valid == "$SMALL_COUNT" && $trusted == "$SMALL_COUNT" && $(last_rc verify-small "$tool" batch) == 0 ]]; then
            check verify-small "$tool" batch ok "$valid valid and trusted"
        else
            check verify-small "$tool" batch FAIL "$valid valid, $trusted trusted of $SMALL_COUNT, exit status $(last_rc verify-small "$tool" batch)"
        fi
    done
    if pdfsig -nssdir "sql:$DB" "$TAMPERED" 2>&1 | tee "$LOGS/tampered.pdfsig.out" | grep -q 'Signature is Valid'; then
        check verify-small "pdfsig-P1" tampered FAIL "accepted a changed file"
    else
        check verify-small "pdfsig-P1" tampered ok "rejects a changed file ($(grep -o 'Signature Validation: .*' "$LOGS/tampered.pdfsig.out" | head -n1))"
    fi
}

# ---------------------------------------------------------------------------------------------
# Large files
# ---------------------------------------------------------------------------------------------
large_check() { # TOOL ITEM OUTPUT
    local rc
    rc=$(last_rc sign-large "$1" "$2")
    if [[ $rc == 124 ]]; then
        check sign-large "$1" "$2" FAIL "timed out after ${TIMEOUT}s"
    elif [[ $rc != 0 ]]; then
        check sign-large "$1" "$2" FAIL "exit status $rc: $(tail -n1 "$LOGS/sign-large.$1.$2.err" | cut -c1-160)"
    elif [[ ! -s $3 ]]; then
        check sign-large "$1" "$2" FAIL "no output"
    elif pdfsig_ok "$3"; then
        check sign-large "$1" "$2" ok "valid in pdfsig"
    else
        check sign-large "$1" "$2" FAIL "pdfsig rejects the output"
    fi
}

bench_large_one() { # M
    local m=$1 item=${1}MB name=big_${1}MB.pdf
    local in=$LARGE/$name out=$LARGE/out signed=$LARGE/signed-$name bytes avail
    avail=$(avail_mb "$WORK")
    if [[ $avail -lt $((m * 3 + 100)) ]]; then
        log "large $item: only $avail MB free in $WORK: skipped"
        check sign-large kyso "$item" FAIL "skipped: $avail MB free"
        return
    fi
    log "large $item: generating (testdata/make_sample_pdf.py --size-mb $m, untimed)"
    "$PY" "$ROOT/testdata/make_sample_pdf.py" "$in" --size-mb "$m" >"$LOGS/make-$item.log" 2>&1 ||
        { cat "$LOGS/make-$item.log" >&2; die "make_sample_pdf.py --size-mb $m failed"; }
    bytes=$(stat -c %s "$in")
    log "  references: sha256sum, openssl dgst -sha256"
    measure refs sha256sum "$item" 1 "$bytes" -- sha256sum "$in"
    measure refs openssl-dgst "$item" 1 "$bytes" -- openssl dgst -sha256 "$in"

    log "  kyso pdf sign"
    measure --fresh "$out/kyso" sign-large kyso "$item" 1 "$bytes" -- \
        "$KYSO" pdf sign "$in" --out "$out/kyso/$name" --key "p12:$P12" --pass "pass:$P12_PASS" --jobs 1 --json
    large_check kyso "$item" "$out/kyso/$name"
    if [[ -s $out/kyso/$name ]]; then mv -- "$out/kyso/$name" "$signed"; fi
    rm -rf -- "$out/kyso"

    log "  podofosign"
    measure --fresh "$out/podofosign" sign-large podofosign "$item" 1 "$bytes" -- \
        podofosign -in "$in" -out "$out/podofosign/$name" -cert "$CERT_PEM" -pkey "$KEY_PEM" \
        -digest sha256 -sigsize 8192 -reason "kyso bench (podofosign)"
    large_check podofosign "$item" "$out/podofosign/$name"
    rm -rf -- "$out/podofosign"

    log "  pdfsig -add-signature"
    measure --fresh "$out/pdfsig" sign-large pdfsig "$item" 1 "$bytes" -- \
        pdfsig -nssdir "sql:$DB" -add-signature -nick "$NICK" -digest SHA256 -reason "kyso bench (pdfsig)" \
        "$in" "$out/pdfsig/$name"
    large_check pdfsig "$item" "$out/pdfsig/$name"
    rm -rf -- "$out/pdfsig"

    if [[ $SIGNPDF == 1 ]]; then
        log "  @signpdf (node)"
        measure --fresh "$out/signpdf" sign-large signpdf "$item" 1 "$bytes" -- \
            node "$HERE/signpdf_batch.mjs" --modules "$PEERS_DIR/signpdf" --p12 "$P12" --pass "$P12_PASS" \
            --out "$out/signpdf" "$in"
        large_check signpdf "$item" "$out/signpdf/$name"
        rm -rf -- "$out/signpdf"
    else
        check sign-large signpdf "$item" FAIL "@signpdf not installed"
    fi

    if [[ -s $signed ]]; then
        local vbytes passed valid
        vbytes=$(stat -c %s "$signed")
        log "  verify kyso's signed file: kyso pdf verify, pdfsig"
        measure verify-large kyso "$item" 1 "$vbytes" -- "$KYSO" pdf verify "$signed" --trust "$ROOT_PEM" --json
        passed=$(json_field "$LOGS/verify-large.kyso.$item.out" total_passed)
        if [[ $passed == 1 && $(last_rc verify-large kyso "$item") == 0 ]]; then
            check verify-large kyso "$item" ok "TOTAL_PASSED"
        else
            check verify-large kyso "$item" FAIL "total_passed=$passed, exit status $(last_rc verify-large kyso "$item")"
        fi
        measure verify-large pdfsig "$item" 1 "$vbytes" -- pdfsig -nssdir "sql:$DB" "$signed"
        valid=$(grep -c 'Signature Validation: Signature is Valid' "$LOGS/verify-large.pdfsig.$item.out" || true)
        if [[ $valid == 1 && $(last_rc verify-large pdfsig "$item") == 0 ]]; then
            check verify-large pdfsig "$item" ok "valid"
        else
            check verify-large pdfsig "$item" FAIL "$(grep -o 'Signature Validation: .*' "$LOGS/verify-large.pdfsig.$item.out" | head -n1), exit status $(last_rc verify-large pdfsig "$item")"
        fi
    else
        check verify-large kyso "$item" FAIL "kyso produced no signed file to verify"
    fi
    rm -f -- "$signed" "$in"
    rm -rf -- "$out"
}

bench_large() {
    local m
    for m in $SIZES; do
        bench_large_one "$m"
    done
}

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
collect_meta() {
    {
        echo -e "date\t$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo -e "command\t$COMMAND_LINE"
        echo -e "small_count\t$SMALL_COUNT"
        echo -e "small_file\t$(basename "$SAMPLE") ($(stat -c %s "$SAMPLE") bytes)"
        echo -e "sizes\t$SIZES"
        echo -e "jobs\t$JOBS"
        echo -e "repeat\t$REPEAT"
        echo -e "timeout\t$TIMEOUT"
        echo -e "work\t$WORK ($(df -P -- "$WORK" | awk 'NR == 2 { print $1 }'))"
        echo -e "nproc\t$(nproc)"
        echo -e "cpu\t$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
        echo -e "mem\t$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
        echo -e "kernel\t$(uname -sr)"
        echo -e "loadavg_start\t$(cut -d' ' -f1-3 /proc/loadavg)"
        echo -e "kyso\t$("$KYSO" version 2>/dev/null | head -n1) ($KYSO, built $(date -u -r "$KYSO" +%Y-%m-%dT%H:%M:%SZ))"
        echo -e "git\t$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?')"
        echo -e "podofosign\tlibpodofo-utils $(dpkg-query -W -f '${Version}' libpodofo-utils 2>/dev/null || echo '?')"
        echo -e "pdfsig\t$(pdfsig -v 2>&1 | head -n1)"
        echo -e "node\t$(node --version)"
        echo -e "signpdf\t@signpdf/signpdf $(node -p 'require(process.argv[1]).version' "$PEERS_DIR/signpdf/node_modules/@signpdf/signpdf/package.json" 2>/dev/null || echo '?'), node-forge $(node -p 'require(process.argv[1]).version' "$PEERS_DIR/signpdf/node_modules/node-forge/package.json" 2>/dev/null || echo '?')"
        echo -e "openssl\t$(openssl version)"
        echo -e "sha256sum\t$(sha256sum --version | head -n1)"
    } >>"$META"
}

report() {
    echo -e "loadavg_end\t$(cut -d' ' -f1-3 /proc/loadavg)" >>"$META"
    mkdir -p -- "$RESULTS"
    RESULT_FILE=$RESULTS/pdf-$(date +%Y%m%d-%H%M).md
    "$PY" "$HERE/report.py" --runs "$RUNS" --checks "$CHECKS" --refs "$REFS" --meta "$META" \
        --jobs "$JOBS" --md "$RESULT_FILE"
    log "results: $RESULT_FILE"
}

main() {
    COMMAND_LINE="bench/pdf/run.sh${*:+ $*}"
    parse_args "$@"
    check_prereqs
    trap cleanup EXIT
    setup_workdir
    make_keys
    make_small_inputs
    collect_meta
    local t0=$SECONDS
    bench_refs
    bench_sign_small
    bench_verify_small
    rm -rf -- "$WORK/small" "$WORK/tampered"
    bench_large
    echo -e "elapsed\t$((SECONDS - t0)) s (measurements, after setup)" >>"$META"
    report
    if awk -F'\t' '$4 == "FAIL" && $2 ~ /^kyso/ { bad = 1 } END { exit !bad }' "$CHECKS"; then
        log "a kyso check FAILED (see above and the table); logs in $LOGS"
        exit 1
    fi
    if grep -q $'\tFAIL\t' "$CHECKS"; then
        KEEP=1
        log "some peer checks failed: recorded as failures in the table; logs in $LOGS"
    fi
}

main "$@"
