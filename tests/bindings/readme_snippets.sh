#!/usr/bin/env bash
# readme_snippets.sh SOURCE_DIR PKI_DIR PYTHON3 MCS MONO DOTNET_DIR LIBKYSO -- runs the Python and C# snippets
# of the README ("Use it from your language") as they are written there, against a private SoftHSM token:
# each must sign claims.xml and record.pdf and exit 0 with the signature TOTAL_PASSED.
set -euo pipefail
src=$1 pki=$2 python=$3 mcs=$4 mono=$5 dotnet=$6 lib=$7
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-readme-XXXXXX")
trap 'rm -rf -- "$work"' EXIT
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
