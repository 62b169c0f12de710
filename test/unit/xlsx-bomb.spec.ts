/**
 * A zip bomb sent as a station list (issue 23): a worksheet that deflates from a few hundred
 * kilobytes to hundreds of megabytes is refused, in plain words naming the size and the limit,
 * before it is unpacked (by its central directory's declared total, issue 24), and the worker's memory stays far below what it would unpack to. A
 * central directory that lies (declares a small part, inflates to a big one) is stopped by the
 * streaming cap as soon as the part outgrows what it declared. The read runs in a child process,
 * so its peak memory is its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { DEFAULT_ZIP_LIMITS, MAX_UNPACKED_PART_MIB, type ZipLimits } from '../../libs/files/xlsx';
import { runTs } from '../support/run-ts';
import { centralEntry, workbook } from '../support/zip';

const SHEET = 'xl/worksheets/sheet1.xml';
const UNPACKED_MIB = 256;

/** A sheet part of UNPACKED_MIB MiB: its sheetData is blanks (what a streaming parser keeps as one text), deflated in 1 MiB steps. */
async function bombSheet(): Promise<{ packed: Buffer; size: number; crc: number }> {
  const head = Buffer.from('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const tail = Buffer.from('</sheetData></worksheet>');
  const blanks = Buffer.alloc(2 ** 20, ' ');
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = crc32(head);
  deflate.write(head);
  for (let i = 0; i < UNPACKED_MIB; i += 1) {
    crc = crc32(blanks, crc);
    if (!deflate.write(blanks)) await new Promise((r) => deflate.once('drain', r));
  }
  crc = crc32(tail, crc);
  deflate.end(tail);
  await done;
  return { packed: Buffer.concat(out), size: head.length + UNPACKED_MIB * 2 ** 20 + tail.length, crc: crc >>> 0 };
}

interface Read {
  rows: number;
  refused: string | null;
  peakGrowthMiB: number;
}

async function readInChild(path: string, limits?: ZipLimits): Promise<Read> {
  const run = await runTs(
    join(__dirname, '..', 'support', 'xlsx-memory.ts'),
    limits ? [path, JSON.stringify(limits)] : [path],
  );
  if (run.code !== 0) throw new Error(`the reader's process failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Read;
}

let dir: string;
let sheet: Awaited<ReturnType<typeof bombSheet>>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tizim-xlsx-bomb-'));
  sheet = await bombSheet();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a workbook that unpacks to far more than any form', () => {
  it('is refused by its central directory before any part is unpacked, naming the size and the limit, in bounded memory', async () => {
    const archive = workbook(sheet.packed, { packedSheet: { size: sheet.size, crc: sheet.crc } });
    expect(archive.length).toBeLessThan(2 ** 20);
    const path = join(dir, 'bomb.xlsx');
    writeFileSync(path, archive);
    const read = await readInChild(path);
    // The central directory's total is checked first (issue 24), before any part is opened; a
    // part over MAX_UNPACKED_PART_MIB within that total is refused as it is opened.
    expect(read.refused).toBe(
      `the file cannot be read as an Excel workbook (.xlsx): it would unpack to ${UNPACKED_MIB + 1} MiB, more than the ${DEFAULT_ZIP_LIMITS.maxUnpackedMiB} MiB a workbook may have`,
    );
    expect(MAX_UNPACKED_PART_MIB).toBeLessThan(DEFAULT_ZIP_LIMITS.maxUnpackedMiB);
    expect(read.rows).toBe(0);
    // A bound on memory, not a time: the sheet would unpack to 256 MiB.
    expect(read.peakGrowthMiB).toBeLessThan(150);
  });

  it('is refused by its part when the total is allowed, before the part is unpacked', async () => {
    const archive = workbook(sheet.packed, { packedSheet: { size: sheet.size, crc: sheet.crc } });
    const path = join(dir, 'bomb-part.xlsx');
    writeFileSync(path, archive);
    const read = await readInChild(path, { maxParts: 1000, maxUnpackedMiB: 1024 });
    expect(read.refused).toBe(
      `the file cannot be read as an Excel workbook (.xlsx): its part ${SHEET} is over ${MAX_UNPACKED_PART_MIB} MiB unpacked: no form's workbook is that big`,
    );
    expect(read.rows).toBe(0);
    expect(read.peakGrowthMiB).toBeLessThan(150);
  });

  it('is stopped by the streaming cap when its central directory declares the sheet small', async () => {
    const archive = workbook(sheet.packed, { packedSheet: { size: 4096, crc: sheet.crc } });
    const path = join(dir, 'lying.xlsx');
    writeFileSync(path, archive);
    expect(archive.readUInt32LE(centralEntry(archive, SHEET) + 24)).toBe(4096);
    const read = await readInChild(path);
    expect(read.refused).toBe(
      `the file cannot be read as an Excel workbook (.xlsx): its part ${SHEET} does not match its checksum: the file is damaged`,
    );
    expect(read.peakGrowthMiB).toBeLessThan(150);
  });
});
