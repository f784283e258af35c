#!/usr/bin/env bash
# bench/revocation/run.sh -- how long validating a day of signed claims takes with revocation checks:
# online against a local OCSP responder and CRL server, and offline from a warm cache.
#
#   bench/revocation/run.sh [--count N] [--signers S] [--jobs J] [--repeat R] [--keep]
#
# In a fresh work directory under ${TMPDIR:-/tmp}: an OCSP responder (testdata/ocsp_server.py: real
# `openssl ocsp` per request) and a CRL server (testdata/crl_server.py) on 127.0.0.1, a throwaway CA
# (testdata/revocation_pki.py) whose S signer certificates point at them, N claims envelopes
# (testdata/gen_claims.py) signed round-robin by the S signers. Then the wall time of `kyso xml verify`
# over all N files:
#   baseline  the same envelopes signed by a certificate of the same CA that names no OCSP/CRL
#   online    cold cache: each signer's OCSP response and the CA's CRL fetched from 127.0.0.1
#   warm      online again, the cache filled by the first run
#   offline   --offline with the warm cache, both servers stopped
# Each run's JSON gives the lookups and where their answers came from; hit rate = answers from memory or
# disk / lookups. Every run must report all N signatures TOTAL_PASSED (else the bench fails). With
# --repeat R each row is the fastest of R runs (the online row starts from an empty cache each time).
# Expects the kyso build at ${KYSO_BUILD:-build}.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
BUILD=${KYSO_BUILD:-build}
[[ $BUILD == /* ]] || BUILD=$ROOT/$BUILD
KYSO=$BUILD/cli/kyso
PY=/usr/bin/python3
COUNT=10000 SIGNERS=10 JOBS=$(nproc) REPEAT=1 KEEP=0

log() { printf '%s\n' "$*" >&2; }
die() {
    log "bench/revocation: $*"
    exit 1
}
# shellcheck source=../common.sh
source "$ROOT/bench/common.sh"

while [[ $# -gt 0 ]]; do
    case $1 in
        --count) COUNT=$2; shift 2 ;;
        --signers) SIGNERS=$2; shift 2 ;;
        --jobs) JOBS=$2; shift 2 ;;
        --repeat) REPEAT=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) die "unknown option $1" ;;
    esac
done
[[ -x $KYSO ]] || die "no kyso at $KYSO (build first)"
need openssl "apt-get install openssl"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kyso-bench-rev.XXXXXX")
PIDS=()
stop_servers() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    PIDS=()
}
trap 'stop_servers; cleanup' EXIT

# start SCRIPT NAME ARGS...: runs a test server on an ephemeral 127.0.0.1 port; sets PORT.
start() {
    local script=$1 name=$2
    shift 2
    mkdir -p "$WORK/$name"
    "$PY" "$ROOT/testdata/$script" "$@" --state "$WORK/$name" --port-file "$WORK/$name/port" \
        >/dev/null 2>"$WORK/$name/log" &
    PIDS+=($!)
    local i
    for i in $(seq 100); do
        if [[ -s $WORK/$name/port ]]; then
            PORT=$(cat "$WORK/$name/port")
            return
        fi
        sleep 0.1
    done
    die "$name did not start: $(cat "$WORK/$name/log")"
}

PKI=$WORK/pki
start ocsp_server.py ocsp --pki "$PKI"
OCSP_PORT=$PORT
start crl_server.py crl --dir "$PKI/crl"
CRL_PORT=$PORT
"$PY" "$ROOT/testdata/revocation_pki.py" init "$PKI" --ocsp-url "http://127.0.0.1:$OCSP_PORT/ocsp" \
    --crl-base-url "http://127.0.0.1:$CRL_PORT" >/dev/null
T0=$(date +%s)
for s in $(seq "$SIGNERS"); do
    "$PY" "$ROOT/testdata/revocation_pki.py" issue "$PKI" "doctor$s" --not-before $((T0 - 86400)) \
        --not-after $((T0 + 86400 * 365)) >/dev/null
done
# The baseline signer: the same CA and key type (EC P-256), but no OCSP responder and no CRL named.
"$PY" "$ROOT/testdata/revocation_pki.py" issue "$PKI" plain --not-before $((T0 - 86400)) \
    --not-after $((T0 + 86400 * 365)) --no-ocsp --no-crl >/dev/null
"$PY" "$ROOT/testdata/revocation_pki.py" crl "$PKI" --this-update $((T0 - 60)) --next-update $((T0 + 86400))

log "generating $COUNT envelopes, signing them with $SIGNERS signers..."
"$PY" "$ROOT/testdata/gen_claims.py" --out "$WORK/in" --count "$COUNT" --seed 7 >/dev/null
mapfile -t FILES < <(find "$WORK/in" -name '*.xml' | sort)
for s in $(seq "$SIGNERS"); do mkdir -p "$WORK/split/$s"; done
for i in "${!FILES[@]}"; do
    ln -s "${FILES[$i]}" "$WORK/split/$((i % SIGNERS + 1))/$(basename "${FILES[$i]}")"
done
for s in $(seq "$SIGNERS"); do
    "$KYSO" xml sign "$WORK/split/$s" --out "$WORK/signed/$s" --key "p12:$PKI/doctor$s.p12" \
        --pass pass:kyso-test --jobs "$JOBS" --json >/dev/null
done
"$KYSO" xml sign "$WORK/in" --out "$WORK/plain" --key "p12:$PKI/plain.p12" \
    --pass pass:kyso-test --jobs "$JOBS" --json >/dev/null

TRUST=(--trust "$PKI/root.cert.pem" --untrusted "$PKI/ca.cert.pem")
# run NAME ARGS...: timed verifications (the fastest of REPEAT); prints a row. PREPARE runs before each.
PREPARE=:
run() {
    local name=$1
    shift
    local t1 t2 best="" r
    for r in $(seq "$REPEAT"); do
        $PREPARE
        t1=$(now)
        "$KYSO" xml verify "$@" --jobs "$JOBS" --json >"$WORK/$name.$r.json" || true
        t2=$(now)
        if [[ -z $best ]] || awk -v a="$t2" -v b="$t1" -v c="$best" 'BEGIN { exit !(a - b < c) }'; then
            best=$(awk -v a="$t2" -v b="$t1" 'BEGIN { printf "%.6f", a - b }')
            cp "$WORK/$name.$r.json" "$WORK/$name.json"
        fi
    done
    "$PY" - "$WORK/$name.json" "$name" "$best" "$COUNT" <<'EOF'
import json, sys
path, name, sec, count = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
j = json.load(open(path))
s = j["summary"]
if s["signatures"] != count or s["total_passed"] != count:
    sys.exit(f"{name}: expected {count} TOTAL_PASSED, got {s}")
r = j.get("revocation_lookups", {})
lookups = r.get("lookups", 0)
hits = r.get("memory_hits", 0) + r.get("disk_hits", 0)
rate = f"{100.0 * hits / lookups:.2f}%" if lookups else "-"
print(f"| {name} | {count} | {sec:.2f} | {count / sec:.0f} | {lookups} | {r.get('memory_hits', 0)} | "
      f"{r.get('disk_hits', 0)} | {r.get('fetches', 0)} | {rate} |")
EOF
}

echo "| run | files | seconds | files/s | lookups | memory hits | disk hits | fetches | hit rate |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
run baseline "$WORK/plain" "${TRUST[@]}" --no-cache
PREPARE="rm -rf -- $WORK/cache"
run online "$WORK/signed" "${TRUST[@]}" --cache "$WORK/cache"
PREPARE=:
run warm "$WORK/signed" "${TRUST[@]}" --cache "$WORK/cache"
stop_servers
run offline "$WORK/signed" "${TRUST[@]}" --cache "$WORK/cache" --offline
log "OCSP requests served: $(grep -c 'POST' "$WORK/ocsp/log" || true); CRL requests: $(grep -c 'GET' "$WORK/crl/log" || true)"
echo
echo "machine: $(nproc) cores, best of $REPEAT, load $(cut -d' ' -f1-3 /proc/loadavg); kyso $("$KYSO" version | head -1); jobs $JOBS"
