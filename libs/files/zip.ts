/**
 * Reading the members of a ZIP archive (an .xlsx workbook is one) by its central directory, each
 * member as a stream: nothing is held whole, so a worksheet of any length stays in bounded memory.
 * Stored and deflated members (what every spreadsheet writer uses), ZIP64 sizes and offsets
 * (streaming writers use them), the sizes from the central directory (so a member written with a
 * data descriptor reads the same); each member's length and CRC-32 are checked as it is read.
 * Encrypted members, other compression methods and archives split over several disks are refused.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Transform, pipeline, type Readable, type TransformCallback } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import type { CodedProblem } from '../contracts/problems';
import { problem } from './problems';

/** Why an archive or a member cannot be read, in plain words that name no data. */
export class ZipTrouble extends Error {
  constructor(readonly problem: CodedProblem) {
    super(problem.message);
    this.name = 'ZipTrouble';
  }
}

export interface ZipEntry {
  /** The member's name as stored ("xl/worksheets/sheet1.xml"). */
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record is 22 bytes, followed by a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;
/** More members than any workbook has; a central directory claiming more is not one. */
const MAX_ENTRIES = 100_000;

const DAMAGED = problem('xlsx.zip-incomplete', {});

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipTrouble(DAMAGED);
  return buffer;
}

/** A 64-bit little-endian size or offset; beyond 2^53 no file on this machine is that big. */
function uint64(b: Buffer, at: number): number {
  const n = b.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipTrouble(DAMAGED);
  return Number(n);
}

/** The archive's members by their central directory. */
export async function zipEntries(path: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    if (fileSize < 22) throw new ZipTrouble(DAMAGED);
    const tailLength = Math.min(fileSize, EOCD_SEARCH);
    const tail = await readAt(handle, fileSize - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i -= 1) {
      // The signature could occur inside a comment: the real record's comment ends the file.
      if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new ZipTrouble(DAMAGED);
    const eocdOffset = fileSize - tailLength + at;
    let disk = tail.readUInt16LE(at + 4);
    let cdDisk = tail.readUInt16LE(at + 6);
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      if (eocdOffset < 20) throw new ZipTrouble(DAMAGED);
      const locator = await readAt(handle, eocdOffset - 20, 20);
      if (locator.readUInt32LE(0) === ZIP64_LOCATOR) {
        const record = await readAt(handle, uint64(locator, 8), 56);
        if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipTrouble(DAMAGED);
        disk = record.readUInt32LE(16);
        cdDisk = record.readUInt32LE(20);
        count = uint64(record, 32);
        cdSize = uint64(record, 40);
        cdOffset = uint64(record, 48);
      }
    }
    if (disk !== 0 || cdDisk !== 0) throw new ZipTrouble(problem('xlsx.zip-split', {}));
    if (count > MAX_ENTRIES || cdOffset + cdSize > eocdOffset) throw new ZipTrouble(DAMAGED);
    const cd = await readAt(handle, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i += 1) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipTrouble(DAMAGED);
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let size = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let headerOffset = cd.readUInt32LE(p + 42);
      const end = p + 46 + nameLength + extraLength + commentLength;
      if (end > cd.length) throw new ZipTrouble(DAMAGED);
      // Bit 11: the name is UTF-8; otherwise code page 437, which is ASCII for every part name of a workbook.
      const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
      // ZIP64: the fields that overflowed (0xFFFFFFFF) follow in the extra field 0x0001, in this order.
      for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength;) {
        const id = cd.readUInt16LE(x);
        const length = cd.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let f = x + 4;
          const next = () => {
            if (f + 8 > x + 4 + length) throw new ZipTrouble(DAMAGED);
            const v = uint64(cd, f);
            f += 8;
            return v;
          };
          if (size === 0xffffffff) size = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (headerOffset === 0xffffffff) headerOffset = next();
        }
        x += 4 + length;
      }
      entries.push({ name, method, flags, crc, compressedSize, size, headerOffset });
      p = end;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * Counts the inflated bytes and their CRC-32, and fails when they are not what the directory says:
 * the streaming cap. A member inflating past the size it declares is stopped at that chunk, so a
 * directory that lies (a small size for a bomb) unpacks no more than it declared; the readers
 * refuse a declared size over their limit before opening the member (libs/files/xlsx.ts).
 */
class Checked extends Transform {
  private length = 0;
  private crc = 0;

  /** The file stream under this one: destroying this one ends when the file is closed. */
  source: (NodeJS.ReadableStream & { destroy(): void; closed?: boolean }) | null = null;

  constructor(private readonly entry: ZipEntry) {
    super();
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    const source = this.source;
    if (!source || source.closed) {
      done(err);
      return;
    }
    source.once('close', () => done(err));
    source.destroy();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.length += chunk.length;
    if (this.length > this.entry.size) {
      done(new ZipTrouble(problem('xlsx.part-checksum', { part: this.entry.name })));
      return;
    }
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.length !== this.entry.size || this.crc >>> 0 !== this.entry.crc >>> 0) {
      done(new ZipTrouble(problem('xlsx.part-checksum', { part: this.entry.name })));
      return;
    }
    done();
  }
}

/**
 * One member's content as a stream of bytes. Errors (damage, a wrong checksum) come out of the
 * returned stream; destroying it closes the file.
 */
export async function openEntry(path: string, entry: ZipEntry): Promise<Readable> {
  if (entry.flags & 0x1) throw new ZipTrouble(problem('xlsx.encrypted', {}));
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipTrouble(problem('xlsx.part-method', { part: entry.name, method: entry.method }));
  }
  const handle = await open(path, 'r');
  let dataStart: number;
  try {
    const local = await readAt(handle, entry.headerOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL) throw new ZipTrouble(DAMAGED);
    dataStart = entry.headerOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  const checked = new Checked(entry);
  if (entry.compressedSize === 0) {
    checked.end();
    return checked;
  }
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  checked.source = raw;
  // pipeline destroys every stage when one fails or the reader stops early, and the error comes
  // out of the last: the inflater's own messages are not plain words, the reader replaces them.
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [
    raw,
    ...(entry.method === 8 ? [createInflateRaw()] : []),
    checked,
  ];
  pipeline(stages, () => undefined);
  return checked;
}
