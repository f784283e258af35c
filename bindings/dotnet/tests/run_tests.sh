#!/usr/bin/env bash
# run_tests.sh MONO TESTS_EXE SOURCE_DIR PKI_DIR LIBDIR KYSO_CLI [FILTER...] -- runs the .NET binding's tests
# (or any program using Kyso.dll, such as samples/SignClaims.cs) against a private SoftHSM token, with
# libkyso.so from LIBDIR.
set -euo pipefail
mono=$1 exe=$2 src=$3 pki=$4 libdir=$5 cli=$6
shift 6
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-dotnet-XXXXXX")
trap 'rm -rf -- "$work"' EXIT
bash "$src/testdata/make-pki.sh" "$pki" >/dev/null
bash "$src/testdata/make-token.sh" "$pki" "$work/t" >/dev/null
export SOFTHSM2_CONF=$work/t/softhsm2.conf
export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export KYSO_TEST_SOURCE_DIR=$src KYSO_TEST_PKI_DIR=$pki KYSO_CLI=$cli
"$mono" --debug "$exe" "$@"
