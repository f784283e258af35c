#!/usr/bin/env bash
# peers.sh -- sign PDFs with independent tools, for kyso's PDF interop tests.
#
# Run a subcommand:   bash tests/interop/pdf/peers.sh SUBCOMMAND ARGS...
# or source it:       source tests/interop/pdf/peers.sh; pdfsig_sign in.pdf out.pdf /tmp/pki hospital-rsa
#
#   pdfsig_sign     IN OUT PKIDIR NAME [--field F]  poppler pdfsig (NSS): new invisible field, or sign the
#                                                    existing empty signature field F. Always adbe.pkcs7.detached
#                                                    (22.12 refuses -etsi with -add-signature and ignores it with
#                                                    -sign). RSA only: an EC key fails ("unable update signature").
#   podofosign_sign IN OUT PKIDIR NAME [--field F]  PoDoFo 0.9.8 podofosign (OpenSSL PKCS7): -cert/-pkey PEM,
#                                                    SHA-256, -sigsize 8192 (its own estimate is too small for EC).
#                                                    CMS: the leaf twice, no CA, TWO identical SignerInfos.
#   signpdf_sign    IN OUT PKIDIR NAME [--etsi]     @signpdf 3.3.0 (node-forge): plainAddPlaceholder + P12Signer.
#                                                    RSA only (node-forge has no EC keys); classic-xref input only.
#   signpdf_install                                 npm ci in tests/interop/pdf/signpdf (once; needs the registry).
#   check_valid     SIGNED PKIDIR [N]               pdfsig with a throwaway NSS db trusting the test root: fails
#                                                    unless N signed fields (default: at least 1; empty fields
#                                                    are not counted) all say "Signature is Valid".
#   cms_of          SIGNED OUT.der [INDEX]          extract the /Contents bytes (trailing zero padding removed
#                                                    only after the DER/BER end) of signature INDEX (default:
#                                                    the last one, -1) for `openssl cms -cmsout -print -inform DER`.
#   survey          OUTDIR PKIDIR                   for a mutate_pdf.py corpus: qpdf --check and pdfsig verdict of
#                                                    every file next to the manifest's expectation (a table).
#   selftest        PKIDIR WORKDIR                  sign testdata/samples/record-sample.pdf with each tool, and
#                                                    with all three in a row (chain3.pdf, 3 revisions); check.
#
# PKIDIR is the output of testdata/make-pki.sh (NAME.p12 password kyso-test, NAME.{cert,key}.pem, root/ca certs).
# Every function exits/returns nonzero with a message on stderr when a tool is missing or signing fails.
# Inputs are never modified; OUT is replaced only when signing succeeded.

PEERS_DIR=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
PEERS_ROOT=$(cd "$PEERS_DIR/../../.." && pwd -P)
PEERS_PY=${PEERS_PY:-/usr/bin/python3}
PEERS_P12_PASS=kyso-test

_peers_die() { echo "peers.sh: $*" >&2; return 1; }

_peers_need() { # tool...
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || { _peers_die "required tool '$t' not found on PATH"; return 1; }
    done
}

_peers_need_file() { # file...
    local f
    for f in "$@"; do
        [[ -f $f ]] || { _peers_die "missing file $f"; return 1; }
    done
}

# _peers_nssdb PKIDIR NAME DIR: throwaway NSS db in DIR with NAME.p12 (if NAME non-empty), the root trusted
# (CT,C,C) and the issuing CA. The nickname of the key is the P12's friendly name; printed on stdout.
_peers_nssdb() {
    local pki=$1 name=$2 db=$3
    _peers_need certutil pk12util || return 1
    mkdir -p -- "$db" || return 1
    certutil -N -d "sql:$db" --empty-password >/dev/null || { _peers_die "certutil -N failed"; return 1; }
    certutil -A -d "sql:$db" -n kyso-test-root -t "CT,C,C" -i "$pki/root.cert.pem" ||
        { _peers_die "certutil: cannot import root"; return 1; }
    certutil -A -d "sql:$db" -n kyso-test-issuing-ca -t ",," -i "$pki/ca.cert.pem" ||
        { _peers_die "certutil: cannot import issuing CA"; return 1; }
    [[ -z $name ]] && return 0
    pk12util -i "$pki/$name.p12" -d "sql:$db" -W "$PEERS_P12_PASS" >/dev/null ||
        { _peers_die "pk12util: cannot import $pki/$name.p12"; return 1; }
    # the user cert is the one with trust u,u,u
    certutil -L -d "sql:$db" | awk '/u,u,u[[:space:]]*$/ { sub(/[[:space:]]+u,u,u[[:space:]]*$/, ""); print; exit }'
}

