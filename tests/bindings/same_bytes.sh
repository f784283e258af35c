#!/usr/bin/env bash
# same_bytes.sh KYSO_CLI PYTHON3 MONO SIGNXMLFILE_EXE SOURCE_DIR PKI_DIR LIBKYSO -- the same claims file signed
# with the same PKCS#12 key by the CLI (`kyso xml sign`), the Python binding and the .NET binding gives
# byte-identical output (tests/capi compares the C API with the CLI).
set -euo pipefail
cli=$1 python=$2 mono=$3 signxml=$4 src=$5 pki=$6 lib=$7
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-same-bytes-XXXXXX")
trap 'rm -rf -- "$work"' EXIT
bash "$src/testdata/make-pki.sh" "$pki" >/dev/null
in=$src/testdata/samples/claims-4750-sample.xml
key=p12:$pki/hospital-rsa.p12
pass=pass:kyso-test

"$cli" xml sign "$in" --out "$work/cli.xml" --key "$key" --pass "$pass" >/dev/null
KYSO_LIBRARY=$lib PYTHONPATH=$src/bindings/python "$python" -c '
import sys, kyso
with kyso.Signer.open(sys.argv[1], sys.argv[2]) as signer:
    signer.sign_xml(sys.argv[3], sys.argv[4])
' "$key" "$pass" "$in" "$work/python.xml"
LD_LIBRARY_PATH=$(dirname "$lib") "$mono" "$signxml" "$key" "$pass" "$in" "$work/dotnet.xml"

grep -q "<Signature" "$work/cli.xml"
cmp "$work/cli.xml" "$work/python.xml"
cmp "$work/cli.xml" "$work/dotnet.xml"
echo "CLI, Python and .NET: $(stat -c %s "$work/cli.xml") identical bytes ($(sha256sum <"$work/cli.xml" | cut -c1-16)...)"
