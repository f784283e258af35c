// The HTML report as a person sees it: the real CLI verifies a small batch (signed claims, one tampered,
// one unreadable, a signed PDF) with --report and --lang vi, then headless Chromium renders the page in a
// private network namespace (`unshare -rn`: it cannot reach any address). The screenshot must show a
// real page (text, the red and green verdicts) and Chromium must report no console message at all (a
// blocked load or script would log one). A missing or failing Chromium fails the test, never skips it.
#include "integration/helpers.hpp"

#include "pdf/png_image.hpp"

#include <kyso/core/atomic_file.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <map>
#include <sstream>

namespace kyso::test {
namespace {

// Headless Chromium with its profile, home and caches in a temporary directory, in a network namespace
// of its own with only a loopback interface that is down.
class Chromium {
public:
    Chromium() {
        std::string path;
        if (run("command -v chromium", &path) != 0 || path.empty())
            throw std::runtime_error("chromium is not installed (scripts/setup installs it)");
        // The console check must be able to fail: a page whose image load and script the
        // Content-Security-Policy blocks must produce CONSOLE lines in the log.
        write(m_dir / "control.html",
              as_bytes("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-"
                       "Policy\" content=\"default-src 'none'\"></head><body>x<img src=\"http://127.0.0.1:9/x.png\">"
                       "<script>console.log('ran')</script></body></html>"));
        std::string log;
        if (render(m_dir / "control.html", "--screenshot=" + (m_dir / "control.png").string(), &log) != 0)
            throw std::runtime_error("chromium failed on the control page:\n" + log.substr(0, 4000));
        if (console_lines(log).empty())
            throw std::runtime_error(
                "chromium logged no CONSOLE line for the control page; the console check "
                "would prove nothing:\n" +
                log.substr(0, 4000));
    }

    // Runs chromium on `page` with `action` (--screenshot=PNG or --dump-dom); stdout goes to *out, the
    // log (stderr) to *log. Returns the exit status.
    int render(const fs::path& page, const std::string& action, std::string* log, std::string* out = nullptr) {
        const fs::path log_file = m_dir / ("chromium-" + std::to_string(++m_runs) + ".log");
        const fs::path home = m_dir / "home";
        fs::create_directories(home);
        const std::string cmd =
            "HOME=" + sh(home) + " XDG_CONFIG_HOME=" + sh(home / ".config") + " XDG_CACHE_HOME=" + sh(home / ".cache") +
            " timeout 120 unshare -rn chromium --headless --no-sandbox --disable-gpu" +
            " --user-data-dir=" + sh(m_dir / "profile") +
            " --no-first-run --no-default-browser-check --disable-extensions --disable-sync"
            " --disable-background-networking --disable-component-update --hide-scrollbars"
            " --force-device-scale-factor=1 --window-size=1200,1600 --enable-logging=stderr --v=0 " +
            action + " " + sh(std::string_view("file://" + page.string())) + " 2>" + sh(log_file);
        const int rc = run(cmd, out);
        *log = read_text(log_file);
        return rc;
    }