_peers_args() { # IN OUT PKIDIR NAME: common checks
    [[ $# -ge 4 ]] || { _peers_die "usage: ${FUNCNAME[1]} IN OUT PKIDIR NAME [options]"; return 1; }
    _peers_need_file "$1" "$3/$4.p12" "$3/$4.cert.pem" "$3/$4.key.pem" "$3/root.cert.pem" "$3/ca.cert.pem" || return 1
    [[ $(realpath -m -- "$1") != $(realpath -m -- "$2") ]] || { _peers_die "IN and OUT must differ"; return 1; }
}

pdfsig_sign() {
    _peers_args "$@" || return 1
    local in=$1 out=$2 pki=$3 name=$4 field=""
    shift 4
    while [[ $# -gt 0 ]]; do
        case $1 in
            --field) field=$2; shift 2 ;;
            *) _peers_die "pdfsig_sign: unknown option $1"; return 1 ;;
        esac
    done
    _peers_need pdfsig || return 1
    local tmp nick rc=0
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/kyso-pdfsig.XXXXXX") || return 1
    nick=$(_peers_nssdb "$pki" "$name" "$tmp/db") || { rm -rf -- "$tmp"; return 1; }
    [[ -n $nick ]] || { rm -rf -- "$tmp"; _peers_die "no user certificate in $pki/$name.p12"; return 1; }
    local -a mode=(-add-signature)
    [[ -n $field ]] && mode=(-sign "$field")
    # pdfsig prints "NSS_Shutdown failed: ... Objects are still in use." on success too: filtered out.
    pdfsig -nssdir "sql:$tmp/db" "${mode[@]}" -nick "$nick" -digest SHA256 -reason "kyso interop (pdfsig)" \
        "$in" "$tmp/out.pdf" 2> >(grep -v '^NSS_Shutdown failed' >&2) || rc=$?
    if [[ $rc -ne 0 || ! -s $tmp/out.pdf ]]; then
        rm -rf -- "$tmp"
        _peers_die "pdfsig signing failed (rc=$rc; pdfsig 22.12 cannot sign with EC keys)"
        return 1
    fi
    mv -f -- "$tmp/out.pdf" "$out" && rm -rf -- "$tmp"
}

podofosign_sign() {
    _peers_args "$@" || return 1
    local in=$1 out=$2 pki=$3 name=$4 field=""
    shift 4
    while [[ $# -gt 0 ]]; do
        case $1 in
            --field) field=$2; shift 2 ;;
            *) _peers_die "podofosign_sign: unknown option $1"; return 1 ;;
        esac
    done
    _peers_need podofosign || return 1
    local tmp rc=0
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/kyso-podofo.XXXXXX") || return 1
    local -a extra=()
    [[ -n $field ]] && extra=(-field-name "$field" -field-use-existing)
    # -cert takes only the first PEM certificate of the file (a chain file adds nothing).
    podofosign -in "$in" -out "$tmp/out.pdf" -cert "$pki/$name.cert.pem" -pkey "$pki/$name.key.pem" \
        -digest sha256 -sigsize 8192 -reason "kyso interop (podofosign)" "${extra[@]}" >&2 || rc=$?
    if [[ $rc -ne 0 || ! -s $tmp/out.pdf ]]; then
        rm -rf -- "$tmp"
        _peers_die "podofosign failed (rc=$rc)"
        return 1
    fi
    mv -f -- "$tmp/out.pdf" "$out" && rm -rf -- "$tmp"
}

signpdf_install() {
    _peers_need node npm || return 1
    if [[ -d $PEERS_DIR/signpdf/node_modules/@signpdf/signpdf && -d $PEERS_DIR/signpdf/node_modules/node-forge ]]; then
        return 0
    fi
    (cd "$PEERS_DIR/signpdf" && npm ci --ignore-scripts --no-audit --no-fund >&2) ||
        { _peers_die "npm ci in $PEERS_DIR/signpdf failed"; return 1; }
}

signpdf_sign() {
    _peers_args "$@" || return 1
    local in=$1 out=$2 pki=$3 name=$4
    shift 4
    local -a extra=()
    while [[ $# -gt 0 ]]; do
        case $1 in
            --etsi) extra+=(--subfilter etsi); shift ;;
            *) _peers_die "signpdf_sign: unknown option $1"; return 1 ;;
        esac
    done
    _peers_need node || return 1
    [[ -d $PEERS_DIR/signpdf/node_modules/@signpdf/signpdf ]] ||
        { _peers_die "signpdf not installed: run 'bash $PEERS_DIR/peers.sh signpdf_install' (npm ci)"; return 1; }
    node "$PEERS_DIR/signpdf/sign.mjs" --p12 "$pki/$name.p12" --pass "$PEERS_P12_PASS" "${extra[@]}" "$in" "$out" ||
        { _peers_die "signpdf signing failed (node-forge cannot use EC keys)"; return 1; }
}

check_valid() {
    [[ $# -ge 2 ]] || { _peers_die "usage: check_valid SIGNED PKIDIR [N]"; return 1; }
    local pdf=$1 pki=$2 want=${3:-}
    _peers_need pdfsig || return 1
    _peers_need_file "$pdf" || return 1
    local tmp report rc=0
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/kyso-pdfsigv.XXXXXX") || return 1
    _peers_nssdb "$pki" "" "$tmp/db" >/dev/null || { rm -rf -- "$tmp"; return 1; }
    # no -no-ocsp: in 22.12 it turns "Certificate is Trusted" into "Unknown issue with Certificate".
    report=$(pdfsig -nssdir "sql:$tmp/db" "$pdf" 2>&1) || rc=$?
    rm -rf -- "$tmp"
    printf '%s\n' "$report"
    local total valid unsigned
    total=$(grep -c '^Signature #' <<<"$report" || true)
    unsigned=$(grep -c 'The signature form field is not signed' <<<"$report" || true)
    total=$((total - unsigned))      # empty signature fields are listed too
    valid=$(grep -c 'Signature Validation: Signature is Valid' <<<"$report" || true)
    if [[ -n $want && $total -ne $want ]]; then
        _peers_die "$pdf: $total signatures, expected $want"; return 1
    fi
    if [[ $rc -ne 0 || $total -lt 1 || $valid -ne $total ]]; then
        _peers_die "$pdf: pdfsig rc=$rc, $valid of $total signatures valid"; return 1
    fi
}

cms_of() {
    [[ $# -ge 2 ]] || { _peers_die "usage: cms_of SIGNED OUT.der [INDEX]"; return 1; }
    "$PEERS_PY" - "$@" <<'EOF'
import re, sys
pdf, out = sys.argv[1], sys.argv[2]
index = int(sys.argv[3]) if len(sys.argv) > 3 else -1
data = open(pdf, "rb").read()
ranges = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data))
if not ranges:
    sys.exit("cms_of: no /ByteRange in " + pdf)
a, b, c, d = map(int, ranges[index].groups())
token = data[b:c].strip()
if not (token.startswith(b"<") and token.endswith(b">")):
    sys.exit("cms_of: the ByteRange gap is not a <hex> string")
raw = bytes.fromhex(re.sub(rb"\s+", b"", token[1:-1]).decode("ascii"))

def tlv_end(buf, pos):
    """End offset of the BER/DER element at pos (handles indefinite lengths, as NSS writes them)."""
    pos += 1
    first = buf[pos]; pos += 1
    if first == 0x80:                      # indefinite: children until 00 00
        while buf[pos:pos + 2] != b"\0\0":
            pos = tlv_end(buf, pos)
        return pos + 2
    if first < 0x80:
        return pos + first
    n = first & 0x7F
    length = int.from_bytes(buf[pos:pos + n], "big")
    return pos + n + length

end = tlv_end(raw, 0)
open(out, "wb").write(raw[:end])
print("%s: signature %d, ByteRange [%d %d %d %d], CMS %d bytes (%d bytes of padding)"
      % (pdf, index, a, b, c, d, end, len(raw) - end))
EOF
}

survey() {
    [[ $# -eq 2 ]] || { _peers_die "usage: survey OUTDIR PKIDIR"; return 1; }
    local dir=$1 pki=$2 tmp rc=0
    _peers_need pdfsig qpdf || return 1
    _peers_need_file "$dir/manifest.json" || return 1
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/kyso-survey.XXXXXX") || return 1
    _peers_nssdb "$pki" "" "$tmp/db" >/dev/null || { rm -rf -- "$tmp"; return 1; }
    "$PEERS_PY" - "$dir" "sql:$tmp/db" <<'EOF' || rc=$?
import json, os, re, subprocess, sys
d, db = sys.argv[1], sys.argv[2]
print("%-34s %-28s %-34s %s" % ("file", "expect", "qpdf --check", "pdfsig (last signature)"))
skipped = os.path.join(d, "skipped.json")
for e in json.load(open(skipped)) if os.path.exists(skipped) else []:
    print("%-34s skipped: %s" % (e["file"], e["reason"]))
for e in json.load(open(os.path.join(d, "manifest.json"))):
    f = os.path.join(d, e["file"])
    q = subprocess.run(["qpdf", "--check", f], capture_output=True, text=True, errors="replace")
    qw = [l for l in (q.stdout + q.stderr).splitlines()
          if l.startswith(("WARNING", "qpdf:")) and "operation succeeded" not in l]
    qs = "ok" if q.returncode == 0 else "rc=%d %s" % (q.returncode, qw[0] if qw else "")
    qs = qs.replace(f + ": ", "").replace(f, "")
    p = subprocess.run(["pdfsig", "-nssdir", db, f], capture_output=True, text=True, errors="replace")
    out = p.stdout + p.stderr
    sigs = re.split(r"^Signature #\d+:", out, flags=re.M)[1:]
    if sigs:
        last = sigs[-1]
        v = re.search(r"Signature Validation: (.*)", last)
        ps = (v.group(1).strip() if v else "no validation line") + \
            ("" if "Total document signed" in last else " [not total]")
    else:
        lines = [l for l in out.splitlines() if l.strip() and "NSS_Shutdown" not in l]
        ps = "rc=%d %s" % (p.returncode, " | ".join(lines[-2:]))
    exp = "%s/%s" % (e["expect_indication"], e["expect_sub"] or "-")
    print("%-34s %-28s %-34s %s" % (e["file"], exp, qs[:34], ps[:80]))
EOF
    rm -rf -- "$tmp"
    return $rc
}

selftest() {
    [[ $# -eq 2 ]] || { _peers_die "usage: selftest PKIDIR WORKDIR"; return 1; }
    local pki=$1 work=$2 sample="$PEERS_ROOT/testdata/samples/record-sample.pdf" fail=0 p
    mkdir -p "$work" || return 1
    signpdf_install || return 1
    for p in pdfsig podofosign signpdf; do
        if "${p}_sign" "$sample" "$work/$p.pdf" "$pki" hospital-rsa && check_valid "$work/$p.pdf" "$pki" 1 >"$work/$p.pdfsig.txt"; then
            echo "ok   $p -> $work/$p.pdf"
        else
            echo "FAIL $p" >&2; fail=1
        fi
    done
    # three revisions, three signers, three tools (the way a record collects signatures)
    if signpdf_sign "$sample" "$work/chain1.pdf" "$pki" doctor-rsa &&
        pdfsig_sign "$work/chain1.pdf" "$work/chain2.pdf" "$pki" hospital-rsa &&
        podofosign_sign "$work/chain2.pdf" "$work/chain3.pdf" "$pki" hospital-ec &&
        check_valid "$work/chain3.pdf" "$pki" 3 >"$work/chain3.pdfsig.txt"; then
        echo "ok   chain signpdf+pdfsig+podofosign -> $work/chain3.pdf"
    else
        echo "FAIL chain" >&2; fail=1
    fi
    return $fail
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -uo pipefail
    case ${1:-} in
        pdfsig_sign|podofosign_sign|signpdf_sign|signpdf_install|check_valid|cms_of|survey|selftest)
            cmd=$1; shift; "$cmd" "$@"; exit $? ;;
        *)
            sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2
            exit 2 ;;
    esac
fi
