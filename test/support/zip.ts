/**
 * A minimal ZIP writer for tests that need a workbook of a precise shape (a part left out, a cell
 * of a kind no library writes, damage in a chosen place): members stored or deflated, in order.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface Member {
  name: string;
  data: string | Buffer;
  store?: boolean;
  /** `data` is already deflated: its unpacked size and CRC-32 as the archive declares them. */
  packed?: { size: number; crc: number };
}

export function zip(members: Member[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const data = typeof m.data === 'string' ? Buffer.from(m.data, 'utf8') : m.data;
    const packed = m.store || m.packed ? data : deflateRawSync(data);
    const name = Buffer.from(m.name, 'utf8');
    const crc = m.packed ? m.packed.crc : crc32(data) >>> 0;
    const size = m.packed ? m.packed.size : data.length;
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x800, 6);
    head.writeUInt16LE(m.store ? 0 : 8, 8);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(size, 22);
    head.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(m.store ? 0 : 8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(head, name, packed);
    central.push(entry, name);
    offset += head.length + name.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

/** Where a member's entry starts in the central directory (its name follows the 46-byte header), to damage it in tests. */
export function centralEntry(archive: Buffer, name: string): number {
  const at = archive.lastIndexOf(Buffer.from(name)) - 46;
  if (at < 0 || archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central directory entry for ${name}`);
  return at;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A workbook of one sheet whose sheetData is given (or the whole sheet part as bytes), with shared strings and styles when given. */
export function workbook(
  sheetData: string | Buffer,
  parts: {
    sharedStrings?: string;
    styles?: string;
    workbookPr?: string;
    storeSheet?: boolean;
    /** The sheet part (a Buffer) is deflated already: its unpacked size and CRC-32. */
    packedSheet?: { size: number; crc: number };
  } = {},
): Buffer {
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${RELS}/${type}" Target="${target}"/>`;
  return zip([
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="${PKG}">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="${MAIN}" xmlns:r="${RELS}">${parts.workbookPr ?? ''}<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="${PKG}">${rel('rId1', 'worksheet', 'worksheets/sheet1.xml')}${parts.sharedStrings ? rel('rId2', 'sharedStrings', 'sharedStrings.xml') : ''}${parts.styles ? rel('rId3', 'styles', 'styles.xml') : ''}</Relationships>`,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data:
        typeof sheetData === 'string'
          ? `<worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`
          : sheetData,
      store: parts.storeSheet,
      packed: parts.packedSheet,
    },
    ...(parts.sharedStrings
      ? [{ name: 'xl/sharedStrings.xml', data: `<sst xmlns="${MAIN}">${parts.sharedStrings}</sst>` }]
      : []),
    ...(parts.styles
      ? [{ name: 'xl/styles.xml', data: `<styleSheet xmlns="${MAIN}">${parts.styles}</styleSheet>` }]
      : []),
  ]);
}
