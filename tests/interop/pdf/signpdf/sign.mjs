#!/usr/bin/env node
// Interop peer for kyso: sign a PDF with @signpdf (https://github.com/vbuch/node-signpdf).
//
//   node sign.mjs --p12 FILE.p12 [--pass PASS] [--reason TEXT] [--name TEXT] [--location TEXT]
//                 [--subfilter adbe|etsi] [--siglen BYTES] IN.pdf OUT.pdf
//
// plainAddPlaceholder appends an incremental update (classic xref table; it cannot read xref-stream
// files) with a new invisible signature field + /Sig dictionary, then signpdf.sign() fills /ByteRange and
// /Contents with a node-forge PKCS#7 made from the P12 (key + every certificate in the P12).
// Default pass: kyso-test (the test PKI's). Exit 0 on success, 1 on any error (message on stderr).
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { SignPdf } from "@signpdf/signpdf";
import { P12Signer } from "@signpdf/signer-p12";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { SUBFILTER_ADOBE_PKCS7_DETACHED, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";

function usage(msg) {
  if (msg) process.stderr.write(`sign.mjs: ${msg}\n`);
  process.stderr.write(
    "usage: node sign.mjs --p12 FILE.p12 [--pass PASS] [--reason TEXT] [--name TEXT] [--location TEXT]\n" +
      "                     [--subfilter adbe|etsi] [--siglen BYTES] IN.pdf OUT.pdf\n",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    pass: "kyso-test",
    reason: "kyso interop (signpdf)",
    name: "",
    location: "Ha Noi",
    subfilter: "adbe",
    siglen: 16384,
    positional: [],
  };
  const takes = new Set(["--p12", "--pass", "--reason", "--name", "--location", "--subfilter", "--siglen"]);
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
      o.positional.push(a);
    }
  }
  if (!o.p12) usage("--p12 is required");
  if (o.positional.length !== 2) usage("need IN.pdf and OUT.pdf");
  if (!["adbe", "etsi"].includes(o.subfilter)) usage("--subfilter must be adbe or etsi");
  o.siglen = Number(o.siglen);
  if (!Number.isInteger(o.siglen) || o.siglen < 1024) usage("--siglen must be an integer >= 1024");
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const [inPath, outPath] = o.positional;
  const pdfBuffer = readFileSync(inPath);
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer,
    reason: o.reason,
    contactInfo: "kyso-interop@example.invalid",
    name: o.name,
    location: o.location,
    signatureLength: o.siglen,
    subFilter: o.subfilter === "etsi" ? SUBFILTER_ETSI_CADES_DETACHED : SUBFILTER_ADOBE_PKCS7_DETACHED,
    appName: "kyso-interop-signpdf", // a PDF name: signpdf does not escape spaces
  });
  const signer = new P12Signer(readFileSync(o.p12), { passphrase: o.pass });
  const signed = await new SignPdf().sign(withPlaceholder, signer);
  const tmp = `${outPath}.tmp-${process.pid}`;
  writeFileSync(tmp, signed);
  renameSync(tmp, outPath);
}

main().catch((e) => {
  process.stderr.write(`sign.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
