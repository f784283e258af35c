#!/usr/bin/env bash
# run_verify_archive_py.sh KYSO_CLI SOURCE_DIR PKI_DIR LIBKYSO PYTHON3 -- runs samples/verify_archive.py as an
# auditor would: a batch made by the CLI against a real RFC 3161 TSA on 127.0.0.1 (testdata/tsa_server.py),
# appended into an archive with the PKCS#12 test key, one record exported. The archive (with the auditor's
# checkpoint), the batch and the package verify (exit 0); untrusted they are indeterminate (2); one changed
# byte fails (1), naming the file; a path that is no archive is 4.
set -euo pipefail
cli=$1 src=$2 pki=$3 lib=$4 python=$5
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-sample-archive-XXXXXX")
tsa_pid=
cleanup() {
  if [[ -n $tsa_pid ]]; then kill "$tsa_pid" 2>/dev/null || true; wait "$tsa_pid" 2>/dev/null || true; fi
  rm -rf -- "$work"
}
trap cleanup EXIT
bash "$src/testdata/make-pki.sh" "$pki" >/dev/null
export KYSO_LIBRARY=$lib PYTHONPATH=$src/bindings/python PYTHONDONTWRITEBYTECODE=1

# The TSA: fails the test (never skips) when it does not listen within 10 s.
"$python" "$src/testdata/tsa_server.py" --pki "$pki" --port-file "$work/tsa.port" --port 0 2>"$work/tsa.log" &
tsa_pid=$!
for _ in $(seq 500); do [[ -s $work/tsa.port ]] && break; sleep 0.02; done
[[ -s $work/tsa.port ]] || { cat "$work/tsa.log" >&2; echo "the TSA did not start" >&2; exit 1; }
tsa="http://127.0.0.1:$(cat "$work/tsa.port")/"

key=(--key "p12:$pki/hospital-rsa.p12" --pass pass:kyso-test)
mkdir "$work/in"
"$cli" xml sign "$src/testdata/samples/claims-4750-sample.xml" --out "$work/in/claim_001.xml" "${key[@]}" >/dev/null
printf 'hồ sơ bệnh án\n' >"$work/in/note_001.txt"
"$cli" archive create "$work/in" --out "$work/batch" --tsa "$tsa" --json >"$work/batch.json"
record=$("$python" -c 'import json, sys
records = json.load(open(sys.argv[1]))["records"]
print(next(r["record_id"] for r in records if r["files"][0]["name"] == "claim_001.xml"))' "$work/batch.json")
cp -a "$work/batch" "$work/batch-copy"
"$cli" archive append "$work/archive" "$work/batch-copy" --origin bv-sample "${key[@]}" >/dev/null
cp "$work/archive/log/checkpoint" "$work/auditor.checkpoint"
"$cli" archive export "$work/batch" "$record" --out "$work/package" >/dev/null

sample() {  # sample EXPECTED_EXIT ARGS...: runs the sample, shows its output, checks its exit code
  local expected=$1 rc=0
  shift
  "$python" "$src/samples/verify_archive.py" "$@" >"$work/out.txt" 2>&1 || rc=$?
  cat "$work/out.txt"
  if [[ $rc -ne $expected ]]; then echo "exit $rc, expected $expected: $*" >&2; exit 1; fi
}
trust=(--trust "$pki/root.cert.pem" --untrusted "$pki/ca.cert.pem" --offline)

sample 0 "$work/archive" "${trust[@]}" --checkpoint "$work/auditor.checkpoint"
grep -q "existed unaltered at" "$work/out.txt"
grep -q "continued by the log" "$work/out.txt"
grep -q "record $record: OK, 1 file(s), signatures: TOTAL_PASSED" "$work/out.txt"
sample 0 "$work/batch" "${trust[@]}"
grep -q "verdict: OK" "$work/out.txt"
sample 0 "$work/package" "${trust[@]}"
grep -q "record $record: OK" "$work/out.txt"
sample 2 "$work/package" --offline

printf 'x' >>"$work/package/claim_001.xml"
sample 1 "$work/package" "${trust[@]}"
grep -q "claim_001.xml: CHANGED" "$work/out.txt"
printf 'x' >>"$(ls -d "$work"/archive/batches/*/data/records/*/note_001.txt)"
sample 1 "$work/archive" "${trust[@]}" --checkpoint "$work/auditor.checkpoint"
grep -q "note_001.txt: CHANGED" "$work/out.txt"
sample 4 "$work/in" "${trust[@]}"
echo "sample ok"
