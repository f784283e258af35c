#!/usr/bin/env node
// Benchmark peer for kyso: sign MANY PDFs with @signpdf in ONE node process (bench/pdf/run.sh).
//
//   node signpdf_batch.mjs --modules DIR --p12 FILE.p12 [--pass PASS] --out OUTDIR IN.pdf...
//
// DIR is a directory whose node_modules holds @signpdf 3.3.0 + node-forge (tests/interop/pdf/signpdf,
// installed by `peers.sh signpdf_install`). Same calls and options as tests/interop/pdf/signpdf/sign.mjs
// (plainAddPlaceholder with a 16384-byte placeholder, adbe.pkcs7.detached, P12Signer), but the files are
// signed one after the other in this process, so node's start-up and module loading are paid once -- the
// fair way to run a JS signer in batch. The P12 file is read once; a P12Signer is made per file because
// one can sign only once (node-forge consumes its byte buffer), and P12Signer.sign() decodes and decrypts
// the P12 on every call anyway (@signpdf 3.3.0's design). OUTDIR/<basename of IN>.
// Prints "signed N" on stdout; exit 0 only when every file was signed, 1 otherwise (messages on stderr).
import { readFileSync, writeFileSync, renameSync, mkdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { createRequire } from "node:module";

function usage(msg) {
  if (msg) process.stderr.write(`signpdf_batch.mjs: ${msg}\n`);
  process.stderr.write("usage: node signpdf_batch.mjs --modules DIR --p12 FILE.p12 [--pass PASS] --out OUTDIR IN.pdf...\n");
  process.exit(2);
}

function parseArgs(argv) {
  const o = { pass: "kyso-test", inputs: [] };
  const takes = new Set(["--modules", "--p12", "--pass", "--out"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (takes.has(a)) {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      o[a.slice(2)] = argv[++i];
    } else if (a === "-h" || a === "--help") {
      usage();
    } else if (a.startsWith("--")) {
      usage(`unknown option ${a}`);
    } else {
      o.inputs.push(a);
    }
  }
  if (!o.modules) usage("--modules is required");
  if (!o.p12) usage("--p12 is required");
  if (!o.out) usage("--out is required");
  if (o.inputs.length === 0) usage("no input files");
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  // The @signpdf packages are CommonJS; resolve them from the interop test's node_modules.
  const require = createRequire(join(resolve(o.modules), "package.json"));
  const { SignPdf } = require("@signpdf/signpdf");
  const { P12Signer } = require("@signpdf/signer-p12");
  const { plainAddPlaceholder } = require("@signpdf/placeholder-plain");
  const { SUBFILTER_ADOBE_PKCS7_DETACHED } = require("@signpdf/utils");

  mkdirSync(o.out, { recursive: true });
  const p12 = readFileSync(o.p12);
  const signPdf = new SignPdf();
  let signed = 0;
  let failed = 0;
  for (const inPath of o.inputs) {
    const outPath = join(o.out, basename(inPath));
    try {
      const withPlaceholder = plainAddPlaceholder({
        pdfBuffer: readFileSync(inPath),
        reason: "kyso bench (signpdf)",
        contactInfo: "kyso-bench@example.invalid",
        name: "",
        location: "Ha Noi",
        signatureLength: 16384,
        subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
        appName: "kyso-bench-signpdf",
      });
      const signer = new P12Signer(p12, { passphrase: o.pass });
      const out = await signPdf.sign(withPlaceholder, signer);
      const tmp = `${outPath}.tmp-${process.pid}`;
      writeFileSync(tmp, out);
      renameSync(tmp, outPath);
      signed++;
    } catch (e) {
      failed++;
      process.stderr.write(`signpdf_batch.mjs: ${inPath}: ${e && e.stack ? e.stack : e}\n`);
    }
  }
  process.stdout.write(`signed ${signed}\n`);
  if (failed) process.exit(1);
}

main().catch((e) => {
  process.stderr.write(`signpdf_batch.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
