#!/usr/bin/env bash
# run_pdf_interop.sh KYSO SRCDIR WORKDIR -- kyso's PDF interop suite and attack corpus (ctest interop.pdf).
#
# KYSO is the kyso CLI binary, SRCDIR the source tree, WORKDIR a scratch directory (wiped at start; the
# outputs stay for inspection, except the SoftHSM token directory, which is removed on exit).
#
#  1. Three inputs -- (a) testdata/samples/record-sample.pdf (classic xref table), (b) the same after
#     `qpdf --object-streams=generate` (xref stream + object streams), (c) the sample signed by pdfsig --
#     each get three sequential kyso signatures: SoftHSM RSA (visible, Vietnamese name/title/reason/
#     location), SoftHSM ECDSA P-256 (visible, elsewhere on page 1), PKCS#12 (invisible). On the result:
#     pdfsig (every signature valid, the last "Total document signed"), qpdf --check on every revision,
#     `openssl cms -verify` of every CMS over its ByteRange bytes, the CMS profile of every kyso signature
#     (pdf_checks.py cms, asn1crypto), `kyso pdf verify --json` (all TOTAL_PASSED, exit 0).
#  2. Every kyso revision: pdf_checks.py update (prefix, xref kind, /Prev, /ID[0], only new/changed objects).
#  3. pdftotext line "Người ký: Nguyễn Thị Hồng Nhung" on page 1, pdffonts (appearance font embedded subset
#     with ToUnicode), at most 60 KB per kyso revision.
#  4. Peers verified by kyso: pdfsig, @signpdf (npm ci), podofosign.
#  5. mutate_pdf.py corpus on (a), (b), (c) outputs; cert_attacks.py on documents certified by kyso with
#     P=1, 2, 3 that carry a text field (make_sample_pdf.py --text-field).
#
# Prints one "PASS name" / "FAIL name" line per check (failures with the tail of their log; logs in
# WORKDIR/logs) and a summary; exits 1 if any check failed. A missing tool is a failure, never a skip. No
# network except `npm ci` for @signpdf (the npm registry). Needs /usr/bin/python3 with python3-asn1crypto.
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 KYSO SRCDIR WORKDIR" >&2
    exit 2
fi
KYSO=$(realpath -m -- "$1")
SRC=$(realpath -m -- "$2")
WORK=$(realpath -m -- "$3")
PY=/usr/bin/python3
HERE=$SRC/tests/interop/pdf
CHECKS=$HERE/pdf_checks.py
MODULE=${SOFTHSM2_MODULE:-/usr/lib/softhsm/libsofthsm2.so}
SAMPLE=$SRC/testdata/samples/record-sample.pdf
MAX_REVISION_BYTES=$((60 * 1024))
SIGNER_NAME="Nguyễn Thị Hồng Nhung"
export PYTHONDONTWRITEBYTECODE=1
START=$SECONDS

