#!/usr/bin/env bash
# run_sign_record.sh SIGN_RECORD SOURCE_DIR PKI_DIR -- runs samples/sign_record.cpp against a private SoftHSM
# token: the right PIN signs a visible signature that verifies TOTAL_PASSED, a wrong PIN is pin_incorrect,
# no PIN is pin_required; neither failure writes an output.
set -euo pipefail
sample=$1 src=$2 pki=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-sample-XXXXXX")
trap 'rm -rf -- "$work"' EXIT
bash "$src/testdata/make-pki.sh" "$pki" >/dev/null
bash "$src/testdata/make-token.sh" "$pki" "$work/t" >/dev/null
export SOFTHSM2_CONF=$work/t/softhsm2.conf
uri='pkcs11:token=benhvien;object=doctor-rsa?module-path=/usr/lib/softhsm/libsofthsm2.so'
in=$src/testdata/samples/record-sample.pdf

out=$(KYSO_PIN=123456 "$sample" "$uri" "$in" "$work/signed.pdf" "$pki/root.cert.pem" "$pki/ca.cert.pem")
echo "$out"
grep -qx "$work/signed.pdf: TOTAL_PASSED" <<<"$out"
cmp -n "$(stat -c %s "$in")" "$in" "$work/signed.pdf"  # the original bytes, then one revision
grep -qa "KyBacSi" "$work/signed.pdf"

set +e
err=$(KYSO_PIN=000000 "$sample" "$uri" "$in" "$work/wrong.pdf" "$pki/root.cert.pem" 2>&1)
rc=$?
set -e
echo "$err"
[[ $rc -eq 2 ]] && grep -q "pin_incorrect" <<<"$err" && [[ ! -e $work/wrong.pdf ]]

set +e
err=$(env -u KYSO_PIN "$sample" "$uri" "$in" "$work/none.pdf" "$pki/root.cert.pem" 2>&1)
rc=$?
set -e
echo "$err"
[[ $rc -eq 2 ]] && grep -q "pin_required" <<<"$err" && [[ ! -e $work/none.pdf ]]
echo "sample ok"