    // Console messages of the pages under test (source file://...). Chromium's own internal pages
    // (chrome://resources/...) sometimes log under load ("Slow network is detected"); they are not ours.
    static std::vector<std::string> console_lines(const std::string& log) {
        std::vector<std::string> lines;
        std::istringstream in(log);
        for (std::string line; std::getline(in, line);)
            if (line.find(":CONSOLE") != std::string::npos && line.find("source: chrome://") == std::string::npos)
                lines.push_back(line);
        return lines;
    }

private:
    TempDir m_dir;
    int m_runs = 0;
};

std::string sign_claims(const fs::path& in, const fs::path& out) {
    std::string text;
    const int rc = run(cli() + " xml sign " + sh(in) + " --out " + sh(out) +
                           " --key p12:" + sh(pki("hospital-rsa.p12")) + " --pass " + kP12Pass + " --json",
                       &text);
    if (rc != 0) throw std::runtime_error("xml sign failed:\n" + text);
    return text;
}

// The batch: claims 1 and 3 intact, claim 2 changed after signing, one file that is not XML at all, and
// a PDF signed by the doctor.
fs::path make_batch(const TempDir& dir) {
    gen_claims(dir / "gen", 3, 11);
    const fs::path batch = dir / "batch";
    sign_claims(dir / "gen", batch);
    const fs::path tampered = batch / "claim_000002.xml";
    std::string xml = read_text(tampered);
    const std::size_t at = xml.find("<SOLUONGHOSO>1</SOLUONGHOSO>");
    if (at == std::string::npos) throw std::runtime_error("the generated claim has no SOLUONGHOSO");
    xml.replace(at, 28, "<SOLUONGHOSO>2</SOLUONGHOSO>");
    write(tampered, as_bytes(xml));
    write(batch / "claim_broken.xml", as_bytes("<GIAMDINHHS><THONGTINDONVI"));
    std::string out;
    const int rc = run(cli() + " pdf sign " + sh(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf") + " --out " +
                           sh(batch / "record.pdf") + " --key p12:" + sh(pki("doctor-rsa.p12")) + " --pass " +
                           kP12Pass + " --name " + sh(std::string_view("Nguyễn Thị Hồng Nhung")) + " --json",
                       &out);
    if (rc != 0) throw std::runtime_error("pdf sign failed:\n" + out);
    return batch;
}

struct Pixels {
    std::size_t total = 0, background = 0, dark = 0, red = 0, green = 0, purple = 0, colours = 0;
    std::size_t bands_with_content = 0;  // of 10 horizontal bands, those with >0.5% non-background pixels
};

Pixels analyse(const pdf::RasterImage& img) {
    Pixels p;
    const auto rgb = [&](std::size_t i) {
        const std::uint8_t* s = img.samples.data() + i * static_cast<std::size_t>(img.components);
        return img.components >= 3 ? std::array<int, 3>{s[0], s[1], s[2]} : std::array<int, 3>{s[0], s[0], s[0]};
    };
    p.total = static_cast<std::size_t>(img.width) * img.height;
    std::map<std::array<int, 3>, std::size_t> histogram;
    for (std::size_t i = 0; i < p.total; ++i)
        ++histogram[rgb(i)];
    std::array<int, 3> bg{};
    for (const auto& [colour, n] : histogram) {
        if (n > p.background) {
            p.background = n;
            bg = colour;
        }
    }
    p.colours = histogram.size();
    std::vector<std::size_t> band(10, 0);
    for (std::size_t i = 0; i < p.total; ++i) {
        const auto [r, g, b] = rgb(i);
        if (std::array<int, 3>{r, g, b} == bg) continue;
        ++band[(i / img.width) * 10 / img.height];
        if (r < 80 && g < 80 && b < 80) ++p.dark;
        if (r >= 150 && g <= 90 && b <= 90) ++p.red;                 // KHÔNG HỢP LỆ (#b91c1c, #8a1010)
        if (g >= 80 && r <= 60 && b <= 100) ++p.green;               // HỢP LỆ (#1e7b34, #0b5d1e)
        if (b >= 130 && r >= 80 && r <= 130 && g <= 90) ++p.purple;  // KHÔNG XỬ LÝ ĐƯỢC (#6b3fa0)
    }
    const std::size_t band_pixels = p.total / 10;
    for (const std::size_t n : band)
        if (n * 200 > band_pixels) ++p.bands_with_content;
    return p;
}

TEST(ReportHtml, VietnameseBatchReportRendersInChromium) {
    Chromium chromium;
    TempDir dir;
    const fs::path batch = make_batch(dir);
    const fs::path report = dir / "reports" / "report.html";

    // An English report first, then the Vietnamese one replaces it (a report is not an input).
    // Run from the batch's parent so that the report shows the paths as an operator typed them.
    const std::string verify = "cd " + sh(dir.path()) + " && " + cli() + " verify " + sh(batch.filename()) + " " +
                               cli_trust() + " --report " + sh(report);
    std::string out;
    ASSERT_EQ(run(verify + " --lang en", &out), 1) << out;
    ASSERT_TRUE(read_text(report).find("<html lang=\"en\">") != std::string::npos);
    EXPECT_NE(out.find("    FAILED (TOTAL_FAILED): 1\n"), std::string::npos) << out;

    const int rc = run(verify + " --lang vi", &out);
    EXPECT_EQ(rc, 1) << "a failed signature outranks an unreadable input (spec/cli.md)\n" << out;
    // The text report stays on stdout, in Vietnamese.
    for (const char* line : {"  Tài liệu: 5\n", "  Chữ ký: 4\n", "    HỢP LỆ (TOTAL_PASSED): 3\n",
                             "    KHÔNG HỢP LỆ (TOTAL_FAILED): 1\n", "    CHƯA XÁC ĐỊNH (INDETERMINATE): 0\n",
                             "  KHÔNG XỬ LÝ ĐƯỢC: 1\n", "Giải thích: Nội dung đã bị thay đổi sau khi ký",
                             "(mã lỗi: malformed_xml)", "    Người ký: Nguyễn Thị Hồng Nhung"})
        EXPECT_NE(out.find(line), std::string::npos) << line << "\n" << out;

    const std::string html = read_text(report);
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">")) << html.substr(0, 200);
    EXPECT_NE(html.find("<span class=\"badge failed\">✘ KHÔNG HỢP LỆ</span> <span class=\"etsi\">TOTAL_FAILED / "
                        "HASH_FAILURE</span>"),
              std::string::npos);
    EXPECT_NE(html.find("<a href=\"#doc-4\">batch/claim_broken.xml</a>"), std::string::npos);
    for (const auto& f : all_files(report.parent_path()))
        EXPECT_EQ(f.filename().string().find(kTemporaryMarker), std::string::npos) << "left behind: " << f;

