#!/usr/bin/env node
// Benchmark peer: sign claims envelopes with xml-crypto, one node process.
//
//   node sign.js --key KEY.pem --cert CERT.pem IN_DIR OUT_DIR
//
// Shape = the claims profile: one enveloped <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
// (default namespace, no ds: prefix) appended as the child of /GIAMDINHHS/CHUKYDONVI; inclusive C14N 1.0;
// rsa-sha256; one Reference URI="" (isEmptyUri, xpath "/*") with only the enveloped-signature transform;
// sha256 digest; KeyInfo/X509Data/X509Certificate (xml-crypto's default KeyInfo for publicCert).
// A UTF-8 BOM on the input is removed before parsing and put back on the output; so is the whitespace
// after the root element, which xmldom's serializer drops.
// Prints one JSON line: {"peer": "xml-crypto", "files": N, "signed": N, "errors": E, "seconds": S}.
"use strict";

const fs = require("fs");
const path = require("path");
const { SignedXml } = require("xml-crypto");

const ALG = {
  c14n: "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
  rsaSha256: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  enveloped: "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
  sha256: "http://www.w3.org/2001/04/xmlenc#sha256",
};
const BOM = "\uFEFF";

function parseArgs(argv) {
  const opts = { positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--key" || a === "--cert") opts[a.slice(2)] = argv[++i];
    else opts.positional.push(a);
  }
  if (!opts.key || !opts.cert || opts.positional.length !== 2) {
    console.error("usage: node sign.js --key KEY.pem --cert CERT.pem IN_DIR OUT_DIR");
    process.exit(4);
  }
  [opts.inDir, opts.outDir] = opts.positional;
  return opts;
}

function signDocument(xml, privateKey, publicCert) {
  const sig = new SignedXml({
    privateKey,
    publicCert,
    signatureAlgorithm: ALG.rsaSha256,
    canonicalizationAlgorithm: ALG.c14n,
  });
  sig.addReference({
    xpath: "/*",
    isEmptyUri: true, // URI="" rather than URI="#_0" (and no Id attribute added to the root)
    transforms: [ALG.enveloped],
    digestAlgorithm: ALG.sha256,
  });
  sig.computeSignature(xml, {
    location: { reference: "/*/*[local-name(.)='CHUKYDONVI']", action: "append" },
  });
  return sig.getSignedXml();
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const start = process.hrtime.bigint();
  const privateKey = fs.readFileSync(opts.key);
  const publicCert = fs.readFileSync(opts.cert);
  fs.mkdirSync(opts.outDir, { recursive: true });
  const names = fs.readdirSync(opts.inDir).filter((n) => n.endsWith(".xml")).sort();
  let signed = 0;
  let errors = 0;
  for (const name of names) {
    try {
      let xml = fs.readFileSync(path.join(opts.inDir, name), "utf8");
      const bom = xml.startsWith(BOM);
      if (bom) xml = xml.slice(1);
      const epilog = xml.slice(xml.trimEnd().length);
      let out = signDocument(xml, privateKey, publicCert);
      if (!out.endsWith(epilog)) out += epilog;
      fs.writeFileSync(path.join(opts.outDir, name), (bom ? BOM : "") + out, "utf8");
      signed++;
    } catch (e) {
      errors++;
      console.error(`xml-crypto sign: ${name}: ${e.message}`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ peer: "xml-crypto", files: names.length, signed, errors,
                               seconds: Math.round(seconds * 1000) / 1000 }));
  process.exitCode = errors ? 1 : 0;
}

main();
