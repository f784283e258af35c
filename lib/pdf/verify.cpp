#include <kyso/pdf/verify.hpp>

#include "ossl/ossl.hpp"
#include "pdf/cms_verify.hpp"
#include "pdf/document.hpp"
#include "pdf/modifications.hpp"
#include "pdf/structure.hpp"
#include "verify/chain.hpp"
#include "verify/crypto_constraints.hpp"
#include "verify/poe.hpp"
#include "verify/revocation_check.hpp"
#include "verify/signer_identity.hpp"
#include "verify/verdict.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>
#include <map>
#include <set>

namespace kyso::pdf {

using verify::Indication;
using verify::SignatureReport;
using verify::SubIndication;
using verify::Verdict;

namespace {

struct Certification {
    std::optional<std::uint32_t> signature;  // the DocMDP signature dictionary's object number
    int p = 0;
};

Result<Certification> find_certification(const Document& doc) {
    Certification out;
    KYSO_TRY(IndirectObject cat, catalog(doc));
    const Object* perms = cat.object.dict()->get("Perms");
    if (perms == nullptr) return out;
    KYSO_TRY(Object pd, doc.resolve(*perms));
    if (pd.dict() == nullptr || pd.dict()->get("DocMDP") == nullptr || !pd.dict()->get("DocMDP")->ref()) return out;
    const Ref sig = *pd.dict()->get("DocMDP")->ref();
    KYSO_TRY(Object sd, doc.resolve(Object(sig)));
    out.signature = sig.num;
    out.p = 2;  // ISO 32000-1 Table 254: /P defaults to 2
    if (sd.dict() == nullptr) return out;
    const Object* refs = sd.dict()->get("Reference");
    if (refs == nullptr) return out;
    KYSO_TRY(Object list, doc.resolve(*refs));
    if (list.array() == nullptr) return out;
    for (const Object& entry : *list.array()) {
        KYSO_TRY(Object r, doc.resolve(entry));
        if (r.dict() == nullptr || !r.dict()->get("TransformMethod") ||
            !r.dict()->get("TransformMethod")->is_name("DocMDP"))
            continue;
        if (const Object* params = r.dict()->get("TransformParams")) {
            KYSO_TRY(Object tp, doc.resolve(*params));
            if (tp.dict() && tp.dict()->get("P") && tp.dict()->get("P")->integer()) {
                const auto p = *tp.dict()->get("P")->integer();
                out.p = p >= 1 && p <= 3 ? static_cast<int>(p) : 2;
            }
        }
    }
    return out;
}

// The digest of the ByteRange bytes, streamed from the file.
std::optional<Bytes> hash_ranges(const Source& source, const std::string& md_name,
                                 const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges) {
    const EVP_MD* md = md_name == "sha256"   ? ossl::md(keys::DigestAlgorithm::sha256)
                       : md_name == "sha384" ? ossl::md(keys::DigestAlgorithm::sha384)
                       : md_name == "sha512" ? ossl::md(keys::DigestAlgorithm::sha512)
                       : md_name == "sha1"   ? ossl::md_sha1()
                                             : nullptr;
    if (md == nullptr) return std::nullopt;
    ossl::Hasher hasher(md);
    std::vector<std::uint8_t> buffer(1 << 20);
    for (const auto& [start, length] : ranges)
        for (std::uint64_t done = 0; done < length;) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length - done));
            if (!source.read(start + done, buffer.data(), n)) return std::nullopt;
            hasher.update(buffer.data(), n);
            done += n;
        }
    return hasher.finish();
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::optional<TimePoint> parse_pdf_date(const Bytes& raw) {
    std::string s(raw.begin(), raw.end());
    if (s.rfind("D:", 0) == 0) s = s.substr(2);
    if (s.size() < 14 || !std::all_of(s.begin(), s.begin() + 14, [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    std::string rfc = s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + "T" + s.substr(8, 2) + ":" +
                      s.substr(10, 2) + ":" + s.substr(12, 2);
    const std::string tz = s.substr(14);
    if (tz.empty() || tz[0] == 'Z') {
        rfc += "Z";
    } else if ((tz[0] == '+' || tz[0] == '-') && tz.size() >= 3) {
        rfc += tz.substr(0, 3) + ":" + (tz.size() >= 6 ? tz.substr(4, 2) : "00");
    } else {
        rfc += "Z";
    }
    auto t = parse_rfc3339(rfc);
    return t ? std::optional<TimePoint>(*t) : std::nullopt;
}

struct Checked {
    SignatureReport report;
    std::uint64_t covered_end = 0;  // 0 when the geometry was unusable
    std::uint64_t order = 0;        // where the signature belongs in revision order
    std::uint32_t sig_num = 0;
    std::optional<FieldLock> lock;
};

// The FieldMDP transform of a signature dictionary's /Reference, if any.
std::optional<FieldLock> field_lock_of(const Document& doc, const Dict& sig) {
    const Object* refs = sig.get("Reference");
    if (refs == nullptr) return std::nullopt;
    auto list = doc.resolve(*refs);
    if (!list || list->array() == nullptr) return std::nullopt;
    for (const Object& entry : *list->array()) {
        auto r = doc.resolve(entry);
        if (!r || r->dict() == nullptr || !r->dict()->get("TransformMethod") ||
            !r->dict()->get("TransformMethod")->is_name("FieldMDP"))
            continue;
        const Object* params = r->dict()->get("TransformParams");
        auto p = params ? doc.resolve(*params) : Result<Object>(Object());
        if (!p || p->dict() == nullptr) continue;
        FieldLock lock;
        const Object* action = p->dict()->get("Action");
        lock.action = action && action->is_name("Include")   ? FieldLock::Action::include
                      : action && action->is_name("Exclude") ? FieldLock::Action::exclude
                                                             : FieldLock::Action::all;
        if (const Object* fields = p->dict()->get("Fields"); fields && fields->array())
            for (const Object& f : *fields->array())
                if (f.string()) lock.fields.push_back(text_string_utf8(f.string()->value));
        return lock;
    }
    return std::nullopt;
}

// True when `end` is just after a "%%EOF" marker (and its end-of-line): where a revision ends. Read
// in place, so a 500 MB file is not scanned for every marker.
bool ends_a_revision(const Source& source, std::uint64_t end) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(end, 7));
    if (n < 5) return false;
    auto tail = source.read(end - n, n);
    if (!tail) return false;
    std::string t(tail->begin(), tail->end());
    if (!t.empty() && t.back() == '\n') t.pop_back();
    if (!t.empty() && t.back() == '\r') t.pop_back();
    return t.size() >= 5 && t.compare(t.size() - 5, 5, "%%EOF") == 0;
}

Checked check_signature(const Document& doc, const Field& field, const verify::Context& context, TimePoint at,
                        std::optional<TimePoint> archive_poe) {
    Checked c;
    SignatureReport& r = c.report;
    Verdict v;
    r.slot = "field '" + field.name + "'";
    auto finish = [&]() {
        v.apply(r);
        return c;
    };
    if (!field.value_ref) {
        v.add(Indication::total_failed, SubIndication::format_failure, "the signature field's /V is not a reference");
        return finish();
    }
    c.sig_num = field.value_ref->num;
    auto loaded = doc.load(*field.value_ref);
    if (!loaded || loaded->object.dict() == nullptr) {
        v.add(Indication::total_failed, SubIndication::format_failure,
              "the signature dictionary cannot be read" + (loaded ? std::string() : ": " + loaded.error().message));
        return finish();
    }
    const IndirectObject& sig = *loaded;
    const Dict& d = *sig.object.dict();
    c.order = sig.end;
    c.lock = field_lock_of(doc, d);
    const std::string subfilter(
        d.get("SubFilter") && d.get("SubFilter")->name_value() ? *d.get("SubFilter")->name_value() : "");
    r.signature_algorithm = subfilter;
    if (subfilter == "ETSI.RFC3161") {
        v.add(Indication::indeterminate, SubIndication::format_failure,
              "document timestamps (ETSI.RFC3161) are validated from PAdES B-LTA support on; not in this build");
        return finish();
    }
    if (subfilter != "ETSI.CAdES.detached" && subfilter != "adbe.pkcs7.detached") {
        v.add(Indication::total_failed, SubIndication::format_failure,
              "SubFilter /" + (subfilter.empty() ? std::string("(none)") : subfilter) + " is not supported");
        return finish();
    }
    if (subfilter == "adbe.pkcs7.detached")
        r.warnings.push_back("legacy signature format adbe.pkcs7.detached (not PAdES)");
    if (const Object* m = d.get("M"); m && m->string()) {
        r.signing_time = parse_pdf_date(m->string()->value);
        if (r.signing_time) r.time_source = verify::TimeSource::claimed;
    }

    // Step 2: the ByteRange geometry (spec/pdf.md).
    const Object* br = d.get("ByteRange");
    std::vector<std::int64_t> range;
    if (br != nullptr && br->array())
        for (const Object& o : *br->array())
            range.push_back(o.integer().value_or(-1));
    const std::uint64_t size = doc.size();
    if (range.size() != 4 || std::any_of(range.begin(), range.end(), [](std::int64_t x) { return x < 0; })) {
        v.add(Indication::total_failed, SubIndication::format_failure, "/ByteRange is not four non-negative integers");
        return finish();
    }
    const auto b = static_cast<std::uint64_t>(range[1]), gap_end = static_cast<std::uint64_t>(range[2]),
               tail = static_cast<std::uint64_t>(range[3]);
    const Object* contents = d.get("Contents");
    const String* token = contents ? contents->string() : nullptr;
    std::string geometry;
    if (range[0] != 0)
        geometry = "/ByteRange does not start at offset 0";
    else if (b >= gap_end)
        geometry = "/ByteRange ranges overlap or are out of order";
    else if (gap_end > size || tail > size - gap_end)
        geometry = "/ByteRange goes past the end of the file";
    else if (!ends_a_revision(doc.source(), gap_end + tail))
        geometry = "/ByteRange does not end at the end of a revision (%%EOF)";
    else if (token == nullptr)
        geometry = "/Contents is missing or not a string";
    else if (!token->hex)
        geometry = "/Contents is a literal string, not a hex string";
    else if (token->token_begin != b || token->token_end != gap_end)
        geometry = "the gap in /ByteRange is not exactly this signature's /Contents";
    else if (sig.object_stream || sig.begin >= b || sig.end > gap_end + tail)
        geometry = "the signature dictionary does not lie inside the signed bytes";
    if (!geometry.empty()) {
        v.add(Indication::total_failed, SubIndication::format_failure, geometry);
        return finish();
    }
    c.covered_end = gap_end + tail;
    c.order = c.covered_end;

    // Step 3: the CMS.
    const std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges{{0, b}, {gap_end, tail}};
    const CmsCheck cms =
        check_cms(token->value, [&](const std::string& md) { return hash_ranges(doc.source(), md, ranges); });
    if (!cms.parsed) {
        v.add(Indication::total_failed, SubIndication::format_failure, cms.format_problem);
        return finish();
    }
    r.digest_algorithm = cms.digest_name;
    if (!cms.signature_algorithm.empty()) r.signature_algorithm = subfilter + " / " + cms.signature_algorithm;
    if (cms.signer) r.signer = verify::signer_identity(*cms.signer);
    if (cms.signer_infos > 1)
        r.warnings.push_back("not PAdES baseline: the CMS has " + std::to_string(cms.signer_infos) +
                             " SignerInfos (the first was checked)");
    if (cms.has_signing_time) r.warnings.push_back("not PAdES baseline: the CMS carries a signingTime attribute");
    if (!cms.signer) {
        v.add(Indication::indeterminate, SubIndication::no_signing_certificate_found,
              "the CMS does not carry the signer's certificate");
    } else if (!cms.digest_supported) {
        v.add(Indication::indeterminate, SubIndication::crypto_constraints_failure,
              "digest algorithm " + cms.digest_name + " is not supported, so the signed bytes were not verified");
    } else if (!cms.message_digest_matches) {
        v.add(Indication::total_failed, SubIndication::hash_failure,
              "the signed bytes do not match the signature's messageDigest");
    } else if (!cms.signature_valid) {
        v.add(Indication::total_failed, SubIndication::sig_crypto_failure,
              "the signature value does not verify with the signer's key");
    }
    if (cms.ess == CmsCheck::Ess::mismatch)
        v.add(Indication::indeterminate, SubIndication::no_signing_certificate_found,
              "the ESS signing-certificate attribute does not match the signer certificate");
    else if (cms.ess == CmsCheck::Ess::none && subfilter == "ETSI.CAdES.detached")
        r.warnings.push_back("not PAdES baseline: no ESS signing-certificate-v2 attribute");
    else if (cms.ess == CmsCheck::Ess::v1)
        r.warnings.push_back("legacy ESS signing-certificate (SHA-1) instead of signing-certificate-v2");
    // PAdES B-T: a signature time-stamp from a trusted TSA is the proof of existence; the signer's
    // certificate is then judged at that time (ETSI EN 319 102-1 §5.6.2.2), and so is its revocation.
    TimePoint chain_time = at;
    std::optional<TimePoint> poe_time;
    if (cms.timestamp_token) {
        const auto poe = verify::timestamp_poe(*cms.timestamp_token, cms.signature_value, context, at);
        poe.add_to(r);
        if (poe.time) {
            r.signing_time = *poe.time;
            r.time_source = verify::TimeSource::timestamp;
            chain_time = *poe.time;
            poe_time = poe.time;
        } else {
            r.warnings.push_back("the signature time-stamp was not relied on: " + poe.problem);
        }
    }
    if (!poe_time && archive_poe) {  // the record was proven unaltered by an archive time-stamp
        r.signing_time = *archive_poe;
        r.time_source = verify::TimeSource::timestamp;
        chain_time = *archive_poe;
        poe_time = archive_poe;
        r.warnings.push_back("proof of existence from the archive time-stamp at " + format_rfc3339(*archive_poe));
    }
    if (cms.signer) {
        std::vector<keys::Certificate> extra;
        for (const auto& cert : cms.certificates)
            if (!cert.same_as(*cms.signer)) extra.push_back(cert);
        auto chain = verify::validate_signer_chain(*cms.signer, extra, context, chain_time);
        r.chain = chain.chain;
        if (chain.indication != Indication::total_passed) v.add(chain.indication, chain.sub_indication, chain.message);

        // The dated algorithm policy (ETSI EN 319 102-1 §5.2.8), after the path: the digest of the signed
        // bytes, the digest the signature algorithm names, the signer's key, the path's signatures.
        verify::CryptoConstraints crypto(context, at, poe_time);
        if (cms.digest_supported) crypto.digest(cms.digest_name, "the CMS digestAlgorithm");
        if (!cms.signature_digest_name.empty() && !equal_ignoring_case(cms.signature_digest_name, cms.digest_name))
            crypto.digest(cms.signature_digest_name, "the CMS signatureAlgorithm " + cms.signature_algorithm);
        crypto.key(verify::key_description(*cms.signer, cms.signature_scheme == "RSASSA-PSS"), "the signer's key");
        crypto.certificate_path(chain.certificates);
        crypto.apply(v, r.warnings);
        // Revocation of the path, judged at the best signature time.
        if (chain.indication == Indication::total_passed && !v.failed())
            verify::judge_revocation(chain.certificates, context, at, poe_time, v, r);
    }
    return finish();
}

void judge_coverage(const Document& doc, Checked& c, const Certification& cert, std::uint64_t cert_end) {
    SignatureReport& r = c.report;
    const std::size_t total = doc.sections().size();
    const std::size_t k = static_cast<std::size_t>(std::count_if(
        doc.sections().begin(), doc.sections().end(), [&](const XrefSection& s) { return s.offset < c.covered_end; }));
    const std::string revision = "revision " + std::to_string(k) + " of " + std::to_string(total);
    // The certification in force: made at or before this signature.
    const int p = cert.signature && cert_end != 0 && cert_end <= c.covered_end ? cert.p : 0;
    auto mods = check_modifications(doc, c.covered_end, p, c.lock);
    if (!mods) {
        // Fail closed: what cannot be analysed is not vouched for.
        r.indication = Indication::indeterminate;
        r.sub_indication = SubIndication::format_failure;
        r.errors.push_back("the revisions after this signature cannot be analysed: " + mods.error().message);
        r.signed_scope = revision;
        return;
    }
    if (c.covered_end == doc.size() ||
        (mods->disallowed.empty() && mods->allowed.empty() && mods->unlisted_bytes == 0 && k == total)) {
        r.signed_scope = "the whole document (" + revision + ")";
    } else {
        r.signed_scope = revision + " (later revisions are not covered by this signature)";
    }
    for (const auto& a : mods->allowed)
        r.warnings.push_back("after signing: " + a);
    for (const auto& o : mods->overlays)
        r.warnings.push_back("after signing: " + o);
    if (mods->unlisted_bytes > 0)
        r.warnings.push_back(
            std::to_string(mods->unlisted_bytes) +
            " bytes of data after the signed revision are not covered by the signature and belong to no revision");
    if (!mods->lock_violations.empty()) {
        r.indication = Indication::total_failed;
        r.sub_indication = SubIndication::none;
        for (const auto& v : mods->lock_violations)
            r.errors.push_back("modified after signing: " + v);
    }
    if (!mods->disallowed.empty()) {
        std::string list;
        for (std::size_t i = 0; i < mods->disallowed.size() && i < 12; ++i)
            list += (i ? "; " : "") + mods->disallowed[i];
        if (mods->disallowed.size() > 12) list += "; and " + std::to_string(mods->disallowed.size() - 12) + " more";
        if (p != 0) {
            r.indication = Indication::total_failed;
            r.sub_indication = SubIndication::none;
            r.errors.push_back("modified after signing, against the certification (DocMDP P=" + std::to_string(p) +
                               "): " + list);
        } else {
            r.warnings.push_back("modified after signing: " + list);
        }
    }
    if (p != 0 && cert.signature && *cert.signature == c.sig_num)
        r.signed_scope += "; certification signature (DocMDP P=" + std::to_string(p) + ")";
}

verify::DocumentReport verify_source(std::shared_ptr<Source> source, const verify::Context& context,
                                     const std::string& path, std::optional<TimePoint> archive_poe) {
    verify::DocumentReport report;
    report.path = path;
    report.format = "pdf";
    report.profile = "pades";
    const TimePoint at = context.validation_time.value_or(now_utc());
    auto opened = Document::open(std::move(source));
    if (!opened) {
        report.error = opened.error();
        return report;
    }
    const Document& doc = **opened;
    if (doc.trailer().get("Encrypt") != nullptr) {
        report.error = Error{Errc::unsupported, "encrypted PDFs are not supported"};
        return report;
    }
    auto fields = form_fields(doc);
    auto cert = find_certification(doc);
    if (!fields || !cert) {
        report.error = !fields ? fields.error() : cert.error();
        return report;
    }
    std::vector<Checked> checked;
    std::set<std::uint32_t> seen_dicts;
    for (const Field& f : *fields) {
        if (f.type != "Sig" || !f.has_value) continue;
        Checked c = check_signature(doc, f, context, at, archive_poe);
        if (c.sig_num != 0 && !seen_dicts.insert(c.sig_num).second) {
            c.report.indication = Indication::total_failed;
            c.report.sub_indication = SubIndication::format_failure;
            c.report.errors.push_back("this signature dictionary is used by another signature field as well");
        }
        checked.push_back(std::move(c));
    }
    std::stable_sort(checked.begin(), checked.end(),
                     [](const Checked& a, const Checked& b) { return a.order < b.order; });
    std::uint64_t cert_end = 0;
    for (const auto& c : checked)
        if (cert->signature && c.sig_num == *cert->signature) cert_end = c.covered_end;
    for (auto& c : checked) {
        if (c.covered_end != 0 && c.report.indication != Indication::total_failed)
            judge_coverage(doc, c, *cert, cert_end);
        report.signatures.push_back(std::move(c.report));
    }
    return report;
}

verify::DocumentReport guarded(std::shared_ptr<Source> source, const verify::Context& context, const std::string& path,
                               std::optional<TimePoint> archive_poe = std::nullopt) {
    try {
        return verify_source(std::move(source), context, path, archive_poe);
    } catch (const std::exception& e) {
        verify::DocumentReport report;
        report.path = path;
        report.format = "pdf";
        report.error = Error{Errc::internal, std::string("validation stopped: ") + e.what()};
        return report;
    }
}

}  // namespace

