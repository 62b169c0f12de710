#!/usr/bin/env node
/**
 * Mends a known bug in an installed dependency, after every `npm install` / `npm ci` (postinstall)
 * and on every `npm run setup`. Idempotent; fails loudly when the dependency no longer looks as
 * expected, so an upgrade is checked by hand instead of silently running unmended.
 *
 * exceljs 4.4.0 (the newest release): its streaming reader decodes each inflated chunk of a
 * worksheet's XML separately (lib/utils/parse-sax.js), so a two-byte Cyrillic or Kazakh letter
 * that falls on a chunk boundary becomes two U+FFFD: long station premises or boundary texts in
 * .xlsx came out damaged. Upstream issues exceljs#2063, #2084, #2316 are open, the fixes unmerged.
 * The mend decodes the stream as a stream (one TextDecoder per parse, `stream: true`).
 * test/unit/xlsx.spec.ts fails without it.
 */
'use strict';
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const MARK = '/* tizim: streaming UTF-8 decode */';
const file = join(__dirname, '..', 'node_modules', 'exceljs', 'lib', 'utils', 'parse-sax.js');

function mendExceljs() {
  if (!existsSync(file)) return 'exceljs is not installed: nothing to mend';
  const text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) return 'exceljs parse-sax: already mended';
  const write = '    saxesParser.write(bufferToString(chunk));';
  const parser = '  const saxesParser = new SaxesParser();';
  if (!text.includes(write) || !text.includes(parser)) {
    throw new Error(`${file} is not the exceljs 4.4.0 code this mend was written for: check whether the UTF-8 chunk bug is fixed upstream (test/unit/xlsx.spec.ts), then update or drop scripts/patch-dependencies.js`);
  }
  const mended = text
    .replace(parser, `${parser}\n  ${MARK}\n  const utf8 = new TextDecoder('utf-8');`)
    .replace(write, "    saxesParser.write(typeof chunk === 'string' ? chunk : utf8.decode(chunk, {stream: true}));");
  writeFileSync(file, mended);
  return 'exceljs parse-sax: mended (UTF-8 decoded as a stream)';
}

try {
  process.stdout.write(`[patch-dependencies] ${mendExceljs()}\n`);
} catch (err) {
  process.stderr.write(`[patch-dependencies] ${err.message}\n`);
  process.exit(1);
}
