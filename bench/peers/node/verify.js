#!/usr/bin/env node
// Benchmark peer: verify signed claims envelopes with xml-crypto, one node process.
//
//   node verify.js --trusted ROOT.pem [--untrusted CA.pem ...] DIR
//
// xml-crypto checks digests and the signature value but no certificate trust: by default it does not
// even read KeyInfo. So, per file, this takes the X509Certificate from KeyInfo
// (SignedXml.getCertFromKeyInfo), checks it was issued by one of the intermediates (which were checked
// against the trust anchor once at start-up) and is within its validity period, and only then verifies
// the signature with that certificate's key. It also insists on the claims shape: exactly one
// Signature, at /GIAMDINHHS/CHUKYDONVI, with exactly one Reference URI="".
// Prints one JSON line: {"peer": "xml-crypto", "files": N, "valid": V, "invalid": I, "seconds": S}.
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { DOMParser } = require("@xmldom/xmldom");
const xpath = require("xpath");
const { SignedXml } = require("xml-crypto");

const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const BOM = "\uFEFF";

function parseArgs(argv) {
  const opts = { trusted: [], untrusted: [], positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--trusted" || a === "--untrusted") opts[a.slice(2)].push(argv[++i]);
    else opts.positional.push(a);
  }
  if (opts.trusted.length === 0 || opts.positional.length !== 1) {
    console.error("usage: node verify.js --trusted ROOT.pem [--untrusted CA.pem ...] DIR");
    process.exit(4);
  }
  opts.dir = opts.positional[0];
  return opts;
}

function withinValidity(cert, now) {
  return new Date(cert.validFrom) <= now && now <= new Date(cert.validTo);
}

function issuedBy(child, parent) {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

// Trust anchors and the intermediates that chain to them (checked once).
function loadIssuers(opts, now) {
  const roots = opts.trusted.map((p) => new crypto.X509Certificate(fs.readFileSync(p)));
  const issuers = [...roots];
  for (const p of opts.untrusted) {
    const ca = new crypto.X509Certificate(fs.readFileSync(p));
    if (ca.ca && withinValidity(ca, now) && roots.some((r) => issuedBy(ca, r))) issuers.push(ca);
    else console.error(`xml-crypto verify: ${p} does not chain to a trusted root; ignored`);
  }
  return issuers;
}

function select(expr, node) {
  return xpath.select(expr, node);
}

function verifyDocument(xml, issuers, now) {
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const all = select(`//*[local-name(.)='Signature' and namespace-uri(.)='${DSIG}']`, doc);
  const atSlot = select(`/*[local-name(.)='GIAMDINHHS']/*[local-name(.)='CHUKYDONVI']` +
                        `/*[local-name(.)='Signature' and namespace-uri(.)='${DSIG}']`, doc);
  if (all.length !== 1 || atSlot.length !== 1) throw new Error("expected exactly one Signature in CHUKYDONVI");
  const signature = atSlot[0];
  const refs = select(`./*[local-name(.)='SignedInfo']/*[local-name(.)='Reference']`, signature);
  if (refs.length !== 1 || refs[0].getAttribute("URI") !== "") throw new Error('expected one Reference URI=""');

  const keyInfo = select(`./*[local-name(.)='KeyInfo']`, signature)[0];
  const pem = SignedXml.getCertFromKeyInfo(keyInfo);
  if (!pem) throw new Error("no X509Certificate in KeyInfo");
  const leaf = new crypto.X509Certificate(pem);
  if (!withinValidity(leaf, now)) throw new Error("signer certificate outside its validity period");
  if (!issuers.some((ca) => issuedBy(leaf, ca))) throw new Error("signer certificate does not chain to the trust anchor");

  const sig = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
  sig.loadSignature(signature);
  if (!sig.checkSignature(xml)) throw new Error("signature invalid");
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const start = process.hrtime.bigint();
  const now = new Date();
  const issuers = loadIssuers(opts, now);
  const names = fs.readdirSync(opts.dir).filter((n) => n.endsWith(".xml")).sort();
  let valid = 0;
  let invalid = 0;
  for (const name of names) {
    try {
      let xml = fs.readFileSync(path.join(opts.dir, name), "utf8");
      if (xml.startsWith(BOM)) xml = xml.slice(1);
      verifyDocument(xml, issuers, now);
      valid++;
    } catch (e) {
      invalid++;
      console.error(`xml-crypto verify: ${name}: ${e.message}`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ peer: "xml-crypto", files: names.length, valid, invalid,
                               seconds: Math.round(seconds * 1000) / 1000 }));
  process.exitCode = invalid ? 1 : 0;
}

main();