    std::string log;
    const fs::path png = dir / "report.png";
    ASSERT_EQ(chromium.render(report, "--screenshot=" + png.string(), &log), 0) << log.substr(0, 4000);
    EXPECT_EQ(Chromium::console_lines(log), std::vector<std::string>{}) << "the report logged to the console";

    auto img = pdf::decode_png(read(png));
    ASSERT_TRUE(img.ok()) << img.error().message;
    EXPECT_EQ(img->width, 1200u);
    const Pixels p = analyse(*img);
    EXPECT_GT(p.total - p.background, p.total / 30) << "a real spread of non-background pixels";
    EXPECT_GE(p.bands_with_content, 8u) << "content down the whole page, not one blob";
    EXPECT_GT(p.dark, 5000u) << "text";
    EXPECT_GT(p.colours, 100u) << "anti-aliased text in several colours";
    EXPECT_GT(p.red, 300u) << "the failed verdict is drawn in red";
    EXPECT_GT(p.green, 300u) << "the passed verdicts are drawn in green";
    EXPECT_GT(p.purple, 100u) << "the unreadable document is drawn in purple";

    // KYSO_REPORT_SCREENSHOT=PATH keeps the screenshot (docs/images/report-batch.png is made this way).
    if (const char* keep = std::getenv("KYSO_REPORT_SCREENSHOT"); keep != nullptr && *keep != '\0')
        fs::copy_file(png, keep, fs::copy_options::overwrite_existing);
}

TEST(ReportHtml, HostileNamesStayText) {
    Chromium chromium;
    TempDir dir;
    write(dir / "in" / "x.xml", sample_claims());
    sign_claims(dir / "in" / "x.xml", dir / "batch" / "x.xml");
    // File names are chosen by whoever sends the files; they end up in the report.
    const std::string hostile = "<img src=x onerror=alert(1)> & \"q\" 'a'.xml";
    fs::rename(dir / "batch" / "x.xml", dir / "batch" / hostile);
    write(dir / "batch" / "<script>alert(2)<\\script>.xml", as_bytes("not xml"));

    const fs::path report = dir / "r.html";
    std::string out;
    ASSERT_EQ(
        run(cli() + " xml verify " + sh(dir / "batch") + " " + cli_trust() + " --json --report " + sh(report), &out), 3)
        << out;
    // --json keeps stdout JSON; the HTML report (default language vi) is written beside it.
    EXPECT_EQ(parse_json(out).at("summary").at("total_passed"), 1);
    const std::string html = read_text(report);
    EXPECT_NE(html.find("<html lang=\"vi\">"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;.xml"), std::string::npos);

    // What Chromium builds from it: no img or script element, the names as text, nothing logged.
    std::string log, dom;
    ASSERT_EQ(chromium.render(report, "--dump-dom", &log, &dom), 0) << log.substr(0, 4000);
    EXPECT_EQ(Chromium::console_lines(log), std::vector<std::string>{});
    ASSERT_NE(dom.find("</html>"), std::string::npos) << dom.substr(0, 2000);
    EXPECT_EQ(dom.find("<img"), std::string::npos);
    EXPECT_EQ(dom.find("<script"), std::string::npos);
    EXPECT_NE(dom.find("&lt;img src=x onerror=alert(1)&gt; &amp; \"q\" 'a'.xml"), std::string::npos);
    EXPECT_NE(dom.find("&lt;script&gt;alert(2)&lt;\\script&gt;.xml"), std::string::npos);

    // A report that cannot be written is a configuration error (exit 4), and nothing is left behind.
    write(dir / "file", as_bytes("x"));
    std::string err;
    EXPECT_EQ(run(cli() + " xml verify " + sh(dir / "batch") + " " + cli_trust() + " --report " +
                      sh(dir / "file" / "r.html") + " 2>&1",
                  &err),
              4)
        << err;
    EXPECT_NE(err.find("kyso: cannot create"), std::string::npos) << err;
}

}  // namespace
}  // namespace kyso::test
