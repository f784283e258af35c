#!/usr/bin/env bash
# run_sign_claims_cs.sh MONO SIGNCLAIMS_EXE SOURCE_DIR PKI_DIR LIBDIR -- runs samples/SignClaims.cs against a
# private SoftHSM token: the right PIN verifies TOTAL_PASSED, a wrong PIN is pin_incorrect, no PIN is
# cancelled by the callback.
set -euo pipefail
mono=$1 sample=$2 src=$3 pki=$4 libdir=$5
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-sample-XXXXXX")
trap 'rm -rf -- "$work"' EXIT
bash "$src/testdata/make-pki.sh" "$pki" >/dev/null
bash "$src/testdata/make-token.sh" "$pki" "$work/t" >/dev/null
export SOFTHSM2_CONF=$work/t/softhsm2.conf
export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
uri='pkcs11:token=benhvien;object=hospital-rsa?module-path=/usr/lib/softhsm/libsofthsm2.so'
in=$src/testdata/samples/claims-4750-sample.xml

out=$(KYSO_PIN=123456 "$mono" "$sample" "$uri" "$in" "$work/signed.xml" "$pki/root.cert.pem" "$pki/ca.cert.pem")
echo "$out"
grep -q "signed.xml: signed by .*CN=.*: TotalPassed $" <<<"$out"

set +e
err=$(KYSO_PIN=000000 "$mono" "$sample" "$uri" "$in" "$work/wrong.xml" "$pki/root.cert.pem" 2>&1)
rc=$?
set -e
echo "$err"
[[ $rc -eq 2 ]] && grep -q "pin_incorrect" <<<"$err" && [[ ! -e $work/wrong.xml ]]

set +e
err=$(env -u KYSO_PIN "$mono" "$sample" "$uri" "$in" "$work/none.xml" "$pki/root.cert.pem" 2>&1)
rc=$?
set -e
echo "$err"
[[ $rc -eq 2 ]] && grep -q "cancelled" <<<"$err"
echo "sample ok"
