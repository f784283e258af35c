#!/usr/bin/env bash
# bench/run.sh -- kyso against its peers, in one run, on the same inputs.
#
#   bench/run.sh [--count N] [--large K] [--jobs J] [--repeat R] [--pairs P] [--seed S]
#                [--ceiling-seconds S] [--peers-only] [--keep]
#
# Builds nothing (except `npm ci` in bench/peers/node when node_modules is missing). Expects the kyso
# build at ${KYSO_BUILD:-build} (relative to the repository root): build/cli/kyso and
# build/bench/kyso_p11_sign_rate. With --peers-only the kyso rows are skipped (the p11 ceiling still
# runs when its binary exists), which is how the peer side is tested before kyso exists.
#
# In a fresh work directory under ${TMPDIR:-/tmp}: test PKI (testdata/make-pki.sh), SoftHSM token
# (testdata/make-token.sh), N ~8 KB claims envelopes and K 5-15 MB ones (testdata/gen_claims.py). Then
# wall time of
#   sign:    kyso PKCS#12, kyso SoftHSM (--jobs J); xmlsec1 CLI one process per file (xargs -P J, on
#            templates prepared before the clock starts); python3-xmlsec and xml-crypto, one process each
#   verify:  kyso, xmlsec1 per file (xargs -P J), python3-xmlsec, xml-crypto -- all on the same signed set
#   ceiling: kyso_p11_sign_rate (threads J and 1), openssl speed -elapsed rsa2048 (-multi J); before
#            and after the signing runs, the faster of the two counts (the machine's speed drifts)
#   pairs:   P rounds (default 5) of a ceiling immediately followed by the kyso run it bounds (openssl
#            speed then kyso PKCS#12, kyso_p11_sign_rate then kyso SoftHSM); the median of the
#            per-round ratios is the figure least disturbed by a shared machine's drift
#   large:   kyso vs xmlsec1 vs python3-xmlsec, per file, one file at a time
# Every signer's output is spot-checked with `xmlsec1 --verify`, and every verifier must reject a
# tampered file, so a broken peer cannot look fast. With --repeat R every timing is taken R times and
# the fastest kept (the machine is shared: the load average before and after is in the report).
# Prints a table and writes bench/results/latest.json.
#
# Env: KYSO_BUILD, TMPDIR, XMLSEC_PYTHON (python with xmlsec+lxml, default /usr/bin/python3),
#      PYTHON (any python3 >= 3.9, default python3), SOFTHSM2_MODULE.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
BENCH=$ROOT/bench
PEERS=$BENCH/peers
BUILD=${KYSO_BUILD:-build}
[[ $BUILD == /* ]] || BUILD=$ROOT/$BUILD
KYSO=$BUILD/cli/kyso
P11RATE=$BUILD/bench/kyso_p11_sign_rate
XMLSEC_PY=${XMLSEC_PYTHON:-/usr/bin/python3}
PY=${PYTHON:-python3}
MODULE=${SOFTHSM2_MODULE:-/usr/lib/softhsm/libsofthsm2.so}

COUNT=1000
LARGE=3
JOBS=$(nproc)
SEED=4750
CEIL_SECONDS=5
REPEAT=1
PAIRS=5
PEERS_ONLY=0
KEEP=0
BOM_EVERY=10
SELFCLOSING_EVERY=3
TOKEN=benhvien
OBJECT=hospital-rsa
PIN=123456
P12_PASS=kyso-test

die() { echo "run.sh: $*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit "${1:-0}"
}

parse_args() {
    while [[ $# -gt 0 ]]; do
        case $1 in
            --count) COUNT=$2; shift 2 ;;
            --large) LARGE=$2; shift 2 ;;
            --jobs) JOBS=$2; shift 2 ;;
            --seed) SEED=$2; shift 2 ;;
            --ceiling-seconds) CEIL_SECONDS=$2; shift 2 ;;
            --repeat) REPEAT=$2; shift 2 ;;
            --pairs) PAIRS=$2; shift 2 ;;
            --peers-only) PEERS_ONLY=1; shift ;;
            --keep) KEEP=1; shift ;;
            -h|--help) usage 0 ;;
            *) echo "run.sh: unknown argument: $1" >&2; usage 4 ;;
        esac
    done
    [[ $COUNT =~ ^[1-9][0-9]*$ ]] || die "--count must be a positive integer"
    [[ $LARGE =~ ^[0-9]+$ ]] || die "--large must be an integer >= 0"
    [[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"
    [[ $REPEAT =~ ^[1-9][0-9]*$ ]] || die "--repeat must be a positive integer"
    [[ $PAIRS =~ ^[0-9]+$ ]] || die "--pairs must be an integer >= 0"
}

# ---------------------------------------------------------------------------------------------
# Preconditions
# ---------------------------------------------------------------------------------------------

check_prereqs() {
    need xmlsec1 "apt-get install xmlsec1"
    need openssl "apt-get install openssl"
    need node "apt-get install nodejs"
    need npm "apt-get install npm"
    need softhsm2-util "apt-get install softhsm2"
    need pkcs11-tool "apt-get install opensc"
    need xargs "findutils"
    [[ -x /usr/bin/time ]] || die "missing /usr/bin/time (apt-get install time)"
    [[ -r $MODULE ]] || die "missing SoftHSM module $MODULE"
    "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null \
        || die "$PY is not python >= 3.9 (set PYTHON)"
    "$XMLSEC_PY" -c 'import xmlsec, lxml' 2>/dev/null \
        || die "$XMLSEC_PY cannot import xmlsec and lxml (apt-get install python3-xmlsec python3-lxml, or set XMLSEC_PYTHON)"
    if [[ $PEERS_ONLY == 0 ]]; then
        [[ -x $KYSO ]] || die "kyso binary not found: $KYSO (build kyso first, set KYSO_BUILD, or use --peers-only)"
        [[ -x $P11RATE ]] || die "p11 ceiling binary not found: $P11RATE (configure with -DKYSO_BUILD_BENCH=ON, or use --peers-only)"
    fi
}

ensure_node_modules() {
    [[ -d $PEERS/node/node_modules/xml-crypto ]] && return
    log "installing xml-crypto into bench/peers/node (npm ci)"
    (cd "$PEERS/node" && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }) >&2
}

# ---------------------------------------------------------------------------------------------
# Work directory, PKI, token, inputs
# ---------------------------------------------------------------------------------------------
setup_workdir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/kyso-bench.XXXXXX")
    LOGS=$WORK/logs
    PKI=$WORK/pki
    IN=$WORK/in
    OUT=$WORK/out
    mkdir -p "$LOGS" "$OUT"
    RUNS=$WORK/runs.tsv      # section tool item procs files bytes seconds rc rss_kb
    CHECKS=$WORK/checks.tsv  # section tool what status note
    CEILINGS=$WORK/ceilings.tsv  # name value unit note
    PAIRS_TSV=$WORK/pairs.tsv    # kind round ceiling files seconds rc
    META=$WORK/meta.tsv      # key value
    : >"$RUNS"; : >"$CHECKS"; : >"$CEILINGS"; : >"$PAIRS_TSV"; : >"$META"
    log "work directory: $WORK"
}


make_keys() {
    log "test PKI and SoftHSM token"
    "$ROOT/testdata/make-pki.sh" "$PKI" >"$LOGS/make-pki.log" 2>&1 || { cat "$LOGS/make-pki.log" >&2; die "make-pki.sh failed"; }
    "$ROOT/testdata/make-token.sh" "$PKI" "$WORK/token" >"$LOGS/make-token.log" 2>&1 || { cat "$LOGS/make-token.log" >&2; die "make-token.sh failed"; }
    # shellcheck disable=SC1091
    source "$WORK/token/env.sh"
    KEY_PEM=$PKI/$OBJECT.key.pem
    CERT_PEM=$PKI/$OBJECT.cert.pem
    ROOT_PEM=$PKI/root.cert.pem
    CA_PEM=$PKI/ca.cert.pem
}

make_inputs() {
    log "generating $COUNT claims (~8 KB) and $LARGE large (5-15 MB) envelopes"
    "$PY" "$ROOT/testdata/gen_claims.py" --out "$IN" --count "$COUNT" --seed "$SEED" \
        --bom-every "$BOM_EVERY" --selfclosing-every "$SELFCLOSING_EVERY"
    IN_BYTES=$(du -sb "$IN" | cut -f1)
    LARGE_IN=$WORK/large/in
    local k name
    if [[ $LARGE -gt 0 ]]; then
        "$PY" "$ROOT/testdata/gen_claims.py" --out "$WORK/large/gen" --count 0 --large "$LARGE" --seed "$SEED"
        # One directory per file, so every tool gets the same directory-in/directory-out call.
        for ((k = 1; k <= LARGE; k++)); do
            name=$(printf 'large_%02d.xml' "$k")
            mkdir -p "$LARGE_IN/$k"
            mv "$WORK/large/gen/$name" "$LARGE_IN/$k/$name"
        done
        rmdir "$WORK/large/gen"
    fi
    log "preparing xmlsec1 templates (not timed)"
    "$PY" "$PEERS/make_templates.py" "$IN" "$WORK/tpl"
    for ((k = 1; k <= LARGE; k++)); do
        "$PY" "$PEERS/make_templates.py" "$LARGE_IN/$k" "$WORK/large/tpl/$k"
    done
}

# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------

# measure [--rss] [--fresh DIR] SECTION TOOL ITEM PROCS FILES BYTES -- CMD...
# Runs CMD (a command, or with no --rss a function of this script) $REPEAT times with stdout and stderr
# in $LOGS, and records each run's wall time and exit status in $RUNS (the report keeps the fastest).
# --fresh DIR: set DIR aside (common.sh) before every run (a signer's output directory: kyso skips
# existing outputs).
# --rss: CMD is one external program; also record its peak RSS (GNU time).
# Never fails: the status is data, checked afterwards.
measure() {
    local rss=0 fresh="" r t0 t1 rc peak
    while [[ $1 == --* ]]; do
        case $1 in
            --rss) rss=1; shift ;;
            --fresh) fresh=$2; shift 2 ;;
        esac
    done
    local base=$LOGS/$1.$2.$3
    for ((r = 1; r <= REPEAT; r++)); do
        [[ -n $fresh ]] && set_aside "$fresh"
        rc=0 peak=""
        t0=$(now)
        if [[ $rss == 1 ]]; then
            /usr/bin/time -f '%M' -o "$base.rss" "${@:8}" >"$base.out" 2>"$base.err" || rc=$?
            peak=$(tail -n1 "$base.rss")
        else
            "${@:8}" >"$base.out" 2>"$base.err" || rc=$?
        fi
        t1=$(now)
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" \
            "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "$rc" "$peak" >>"$RUNS"
        [[ $rc == 0 ]] || log "  $2 ($1 $3) exited $rc, see $base.err"
    done
}

check() { # check SECTION TOOL WHAT ok|FAIL NOTE
    printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$CHECKS"
    [[ $4 == ok ]] || log "  CHECK FAILED: $2 ($1): $3: $5"
}

# xml_files DIR: the *.xml files under DIR (recursively: kyso keeps the input layout), sorted.
xml_files() { find "$1" -type f -name '*.xml' 2>/dev/null | LC_ALL=C sort; }

run_status() { # run_status SECTION TOOL ITEM -> the recorded exit status
    awk -F'\t' -v s="$1" -v t="$2" -v i="$3" '$1 == s && $2 == t && $3 == i { rc = $8 } END { print rc }' "$RUNS"
}

# The per-file peers: one xmlsec1 process per file, J at a time.
xmlsec1_sign_dir() { # TEMPLATE_DIR OUT_DIR
    mkdir -p "$2"
    (cd "$1" && printf '%s\n' *.xml | xargs -P "$JOBS" -I{} \
        xmlsec1 --sign --privkey-pem "$KEY_PEM,$CERT_PEM" --output "$2/{}" "{}")
}

xmlsec1_verify_dir() { # DIR
    (cd "$1" && printf '%s\n' *.xml | xargs -P "$JOBS" -I{} \
        xmlsec1 --verify --trusted-pem "$ROOT_PEM" --untrusted-pem "$CA_PEM" "{}")
}

kyso_sign_p12() { # IN OUT JOBS
    "$KYSO" xml sign "$1" --out "$2" --key "p12:$PKI/$OBJECT.p12" --pass "pass:$P12_PASS" --jobs "$3" --json
}

kyso_sign_p11() { # IN OUT JOBS
    "$KYSO" xml sign "$1" --out "$2" \
        --key "pkcs11:token=$TOKEN;object=$OBJECT?module-path=$MODULE&pin-value=$PIN" --jobs "$3" --json
}

kyso_verify() { # DIR
    "$KYSO" xml verify "$1" --trust "$ROOT_PEM" --untrusted "$CA_PEM" --json
}

py_sign() { "$XMLSEC_PY" "$PEERS/xmlsec_py_sign.py" --key "$KEY_PEM" --cert "$CERT_PEM" "$1" "$2"; }
py_verify() { "$XMLSEC_PY" "$PEERS/xmlsec_py_verify.py" --trusted "$ROOT_PEM" --untrusted "$CA_PEM" "$1"; }
node_sign() { node "$PEERS/node/sign.js" --key "$KEY_PEM" --cert "$CERT_PEM" "$1" "$2"; }
node_verify() { node "$PEERS/node/verify.js" --trusted "$ROOT_PEM" --untrusted "$CA_PEM" "$1"; }

# ---------------------------------------------------------------------------------------------
# Validity checks
# ---------------------------------------------------------------------------------------------
xmlsec1_ok() { xmlsec1 --verify --trusted-pem "$ROOT_PEM" --untrusted-pem "$CA_PEM" "$1" >/dev/null 2>&1; }

# spot_check TOOL DIR EXPECTED_COUNT: all outputs present; first, last and a BOM file verify with xmlsec1.
spot_check() {
    local tool=$1 dir=$2 expected=$3 f bad=()
    local -a files samples
    mapfile -t files < <(xml_files "$dir")
    if [[ ${#files[@]} != "$expected" ]]; then
        check sign "$tool" "outputs" FAIL "${#files[@]} of $expected files"
        return
    fi
    check sign "$tool" "outputs" ok "${#files[@]} files"
    samples=("${files[0]}" "${files[-1]}")
    for f in "${files[@]}"; do
        if [[ $(basename "$f") == "claim_$(printf '%06d' "$BOM_EVERY").xml" ]]; then
            samples+=("$f")
            break
        fi
    done
    for f in "${samples[@]}"; do
        xmlsec1_ok "$f" || bad+=("$(basename "$f")")
    done
    if [[ ${#bad[@]} -eq 0 ]]; then
        check sign "$tool" "xmlsec1 --verify spot check" ok "${#samples[@]} files"
    else
        check sign "$tool" "xmlsec1 --verify spot check" FAIL "rejected: ${bad[*]}"
    fi
}

# kyso_sign_summary TOOL: the --json report of the signing run says every input was signed.
kyso_sign_summary() {
    local signed
    signed=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["signed"])' \
        "$LOGS/sign.$1.batch.out" 2>/dev/null || echo "?")
    if [[ $signed == "$COUNT" ]]; then check sign "$1" "--json summary.signed" ok "$signed"
    else check sign "$1" "--json summary.signed" FAIL "signed=$signed of $COUNT"; fi
}

# A signed copy of one file with MACSKCB changed: every verifier must say no.
make_tampered() { # SIGNED_DIR
    TAMPERED=$WORK/tampered
    mkdir -p "$TAMPERED"
    local f
    f=$(xml_files "$1" | sed -n 1p)
    sed '0,/<MACSKCB>[^<]*</s//<MACSKCB>00000</' "$f" >"$TAMPERED/$(basename "$f")"
    cmp -s "$f" "$TAMPERED/$(basename "$f")" && die "could not tamper with $f"
    return 0
}

expect_rejects() { # TOOL CMD... (on the tampered directory)
    local tool=$1
    shift
    if "$@" >"$LOGS/tampered.$tool.out" 2>&1; then
        check verify "$tool" "rejects a tampered file" FAIL "accepted it"
    else
        check verify "$tool" "rejects a tampered file" ok ""
    fi
}

# ---------------------------------------------------------------------------------------------
# The benchmark sections
# ---------------------------------------------------------------------------------------------
bench_sign() {
    log "sign: $COUNT files, jobs $JOBS"
    if [[ $PEERS_ONLY == 0 ]]; then
        log "  kyso PKCS#12"
        measure --fresh "$OUT/kyso-p12" sign kyso-p12 batch "$JOBS" "$COUNT" "$IN_BYTES" -- kyso_sign_p12 "$IN" "$OUT/kyso-p12" "$JOBS"
        kyso_sign_summary kyso-p12
        spot_check kyso-p12 "$OUT/kyso-p12" "$COUNT"
        log "  kyso SoftHSM"
        measure --fresh "$OUT/kyso-p11" sign kyso-p11 batch "$JOBS" "$COUNT" "$IN_BYTES" -- kyso_sign_p11 "$IN" "$OUT/kyso-p11" "$JOBS"
        kyso_sign_summary kyso-p11
        spot_check kyso-p11 "$OUT/kyso-p11" "$COUNT"
    fi
    log "  xmlsec1 CLI, one process per file"
    measure --fresh "$OUT/xmlsec1" sign xmlsec1 batch "$JOBS" "$COUNT" "$IN_BYTES" -- xmlsec1_sign_dir "$WORK/tpl" "$OUT/xmlsec1"
    spot_check xmlsec1 "$OUT/xmlsec1" "$COUNT"
    log "  python3-xmlsec, one process"
    measure --fresh "$OUT/xmlsec-py" sign xmlsec-py batch 1 "$COUNT" "$IN_BYTES" -- py_sign "$IN" "$OUT/xmlsec-py"
    spot_check xmlsec-py "$OUT/xmlsec-py" "$COUNT"
    log "  xml-crypto, one process"
    measure --fresh "$OUT/xml-crypto" sign xml-crypto batch 1 "$COUNT" "$IN_BYTES" -- node_sign "$IN" "$OUT/xml-crypto"
    spot_check xml-crypto "$OUT/xml-crypto" "$COUNT"
}

bench_verify() {
    # Everyone verifies the same signed set: kyso's when there is one, else python3-xmlsec's.
    local set=xmlsec-py first
    [[ $PEERS_ONLY == 0 ]] && set=kyso-p12
    first=$(xml_files "$OUT/$set" | sed -n 1p)
    [[ -n $first ]] || die "no signed files in $OUT/$set to verify"
    VERIFY_SET=$(dirname "$first")
    echo -e "verify_set\t$set" >>"$META"
    make_tampered "$VERIFY_SET"
    local bytes
    bytes=$(du -sb "$VERIFY_SET" | cut -f1)
    log "verify: $COUNT files signed by $set"
    if [[ $PEERS_ONLY == 0 ]]; then
        log "  kyso"
        measure verify kyso batch "$JOBS" "$COUNT" "$bytes" -- kyso_verify "$VERIFY_SET"
        local passed
        passed=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["total_passed"])' \
            "$LOGS/verify.kyso.batch.out" 2>/dev/null || echo "?")
        if [[ $passed == "$COUNT" ]]; then check verify kyso "all TOTAL_PASSED" ok "$passed"
        else check verify kyso "all TOTAL_PASSED" FAIL "total_passed=$passed of $COUNT"; fi
        expect_rejects kyso kyso_verify "$TAMPERED"
    fi
    log "  xmlsec1 CLI, one process per file"
    measure verify xmlsec1 batch "$JOBS" "$COUNT" "$bytes" -- xmlsec1_verify_dir "$VERIFY_SET"
    verifier_status xmlsec1
    expect_rejects xmlsec1 xmlsec1_verify_dir "$TAMPERED"
    log "  python3-xmlsec, one process"
    measure verify xmlsec-py batch 1 "$COUNT" "$bytes" -- py_verify "$VERIFY_SET"
    verifier_status xmlsec-py
    expect_rejects xmlsec-py py_verify "$TAMPERED"
    log "  xml-crypto, one process"
    measure verify xml-crypto batch 1 "$COUNT" "$bytes" -- node_verify "$VERIFY_SET"
    verifier_status xml-crypto
    expect_rejects xml-crypto node_verify "$TAMPERED"
}

verifier_status() { # TOOL: the verifier accepted every file (exit status 0)
    local rc
    rc=$(run_status verify "$1" batch)
    if [[ $rc == 0 ]]; then check verify "$1" "all valid" ok ""
    else check verify "$1" "all valid" FAIL "exit status $rc"; fi
}

# p11_rate THREADS: kyso_p11_sign_rate's signatures per second, or nothing. With CKM_RSA_PKCS over a
# DigestInfo, the mechanism kyso uses (CKM_SHA256_RSA_PKCS, hashing in the token, is a little slower).
p11_rate() {
    local line
    line=$("$P11RATE" --module "$MODULE" --token "$TOKEN" --object "$OBJECT" --pin "$PIN" --mechanism rsa-pkcs \
        --threads "$1" --seconds "$CEIL_SECONDS" 2>>"$LOGS/p11_sign_rate.err") || line=""
    echo "$line" >>"$LOGS/p11_sign_rate.out"
    [[ $line =~ sigs_per_s=([0-9.]+) ]] && echo "${BASH_REMATCH[1]}"
    return 0
}

# openssl_rate: `openssl speed` RSA-2048 signatures per second over JOBS processes, or nothing.
# -elapsed: wall time, as kyso's files/s are; without it openssl speed divides by its CPU time, which on
# a shared machine overstates the rate.
openssl_rate() {
    openssl speed -elapsed -seconds "$CEIL_SECONDS" -multi "$JOBS" rsa2048 2>/dev/null \
        | tee -a "$LOGS/openssl-speed.out" | awk '/^rsa 2048 bits/ { print $6 }'
}

bench_ceilings() {
    if [[ -x $P11RATE ]]; then
        local t rate
        for t in "$JOBS" 1; do
            log "ceiling: kyso_p11_sign_rate threads=$t, ${CEIL_SECONDS}s"
            rate=$(p11_rate "$t")
            if [[ -n $rate ]]; then
                printf 'p11_threads_%s\t%s\tsig/s\tSoftHSM %s %s, CKM_RSA_PKCS + DigestInfo\n' \
                    "$t" "$rate" "$TOKEN" "$OBJECT" >>"$CEILINGS"
            else
                check ceiling p11_sign_rate "threads=$t" FAIL "no result, see $LOGS/p11_sign_rate.err"
            fi
        done
    else
        log "ceiling: $P11RATE not built; skipped"
        echo -e "p11_sign_rate\tnot built" >>"$META"
    fi
    log "ceiling: openssl speed -elapsed -multi $JOBS rsa2048, ${CEIL_SECONDS}s"
    local sps
    sps=$(openssl_rate)
    if [[ -n $sps ]]; then
        printf 'openssl_rsa2048\t%s\tsign/s\topenssl speed -elapsed -multi %s rsa2048\n' "$sps" "$JOBS" >>"$CEILINGS"
    else
        check ceiling openssl-speed "rsa2048" FAIL "could not parse $LOGS/openssl-speed.out"
    fi
}

# Paired rounds: each kyso signing run right after its own ceiling, so that both see the machine in the
# same state; the ratio of every pair is kept and the report gives their median. On a shared machine
# whose speed drifts by more than the gap being measured, this is the figure to compare with a target.
bench_pairs() {
    [[ $PEERS_ONLY == 0 && $PAIRS -gt 0 ]] || return 0
    log "paired rounds: $PAIRS x (ceiling, then kyso)"
    local r kind ceiling t0 t1 rc signed
    for ((r = 1; r <= PAIRS; r++)); do
        for kind in p12 p11; do
            if [[ $kind == p12 ]]; then ceiling=$(openssl_rate); else ceiling=$(p11_rate "$JOBS"); fi
            set_aside "$OUT/pair-$kind"
            rc=0
            t0=$(now)
            "kyso_sign_$kind" "$IN" "$OUT/pair-$kind" "$JOBS" >"$LOGS/pair.$kind.out" 2>"$LOGS/pair.$kind.err" || rc=$?
            t1=$(now)
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$r" "${ceiling:-}" "$COUNT" \
                "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "$rc" >>"$PAIRS_TSV"
            signed=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["signed"])' \
                "$LOGS/pair.$kind.out" 2>/dev/null || echo "?")
            if [[ $rc == 0 && -n $ceiling && $signed == "$COUNT" ]]; then
                check pairs "kyso-$kind" "round $r" ok "signed $signed"
            else
                check pairs "kyso-$kind" "round $r" FAIL "exit $rc, signed $signed of $COUNT, ceiling '${ceiling:-}'"
            fi
        done
    done
}

bench_large() {
    [[ $LARGE -gt 0 ]] || return 0
    log "large files: $LARGE, one at a time"
    local k name bytes out
    for ((k = 1; k <= LARGE; k++)); do
        name=$(printf 'large_%02d.xml' "$k")
        bytes=$(stat -c %s "$LARGE_IN/$k/$name")
        log "  $name ($((bytes / 1024 / 1024)) MB)"
        out=$WORK/large/out
        if [[ $PEERS_ONLY == 0 ]]; then
            measure --rss --fresh "$out/kyso-p12/$k" large-sign kyso-p12 "$name" 1 1 "$bytes" -- \
                "$KYSO" xml sign "$LARGE_IN/$k" --out "$out/kyso-p12/$k" --key "p12:$PKI/$OBJECT.p12" \
                --pass "pass:$P12_PASS" --jobs 1 --json
            large_check kyso-p12 "$out/kyso-p12/$k" "$name"
            measure --rss large-verify kyso "$name" 1 1 "$bytes" -- \
                "$KYSO" xml verify "$out/kyso-p12/$k" --trust "$ROOT_PEM" --untrusted "$CA_PEM" --json
        fi
        mkdir -p "$out/xmlsec1/$k"
        measure --rss large-sign xmlsec1 "$name" 1 1 "$bytes" -- \
            xmlsec1 --sign --privkey-pem "$KEY_PEM,$CERT_PEM" --output "$out/xmlsec1/$k/$name" \
            "$WORK/large/tpl/$k/$name"
        large_check xmlsec1 "$out/xmlsec1/$k" "$name"
        measure --rss large-verify xmlsec1 "$name" 1 1 "$bytes" -- \
            xmlsec1 --verify --trusted-pem "$ROOT_PEM" --untrusted-pem "$CA_PEM" "$out/xmlsec1/$k/$name"
        measure --rss --fresh "$out/xmlsec-py/$k" large-sign xmlsec-py "$name" 1 1 "$bytes" -- \
            "$XMLSEC_PY" "$PEERS/xmlsec_py_sign.py" --key "$KEY_PEM" --cert "$CERT_PEM" \
            "$LARGE_IN/$k" "$out/xmlsec-py/$k"
        large_check xmlsec-py "$out/xmlsec-py/$k" "$name"
        measure --rss large-verify xmlsec-py "$name" 1 1 "$bytes" -- \
            "$XMLSEC_PY" "$PEERS/xmlsec_py_verify.py" --trusted "$ROOT_PEM" --untrusted "$CA_PEM" \
            "$out/xmlsec-py/$k"
    done
}

large_check() { # TOOL OUT_DIR NAME: the signed large file exists and xmlsec1 accepts it
    local f
    f=$(find "$2" -type f -name "$3" 2>/dev/null | sed -n 1p)
    if [[ -n $f ]] && xmlsec1_ok "$f"; then check large-sign "$1" "$3 verifies" ok ""
    else check large-sign "$1" "$3 verifies" FAIL "missing or rejected by xmlsec1"; fi
}

collect_meta() {
    {
        echo -e "count\t$COUNT"
        echo -e "large\t$LARGE"
        echo -e "jobs\t$JOBS"
        echo -e "seed\t$SEED"
        echo -e "peers_only\t$PEERS_ONLY"
        echo -e "input_bytes\t$IN_BYTES"
        echo -e "nproc\t$(nproc)"
        echo -e "cpu\t$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
        echo -e "kernel\t$(uname -sr)"
        echo -e "date\t$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo -e "repeat\t$REPEAT"
        echo -e "loadavg_start\t$(cut -d' ' -f1-3 /proc/loadavg)"
        echo -e "xmlsec1\t$(xmlsec1 --version | head -n1)"
        echo -e "openssl\t$(openssl version)"
        echo -e "python_xmlsec\t$("$XMLSEC_PY" -c 'import xmlsec, lxml.etree as e; print("python-xmlsec", xmlsec.__version__, "lxml", e.__version__)')"
        echo -e "node\t$(node --version)"
        echo -e "xml_crypto\t$(node -p 'require(process.argv[1]).version' "$PEERS/node/node_modules/xml-crypto/package.json")"
        if [[ $PEERS_ONLY == 0 ]]; then
            echo -e "kyso\t$("$KYSO" version 2>/dev/null | head -n1)"
        fi
    } >>"$META"
}

report() {
    echo -e "loadavg_end\t$(cut -d' ' -f1-3 /proc/loadavg)" >>"$META"
    mkdir -p "$BENCH/results"
    "$PY" "$PEERS/report.py" --runs "$RUNS" --checks "$CHECKS" --ceilings "$CEILINGS" --meta "$META" \
        --pairs "$PAIRS_TSV" --json "$BENCH/results/latest.json"
    log "results: $BENCH/results/latest.json"
}

main() {
    parse_args "$@"
    check_prereqs
    ensure_node_modules
    trap cleanup EXIT
    setup_workdir
    make_keys
    make_inputs
    collect_meta
    bench_ceilings
    bench_sign
    bench_verify
    bench_ceilings
    bench_pairs
    bench_large
    report
    if grep -q $'\tFAIL\t' "$CHECKS"; then
        log "some checks FAILED (see above); the figures of those tools are not comparable"
        exit 1
    fi
}

main "$@"