verify::DocumentReport verify(const std::filesystem::path& path, const verify::Context& context,
                              const std::string& display_path, std::optional<TimePoint> proof_of_existence) {
    const std::string shown = display_path.empty() ? path.string() : display_path;
    auto source = open_file_source(path);
    if (!source) {
        verify::DocumentReport report;
        report.path = shown;
        report.format = "pdf";
        report.error = source.error();
        return report;
    }
    return guarded(*source, context, shown, proof_of_existence);
}

verify::DocumentReport verify(ByteView document, const verify::Context& context, const std::string& display_path) {
    return guarded(memory_source(Bytes(document.begin(), document.end())), context, display_path);
}

bool is_signed_copy(const std::filesystem::path& input, const std::filesystem::path& output,
                    const keys::Certificate& certificate) {
    auto in = open_file_source(input);
    auto out = open_file_source(output);
    if (!in || !out || (*out)->size() <= (*in)->size()) return false;
    // The output must start with the input's exact bytes.
    std::vector<std::uint8_t> a(1 << 20), b(1 << 20);
    for (std::uint64_t offset = 0; offset < (*in)->size();) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(a.size(), (*in)->size() - offset));
        if (!(*in)->read(offset, a.data(), n) || !(*out)->read(offset, b.data(), n) ||
            std::memcmp(a.data(), b.data(), n) != 0)
            return false;
        offset += n;
    }
    verify::Context context;
    const auto report = verify(output, context);
    if (report.error || report.signatures.empty()) return false;
    const auto& last = report.signatures.back();
    const bool crypto_ok = last.sub_indication != SubIndication::hash_failure &&
                           last.sub_indication != SubIndication::sig_crypto_failure &&
                           last.sub_indication != SubIndication::format_failure;
    return crypto_ok && last.signer && last.signer->sha256_fingerprint == certificate.sha256_fingerprint() &&
           last.signed_scope.rfind("the whole document", 0) == 0;
}

}  // namespace kyso::pdf
