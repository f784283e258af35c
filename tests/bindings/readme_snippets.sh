#!/usr/bin/env bash
# readme_snippets.sh SOURCE_DIR PKI_DIR PYTHON3 MCS MONO DOTNET_DIR LIBKYSO -- runs the Python and C# snippets
# of the README ("Use it from your language") as they are written there, against a private SoftHSM token:
# each must sign claims.xml and record.pdf and exit 0 with the signature TOTAL_PASSED. The Python archive
# snippet verifies an archive made through the binding against the test TSA (testdata/tsa_server.py).
set -euo pipefail
src=$1 pki=$2 python=$3 mcs=$4 mono=$5 dotnet=$6 lib=$7
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-readme-XXXXXX")
tsa_pid=
cleanup() {
  if [[ -n $tsa_pid ]]; then kill "$tsa_pid" 2>/dev/null || true; wait "$tsa_pid" 2>/dev/null || true; fi
  rm -rf -- "$work"
}
trap cleanup EXIT
bash "$src/testdata/make-pki.sh" "$pki" >/dev/null
bash "$src/testdata/make-token.sh" "$pki" "$work/t" >/dev/null
export SOFTHSM2_CONF=$work/t/softhsm2.conf KYSO_PIN=123456

# The first ```LANG block after the heading "### HEADING".
snippet() {
  "$python" - "$src/README.md" "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("\n### " + sys.argv[2] + "\n", 1)[1]
print(re.search(r"^```" + sys.argv[3] + r"\n(.*?)^```$", section, re.S | re.M).group(1), end="")
PY
}

for lang in python csharp; do
  mkdir "$work/$lang"
  cp "$src/testdata/samples/claims-4750-sample.xml" "$work/$lang/claims.xml"
  cp "$src/testdata/samples/record-sample.pdf" "$work/$lang/record.pdf"
  cp "$pki/root.cert.pem" "$work/$lang/root-ca.pem"
  cp "$pki/ca.cert.pem" "$work/$lang/issuing-ca.pem"
done

snippet Python python >"$work/python/sign.py"
(cd "$work/python" && KYSO_LIBRARY=$lib PYTHONPATH=$src/bindings/python "$python" sign.py)
grep -q "report" "$work/python/sign.py"
[[ -s $work/python/claims.signed.xml && -s $work/python/record.signed.pdf && -s $work/python/report.html ]]

# The archive snippet: one batch (a signed claims file) sealed by the test TSA on 127.0.0.1 and appended
# into an archive with the PKCS#12 test key, the auditor's checkpoint kept; then one changed byte.
"$python" "$src/testdata/tsa_server.py" --pki "$pki" --port-file "$work/tsa.port" --port 0 2>"$work/tsa.log" &
tsa_pid=$!
for _ in $(seq 500); do [[ -s $work/tsa.port ]] && break; sleep 0.02; done
[[ -s $work/tsa.port ]] || { cat "$work/tsa.log" >&2; echo "the TSA did not start" >&2; exit 1; }
mkdir -p "$work/archive-py/in"
cp "$pki/root.cert.pem" "$work/archive-py/root-ca.pem"
cp "$pki/ca.cert.pem" "$work/archive-py/issuing-ca.pem"
cp "$work/python/claims.signed.xml" "$work/archive-py/in/"
(cd "$work/archive-py" && KYSO_LIBRARY=$lib PYTHONPATH=$src/bindings/python "$python" - \
  "http://127.0.0.1:$(cat "$work/tsa.port")/" "p12:$pki/hospital-rsa.p12" <<'PY'
import shutil, sys
import kyso
kyso.create_batch(["in"], "batch", sys.argv[1])
with kyso.Signer.open(sys.argv[2], "pass:kyso-test") as key:
    kyso.append_batches(key, "archive", ["batch"], origin="readme")
shutil.copy("archive/log/checkpoint", "auditor.checkpoint")
PY
)
snippet "Python: verifying an archive" python >"$work/archive-py/verify.py"
(cd "$work/archive-py" && KYSO_LIBRARY=$lib PYTHONPATH=$src/bindings/python "$python" verify.py | tee out.txt)
grep -q "existed unaltered at" "$work/archive-py/out.txt"
printf 'x' >>"$(ls -d "$work"/archive-py/archive/batches/*/data/records/*/claims.signed.xml)"
set +e
(cd "$work/archive-py" && KYSO_LIBRARY=$lib PYTHONPATH=$src/bindings/python "$python" verify.py | tee out.txt)
rc=$?  # pipefail: the snippet's exit status
set -e
[[ $rc -eq 1 ]] && grep -q "claims.signed.xml: CHANGED" "$work/archive-py/out.txt"

snippet "C# (.NET)" csharp >"$work/csharp/Program.cs"
cp "$dotnet/Kyso.dll" "$dotnet/Kyso.dll.config" "$work/csharp/"
(cd "$work/csharp" && "$mcs" -nologo -warnaserror -r:Kyso.dll Program.cs &&
  LD_LIBRARY_PATH=$(dirname "$lib") "$mono" Program.exe | tee out.txt)
grep -q "TotalPassed" "$work/csharp/out.txt"
[[ -s $work/csharp/claims.signed.xml && -s $work/csharp/record.signed.pdf ]]

# A wrong PIN takes the snippets' pin_incorrect branch (exit 2), so the success above was no accident.
set +e
(cd "$work/python" && KYSO_PIN=000000 KYSO_LIBRARY=$lib PYTHONPATH=$src/bindings/python "$python" sign.py) 2>"$work/py.err"
rc_py=$?
(cd "$work/csharp" && KYSO_PIN=000000 LD_LIBRARY_PATH=$(dirname "$lib") "$mono" Program.exe) 2>"$work/cs.err"
rc_cs=$?
set -e
cat "$work/py.err" "$work/cs.err"
[[ $rc_py -ne 0 && $rc_cs -eq 2 ]] && grep -q "wrong PIN" "$work/py.err" && grep -q "wrong PIN" "$work/cs.err"
echo "README snippets ok"
