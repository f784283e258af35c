#!/usr/bin/env bash
# run_interop.sh KYSO SRCDIR WORKDIR: the XML interop suite and attack corpus, run by ctest (interop.xml).
set -euo pipefail
KYSO=$1 SRC=$2 WORK=$3
PY=/usr/bin/python3
mkdir -p "$WORK"
bash "$SRC/testdata/make-pki.sh" "$WORK/pki"
bash "$SRC/testdata/make-token.sh" "$WORK/pki" "$WORK/token" >/dev/null
SAMPLE="$SRC/testdata/samples/claims-4750-sample.xml"
if [[ ! -f $SAMPLE ]]; then   # fall back to a generated envelope of the same shape
    "$PY" "$SRC/testdata/gen_claims.py" --out "$WORK/sample" --count 1 --seed 4750 >/dev/null
    SAMPLE="$WORK/sample/claim_000001.xml"
fi
rm -rf "$WORK/corpus"
"$PY" "$SRC/tests/interop/make_xml_corpus.py" --pki "$WORK/pki" --sample "$SAMPLE" --out "$WORK/corpus"
rc=0
"$PY" "$SRC/tests/interop/run_xml_corpus.py" --kyso "$KYSO" --corpus "$WORK/corpus" --pki "$WORK/pki" || rc=1
"$PY" "$SRC/tests/interop/kyso_vs_xmlsec.py" --kyso "$KYSO" --pki "$WORK/pki" --token-dir "$WORK/token" \
    --sample "$SAMPLE" --work "$WORK/kyso-vs-xmlsec" || rc=1
exit $rc
