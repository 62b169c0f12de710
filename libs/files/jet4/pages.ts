/**
 * Pages: a growable store of 4 KiB pages, data pages filled with rows, and usage maps.
 */
import {
  DataPage,
  INLINE_MAP_PAGES,
  MAX_BITMAP_PAGES,
  PAGE_SIZE,
  PAGES_PER_BITMAP_PAGE,
  PageType,
  UsageMap,
} from './format';
import { JetWriteError } from './errors';

/** Pages kept in 1 MiB chunks: memory grows with the file, without one copy per page. */
export class PageStore {
  private static readonly PAGES_PER_CHUNK = 256;
  private readonly chunks: Buffer[] = [];
  count = 0;

  /** A new zero-filled page. */
  add(): Buffer {
    const inChunk = this.count % PageStore.PAGES_PER_CHUNK;
    if (inChunk === 0) this.chunks.push(Buffer.alloc(PageStore.PAGES_PER_CHUNK * PAGE_SIZE));
    this.count++;
    const chunk = this.chunks[this.chunks.length - 1];
    return chunk.subarray(inChunk * PAGE_SIZE, (inChunk + 1) * PAGE_SIZE);
  }

  /** Page `i` of the store (0 = the first added). */
  get(i: number): Buffer {
    const chunk = this.chunks[Math.floor(i / PageStore.PAGES_PER_CHUNK)];
    const at = (i % PageStore.PAGES_PER_CHUNK) * PAGE_SIZE;
    return chunk.subarray(at, at + PAGE_SIZE);
  }

  /** Copies the pages into `target` from page number `firstPage` on, releasing the chunks. */
  moveInto(target: Buffer, firstPage: number): void {
    let at = firstPage * PAGE_SIZE;
    let left = this.count * PAGE_SIZE;
    while (this.chunks.length > 0 && left > 0) {
      const chunk = this.chunks.shift()!;
      const n = Math.min(chunk.length, left);
      chunk.copy(target, at, 0, n);
      at += n;
      left -= n;
    }
  }
}

/**
 * Fills data pages with rows (HACKING.md, "Data Pages"): a 14-byte header (type 0x01, 0x01, free
 * space, owning table's definition page, 4 unknown bytes, row count), then one 2-byte offset per
 * row; the rows themselves are packed from the end of the page towards the offsets, row 0 last.
 */
export class DataPageWriter {
  private page: Buffer | null = null;
  private rows = 0;
  /** Offset of the lowest row stored on the current page. */
  private rowsStart = PAGE_SIZE;

  constructor(
    private readonly store: PageStore,
    /** The page of the owning table's definition; 0 for pages of usage maps. */
    private readonly owner: number,
  ) {}

  /** Stores the row; returns where: the page's place in the store times 256, plus the row number. */
  add(row: Buffer, length: number): number {
    if (!this.page || !this.fits(length)) this.startPage();
    const page = this.page!;
    this.rowsStart -= length;
    row.copy(page, this.rowsStart, 0, length);
    page.writeUInt16LE(this.rowsStart, DataPage.rowOffsetsStart + this.rows * DataPage.rowOffsetSize);
    this.rows++;
    page.writeUInt16LE(this.rows, DataPage.rowCountOffset);
    page.writeUInt16LE(
      this.rowsStart - DataPage.rowOffsetsStart - this.rows * DataPage.rowOffsetSize,
      DataPage.freeSpaceOffset,
    );
    return (this.store.count - 1) * 256 + this.rows - 1;
  }

  private fits(length: number): boolean {
    const offsetsEnd = DataPage.rowOffsetsStart + (this.rows + 1) * DataPage.rowOffsetSize;
    return this.rows < DataPage.maxRows && offsetsEnd <= this.rowsStart - length;
  }

  private startPage(): void {
    const page = this.store.add();
    page[0] = PageType.data;
    page[1] = 0x01;
    page.writeUInt16LE(PAGE_SIZE - DataPage.rowOffsetsStart, DataPage.freeSpaceOffset);
    page.writeUInt32LE(this.owner, DataPage.ownerOffset);
    this.page = page;
    this.rows = 0;
    this.rowsStart = PAGE_SIZE;
  }
}

/** A data pointer: page in the top 24 bits, row in the low 8 (HACKING.md: used_pages, lval_dp). */
export function dataPointer(page: number, row: number): number {
  return page * 256 + row;
}

function setBit(bitmap: Buffer, offset: number, bit: number): void {
  bitmap[offset + (bit >> 3)] |= 1 << (bit & 7);
}

export interface UsageMapParts {
  /** The 64-byte usage map row. */
  row: Buffer;
  /** For a type 1 map: its bitmap pages, to be stored at the page numbers the row points to. */
  bitmapPages: Buffer[];
}

/**
 * The usage map of `count` consecutive pages from `first` (HACKING.md, "Page Usage Maps").
 * Type 0 when they fit its inline bitmap; else type 1, whose pointer i names a type 0x05 page
 * mapping pages i * 32736 ..; those pages get the numbers `bitmapPageNumbers` hands out.
 */
export function usageMap(first: number, count: number, bitmapPageNumbers: () => number): UsageMapParts {
  const row = Buffer.alloc(UsageMap.rowSize);
  if (count <= INLINE_MAP_PAGES) {
    row[0] = UsageMap.inlineType;
    row.writeUInt32LE(count > 0 ? first : 0, 1);
    for (let i = 0; i < count; i++) setBit(row, UsageMap.inlineBitmapOffset, i);
    return { row, bitmapPages: [] };
  }
  row[0] = UsageMap.referenceType;
  const last = first + count - 1;
  const lastMap = Math.floor(last / PAGES_PER_BITMAP_PAGE);
  if (lastMap >= MAX_BITMAP_PAGES) {
    throw new JetWriteError(
      `the table needs pages beyond number ${MAX_BITMAP_PAGES * PAGES_PER_BITMAP_PAGE}, more than a Jet 4 usage map can address (about 2 GB)`,
    );
  }
  const bitmapPages: Buffer[] = [];
  for (let m = Math.floor(first / PAGES_PER_BITMAP_PAGE); m <= lastMap; m++) {
    const page = Buffer.alloc(PAGE_SIZE);
    page[0] = PageType.usageBitmap;
    page[1] = 0x01;
    const from = Math.max(first, m * PAGES_PER_BITMAP_PAGE);
    const to = Math.min(last, (m + 1) * PAGES_PER_BITMAP_PAGE - 1);
    for (let p = from; p <= to; p++) setBit(page, UsageMap.bitmapPageHeaderSize, p - m * PAGES_PER_BITMAP_PAGE);
    row.writeUInt32LE(bitmapPageNumbers(), 1 + m * 4);
    bitmapPages.push(page);
  }
  return { row, bitmapPages };
}