# ---------------------------------------------------------------------------------------------- prerequisites
missing=()
for t in pdfsig qpdf pdftotext pdffonts openssl node npm podofosign certutil pk12util softhsm2-util pkcs11-tool; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
[[ -x $KYSO ]] || missing+=("kyso binary $KYSO")
[[ -x $PY ]] || missing+=("$PY")
[[ -f $MODULE ]] || missing+=("SoftHSM module $MODULE")
[[ -f $SAMPLE ]] || missing+=("$SAMPLE")
"$PY" -c 'import asn1crypto' 2>/dev/null || missing+=("python3-asn1crypto for $PY")
if ((${#missing[@]})); then
    printf 'FAIL prerequisites: missing %s\n' "${missing[@]}" >&2
    echo "interop.pdf: cannot run (missing tools); nothing was skipped silently" >&2
    exit 1
fi

rm -rf -- "$WORK"
mkdir -p -- "$WORK/logs"
PKI=$WORK/pki
TOKEN=$WORK/token
cleanup() { rm -rf -- "$TOKEN"; }
trap cleanup EXIT

PASSED=0
FAILED=0
FAILED_NAMES=()
NLOG=0

# check NAME CMD... : run CMD with its output in a log; one summary line.
check() {
    local name=$1
    shift
    NLOG=$((NLOG + 1))
    local log
    log=$(printf '%s/logs/%03d-%s.log' "$WORK" "$NLOG" "$(tr -c 'A-Za-z0-9._-' '_' <<<"$name" | cut -c1-80)")
    if "$@" >"$log" 2>&1; then
        PASSED=$((PASSED + 1))
        printf 'PASS %s\n' "$name"
    else
        FAILED=$((FAILED + 1))
        FAILED_NAMES+=("$name")
        printf 'FAIL %s  (log: %s)\n' "$name" "$log"
        { grep -E '^(FAIL|ok  |skip)' "$log" | grep -v '^ok  ' || tail -n 12 "$log"; } | head -n 25 | sed 's/^/     | /'
    fi
}

# fatal NAME MSG: a setup step failed; nothing after it can run.
fatal() {
    printf 'FAIL %s: %s\n' "$1" "$2"
    echo "interop.pdf: aborted after $((SECONDS - START))s ($PASSED passed, $((FAILED + 1)) failed)"
    exit 1
}

# ---------------------------------------------------------------------------------------------- fixtures
bash "$SRC/testdata/make-pki.sh" "$PKI" >"$WORK/logs/make-pki.log" 2>&1 || fatal "test PKI" "see $WORK/logs/make-pki.log"
bash "$SRC/testdata/make-token.sh" "$PKI" "$TOKEN" >"$WORK/logs/make-token.log" 2>&1 ||
    fatal "SoftHSM token" "see $WORK/logs/make-token.log"
# make-token.sh writes TOKEN/env.sh: export SOFTHSM2_CONF=TOKEN/softhsm2.conf (kyso and softhsm read it)
# shellcheck disable=SC1091
source "$TOKEN/env.sh"
[[ -f ${SOFTHSM2_CONF:-} ]] || fatal "SoftHSM token" "SOFTHSM2_CONF not set by $TOKEN/env.sh"
ROOT=$PKI/root.cert.pem
CA=$PKI/ca.cert.pem
KEY_RSA="pkcs11:token=benhvien;object=hospital-rsa?module-path=$MODULE&pin-value=123456"
KEY_EC="pkcs11:token=benhvien;object=hospital-ec?module-path=$MODULE&pin-value=123456"
P12=$PKI/doctor-rsa.p12
LEAVES=(hospital-rsa hospital-ec doctor-rsa)    # signer of kyso signature 1, 2, 3

peers() { bash "$HERE/peers.sh" "$@"; }
checks() { "$PY" "$CHECKS" "$@"; }

regen_sample() { "$PY" "$SRC/testdata/make_sample_pdf.py" "$WORK/regen.pdf" && cmp "$WORK/regen.pdf" "$SAMPLE"; }
check "sample: make_sample_pdf.py reproduces testdata/samples/record-sample.pdf" regen_sample

# ---------------------------------------------------------------------------------------------- helpers
qpdf_clean() { # FILE: qpdf --check exit 0 and no warnings
    local out rc=0
    out=$(qpdf --check "$1" 2>&1) || rc=$?
    printf '%s\n' "$out"
    [[ $rc -eq 0 ]] && ! grep -q '^WARNING' <<<"$out"
}

pdfsig_all_valid() { # FILE N: pdfsig says N signatures, all valid, the last one the total document
    peers check_valid "$1" "$PKI" "$2" >"$1.pdfsig.txt" || { cat "$1.pdfsig.txt"; return 1; }
    cat "$1.pdfsig.txt"
    checks pdfsig-last "$1.pdfsig.txt"
}

openssl_verify() { # DER CONTENT
    openssl cms -verify -binary -inform DER -in "$1" -content "$2" -CAfile "$ROOT" -purpose any -out /dev/null
}

page1_has_signer_line() { # FILE
    local text
    text=$(pdftotext -enc UTF-8 -f 1 -l 1 "$1" -)
    printf '%s\n' "$text" | grep -n -E 'ký|Chức danh|Nơi|Lý do' || true
    grep -qxF "Người ký: $SIGNER_NAME" <<<"$text"
}

appearance_fonts_ok() { # FILE N: N DejaVu Sans fonts (kyso's default appearance font, one per visible
    # signature), each an embedded subset (XXXXXX+ prefix, emb yes, sub yes) with a ToUnicode map (uni yes).
    # Other fonts (the sample's Helvetica, pdfsig's appearance font) are listed, not judged.
    local out
    out=$(pdffonts "$1") || return 1
    printf '%s\n' "$out"
    awk -v want="$2" 'NR > 2 && $1 ~ /DejaVuSans/ {
            n++
            # counted from the right: ... emb sub uni objnum gen
            if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes" || $1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z][+]/) {
                bad++; print "FAIL: not an embedded subset with ToUnicode: " $0
            }
         }
         END { if (n != want) { print "FAIL: " n " DejaVu Sans fonts, expected " want; exit 1 } exit bad > 0 }' <<<"$out"
}

revision_sizes_ok() { # FILE... (consecutive revisions)
    local prev="" f size psize rc=0
    for f in "$@"; do
        size=$(stat -c %s "$f")
        if [[ -n $prev ]]; then
            psize=$(stat -c %s "$prev")
            echo "$(basename "$f"): +$((size - psize)) bytes"
            ((size - psize <= MAX_REVISION_BYTES)) || { echo "FAIL: $f adds $((size - psize)) bytes (> $MAX_REVISION_BYTES)"; rc=1; }
        fi
        prev=$f
    done
    return $rc
}

# chain TAG INPUT PRESIGNED: three kyso signatures on INPUT and every check on them.
chain() {
    local tag=$1 in=$2 pre=$3 d=$WORK/$1
    local total=$((pre + 3))
    mkdir -p "$d"
    cp -- "$in" "$d/s0.pdf"
    check "$tag: kyso sign #1 (SoftHSM RSA, visible)" "$KYSO" pdf sign "$d/s0.pdf" --out "$d/s1.pdf" --key "$KEY_RSA" \
        --visible 1,40,60,230,80 --name "$SIGNER_NAME" --title "Bác sĩ điều trị" \
        --reason "Xác nhận bệnh án nội trú" --location "Khoa Nội tổng hợp, Hà Nội"
    check "$tag: kyso sign #2 (SoftHSM ECDSA P-256, visible)" "$KYSO" pdf sign "$d/s1.pdf" --out "$d/s2.pdf" \
        --key "$KEY_EC" --visible 1,320,60,230,80 --name "Trần Văn Bình" --title "Trưởng khoa Nội" \
        --reason "Duyệt bệnh án" --location "Hà Nội"
    check "$tag: kyso sign #3 (PKCS#12, invisible)" "$KYSO" pdf sign "$d/s2.pdf" --out "$d/s3.pdf" \
        --key "p12:$P12" --pass pass:kyso-test
    if [[ ! -s $d/s3.pdf ]]; then
        check "$tag: checks of the signed document (not run: signing failed)" false
        return 0
    fi
    local i
    for i in 1 2 3; do
        check "$tag: update section of kyso signature #$i" checks update "$d/s$((i - 1)).pdf" "$d/s$i.pdf"
        check "$tag: qpdf --check after kyso signature #$i" qpdf_clean "$d/s$i.pdf"
    done
    check "$tag: pdfsig: $total signatures valid, last 'Total document signed'" pdfsig_all_valid "$d/s3.pdf" "$total"
    check "$tag: extract the $total CMS and ByteRange contents" checks extract "$d/s3.pdf" "$d/cms"
    for ((i = 1; i <= total; i++)); do
        check "$tag: openssl cms -verify signature $i/$total" openssl_verify "$d/cms/sig$i.der" "$d/cms/sig$i.content"
    done
    for i in 1 2 3; do
        local n=$((pre + i)) leaf=${LEAVES[$((i - 1))]}
        check "$tag: CMS profile of kyso signature #$i ($leaf)" checks cms "$d/cms/sig$n.der" \
            --content "$d/cms/sig$n.content" --leaf "$PKI/$leaf.cert.pem" --ca "$CA"
    done
    check "$tag: kyso pdf verify: $total x TOTAL_PASSED, exit 0" \
        checks verify --kyso "$KYSO" --trust "$ROOT" "$d/s3.pdf" --count "$total"
    check "$tag: pdftotext page 1 has 'Người ký: $SIGNER_NAME'" page1_has_signer_line "$d/s3.pdf"
    check "$tag: pdffonts: appearance fonts are embedded subsets (emb, sub, uni)" appearance_fonts_ok "$d/s3.pdf" 2
    check "$tag: each kyso revision adds <= 60 KB" revision_sizes_ok "$d/s0.pdf" "$d/s1.pdf" "$d/s2.pdf" "$d/s3.pdf"
}

# ---------------------------------------------------------------------------------------------- 1-3
mkdir -p "$WORK/inputs"
cp -- "$SAMPLE" "$WORK/inputs/a-classic.pdf"
xref_kind_is() { # FILE KIND
    local k
    k=$(checks xref-kind "$1") && echo "$1: $k" && [[ $k == "$2" ]]
}
objstm_input_ok() { xref_kind_is "$1" stream && qpdf --show-xref "$1" | grep -c compressed; }
check "input (a): classic xref table" xref_kind_is "$WORK/inputs/a-classic.pdf" table
check "input (b): qpdf --object-streams=generate" qpdf --object-streams=generate "$SAMPLE" "$WORK/inputs/b-objstm.pdf"
check "input (b): xref stream with object streams" objstm_input_ok "$WORK/inputs/b-objstm.pdf"
check "input (c): signed by pdfsig (peers.sh pdfsig_sign)" peers pdfsig_sign "$SAMPLE" "$WORK/inputs/c-pdfsig.pdf" "$PKI" hospital-rsa

chain a-classic "$WORK/inputs/a-classic.pdf" 0
[[ -s $WORK/inputs/b-objstm.pdf ]] && chain b-xrefstream "$WORK/inputs/b-objstm.pdf" 0
[[ -s $WORK/inputs/c-pdfsig.pdf ]] && chain c-after-pdfsig "$WORK/inputs/c-pdfsig.pdf" 1

# ---------------------------------------------------------------------------------------------- 4 peers
P=$WORK/peers
mkdir -p "$P"
check "peers: npm ci @signpdf (registry)" peers signpdf_install
check "peers: pdfsig signs the sample" peers pdfsig_sign "$SAMPLE" "$P/pdfsig.pdf" "$PKI" hospital-rsa
check "peers: @signpdf signs the sample" peers signpdf_sign "$SAMPLE" "$P/signpdf.pdf" "$PKI" hospital-rsa
check "peers: podofosign signs the sample" peers podofosign_sign "$SAMPLE" "$P/podofosign.pdf" "$PKI" hospital-rsa
check "peers: kyso verifies the pdfsig signature: TOTAL_PASSED" \
    checks verify --kyso "$KYSO" --trust "$ROOT" "$P/pdfsig.pdf" --count 1
check "peers: kyso verifies the @signpdf signature: TOTAL_PASSED" \
    checks verify --kyso "$KYSO" --trust "$ROOT" "$P/signpdf.pdf" --count 1
# negative control for the update-section checker: PoDoFo 0.9.8 re-serializes the object-stream objects and
# writes a table without /Prev after an xref stream (spec/pdf.md) -- `pdf_checks.py update` must say so.
podofo_update_rejected() {
    peers podofosign_sign "$WORK/inputs/b-objstm.pdf" "$P/podofosign-after-xrefstream.pdf" "$PKI" hospital-rsa || return 1
    local out
    out=$(checks update "$WORK/inputs/b-objstm.pdf" "$P/podofosign-after-xrefstream.pdf") && { echo "$out"; return 1; }
    echo "$out"
    grep -q "xref kind changed" <<<"$out" && grep -q "/Prev is" <<<"$out" && grep -q "redefined with unchanged content" <<<"$out"
}
check "peers: update checker rejects podofosign's update of the xref-stream input (negative control)" podofo_update_rejected
# podofosign embeds the leaf only (twice), no issuing CA: the CA is given as --untrusted so the chain builds.
check "peers: kyso verifies the podofosign signature: TOTAL_PASSED + 'not PAdES baseline' warning" \
    checks verify --kyso "$KYSO" --trust "$ROOT" --untrusted "$CA" "$P/podofosign.pdf" --count 1 \
    --warning "*=not PAdES baseline"

# ---------------------------------------------------------------------------------------------- 5 attacks
for tag in a-classic b-xrefstream c-after-pdfsig; do
    [[ -s $WORK/$tag/s3.pdf ]] || { check "attacks on $tag (not run: no signed document)" false; continue; }
    check "attacks: mutate_pdf.py corpus of $tag/s3.pdf" \
        "$PY" "$HERE/mutate_pdf.py" "$WORK/$tag/s3.pdf" "$WORK/attacks-$tag"
    check "attacks: kyso verdicts on the $tag corpus match the manifest" \
        checks corpus --kyso "$KYSO" --trust "$ROOT" "$WORK/attacks-$tag"
done

C=$WORK/certified
mkdir -p "$C"
check "certified: make_sample_pdf.py --text-field GhiChu" "$PY" "$SRC/testdata/make_sample_pdf.py" "$C/form.pdf" --text-field GhiChu
check "certified: qpdf --check of the form sample" qpdf_clean "$C/form.pdf"
for p in 1 2 3; do
    check "certified: kyso sign --certify $p (SoftHSM RSA, visible)" "$KYSO" pdf sign "$C/form.pdf" --out "$C/p$p.pdf" \
        --key "$KEY_RSA" --certify "$p" --visible 1,40,60,230,80 --name "Bệnh viện Đa khoa Kyso" \
        --reason "Chứng thực bệnh án (DocMDP P=$p)"
    if [[ -s $C/p$p.pdf ]]; then
        check "certified P=$p: update section" checks update "$C/form.pdf" "$C/p$p.pdf"
        check "certified P=$p: cert_attacks.py (annotations, form fill)" "$PY" "$HERE/cert_attacks.py" "$C/p$p.pdf" "$C/attacks-p$p"
        check "certified P=$p: kyso verdicts match the manifest" checks corpus --kyso "$KYSO" --trust "$ROOT" "$C/attacks-p$p"
    fi
done
if [[ -s $C/p2.pdf ]]; then
    check "certified P=2: mutate_pdf.py corpus (certification expectations)" "$PY" "$HERE/mutate_pdf.py" "$C/p2.pdf" "$C/mutate-p2"
    check "certified P=2: kyso verdicts on the mutate_pdf.py corpus match the manifest" \
        checks corpus --kyso "$KYSO" --trust "$ROOT" "$C/mutate-p2"
fi

# ---------------------------------------------------------------------------------------------- summary
echo "interop.pdf: $((PASSED + FAILED)) checks, $PASSED passed, $FAILED failed in $((SECONDS - START))s (work: $WORK)"
if ((FAILED)); then
    printf '  failed: %s\n' "${FAILED_NAMES[@]}"
    exit 1
fi
