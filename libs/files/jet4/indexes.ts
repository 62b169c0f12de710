/**
 * Index entries and index pages (HACKING.md, "Indices"; Jackcess's IndexData for the details the
 * document leaves open).
 *
 * An entry is, per indexed column, a flag byte (0x7f: ascending, not null) and the column's value
 * in sortable form, then the row's data pointer as a 3-byte page number and a 1-byte row number,
 * big-endian: entries sort by their bytes. A node page's entries add, in 4 bytes (big-endian), the
 * child page whose last entry they are.
 *
 * The tree is built bottom-up from entries given in order: leaf pages (type 0x04) filled one after
 * the other and linked to their neighbours, then as many levels of node pages (type 0x03) as it
 * takes to end in one root page. An index without entries is one empty leaf page, as Jackcess
 * creates a new index. Entries are not prefix-compressed (a shared prefix length of 0, which the
 * format allows: HACKING.md, "pref_len").
 */
import { IndexPage, PAGE_SIZE, PageType } from './format';
import { PageStore } from './pages';

const ASCENDING_NOT_NULL = 0x7f;
/** Where the text of a General sort order key ends, and its (empty) extra codes end. */
const END_TEXT = 0x01;
const END_EXTRA = 0x00;
const POINTER_SIZE = 4;
const CHILD_SIZE = 4;

/**
 * Sort codes of the "General" (legacy) sort order, Access 2000's default, for the printable ASCII
 * characters that carry a single code: 0-9, letters without regard to case, space and the
 * punctuation Access allows in names. Written from the character table Jackcess publishes with its
 * source (index_codes_genleg.txt) and checked against the entries of Microsoft-made catalogues
 * ("MSysObjects" is 60 6b 76 6b 64 4c 5b 51 4d 6d 6b). HACKING.md's older table (A-Z 0x60-0x79)
 * is not what Access 2000 writes.
 */
const LETTER_CODES = [
  0x4a, 0x4c, 0x4d, 0x4f, 0x51, 0x53, 0x55, 0x57, 0x59, 0x5b, 0x5c, 0x5e, 0x60, 0x62, 0x64, 0x66, 0x68, 0x69, 0x6b,
  0x6d, 0x6f, 0x71, 0x73, 0x75, 0x76, 0x78,
];
const PUNCTUATION_CODES: Record<string, number[]> = {
  ' ': [0x07],
  '"': [0x0a],
  '#': [0x0c],
  $: [0x0e],
  '%': [0x10],
  '&': [0x12],
  '(': [0x14],
  ')': [0x16],
  '*': [0x18],
  '+': [0x2c],
  ',': [0x1a],
  '/': [0x1e],
  ':': [0x20],
  ';': [0x22],
  '<': [0x2e],
  '=': [0x30],
  '>': [0x32],
  '?': [0x24],
  '@': [0x26],
  '\\': [0x29],
  '^': [0x2b, 0x02],
  _: [0x2b, 0x03],
  '{': [0x2b, 0x09],
  '|': [0x2b, 0x0b],
  '}': [0x2b, 0x0d],
  '~': [0x2b, 0x0f],
};

function charCodes(ch: string): number[] | null {
  const c = ch.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return [0x36 + 2 * (c - 0x30)];
  const upper = c & ~0x20;
  if (upper >= 0x41 && upper <= 0x5a) return [LETTER_CODES[upper - 0x41]];
  return PUNCTUATION_CODES[ch] ?? null;
}

/**
 * A text key in the General sort order. Characters outside the table above (Cyrillic, an
 * apostrophe, a hyphen) take Access's extra code sections, which this writer does not produce:
 * they are written as 0x2b and their UTF-16 code unit, so entries stay in a consistent order,
 * but Jackcess, computing the real codes, would not find such a name through the index.
 */
export function textKey(text: string): Buffer {
  const bytes: number[] = [ASCENDING_NOT_NULL];
  for (const ch of text) {
    const codes = charCodes(ch);
    if (codes) bytes.push(...codes);
    else for (let i = 0; i < ch.length; i++) bytes.push(0x2b, ch.charCodeAt(i) >> 8, ch.charCodeAt(i) & 0xff);
  }
  bytes.push(END_TEXT, END_EXTRA);
  return Buffer.from(bytes);
}

/** A Long Integer key: big-endian with the sign bit flipped, so that the bytes sort as numbers. */
export function longKey(value: number): Buffer {
  const out = Buffer.alloc(5);
  out[0] = ASCENDING_NOT_NULL;
  out.writeInt32BE(value, 1);
  out[1] ^= 0x80;
  return out;
}

/** Writes the row's data pointer (3-byte page, 1-byte row, big-endian) after a key. */
export function withPointer(key: Buffer, page: number, row: number): Buffer {
  const out = Buffer.alloc(key.length + POINTER_SIZE);
  key.copy(out);
  out.writeUIntBE(page, key.length, 3);
  out[key.length + 3] = row;
  return out;
}

/** The room for entries on an index page. */
const ENTRY_ROOM = PAGE_SIZE - IndexPage.entriesStart;

class LevelWriter {
  private page: Buffer | null = null;
  private pageNumber = 0;
  private used = 0;
  private last: Buffer | null = null;
  /** Each finished page's number and last entry (for the level above). */
  readonly finished: { page: number; last: Buffer }[] = [];

  constructor(
    private readonly store: PageStore,
    private readonly firstPage: number,
    private readonly owner: number,
    private readonly leaf: boolean,
  ) {}

  add(entry: Buffer, length: number): void {
    if (!this.page || this.used + length > ENTRY_ROOM) this.startPage();
    const page = this.page!;
    entry.copy(page, IndexPage.entriesStart + this.used, 0, length);
    this.used += length;
    // Bit n of the mask marks an entry ending n bytes after the first entry's start.
    page[IndexPage.entryMaskOffset + (this.used >> 3)] |= 1 << (this.used & 7);
    page.writeUInt16LE(ENTRY_ROOM - this.used, IndexPage.freeSpaceOffset);
    // The last entry as stored on the page (the caller may reuse `entry`), without a child pointer.
    const end = IndexPage.entriesStart + this.used;
    this.last = page.subarray(end - length, this.leaf ? end : end - CHILD_SIZE);
  }

  /** Closes the current page; true when the level had any page. */
  close(): void {
    if (this.page && this.last) this.finished.push({ page: this.pageNumber, last: Buffer.from(this.last) });
    this.page = null;
  }

  /** An empty leaf page: an index of no rows. */
  empty(): void {
    this.startPage();
    this.finished.push({ page: this.pageNumber, last: Buffer.alloc(0) });
    this.page = null;
  }

  private startPage(): void {
    if (this.page) {
      this.close();
      this.page = null;
    }
    const previous = this.finished.length > 0 ? this.finished[this.finished.length - 1].page : 0;
    const page = this.store.add();
    this.pageNumber = this.firstPage + this.store.count - 1;
    page[0] = this.leaf ? PageType.indexLeaf : PageType.indexNode;
    page[1] = 0x01;
    page.writeUInt16LE(ENTRY_ROOM, IndexPage.freeSpaceOffset);
    page.writeUInt32LE(this.owner, IndexPage.ownerOffset);
    page.writeUInt32LE(previous, IndexPage.prevPageOffset);
    if (previous !== 0)
      this.store.get(previous - this.firstPage).writeUInt32LE(this.pageNumber, IndexPage.nextPageOffset);
    this.page = page;
    this.used = 0;
    this.last = null;
  }
}

export interface BuiltIndex {
  pages: PageStore;
  /** The root page's number. */
  root: number;
}

/**
 * Builds the index pages, numbered from `firstPage`, over entries given in ascending order (each
 * a key with its data pointer, see withPointer). `entries` may reuse one buffer: each is copied
 * before the next is asked for.
 */
export function buildIndex(
  entries: Iterable<{ bytes: Buffer; length: number }>,
  firstPage: number,
  owner: number,
): BuiltIndex {
  const store = new PageStore();
  const leaves = new LevelWriter(store, firstPage, owner, true);
  let any = false;
  for (const e of entries) {
    leaves.add(e.bytes, e.length);
    any = true;
  }
  if (!any) {
    leaves.empty();
    return { pages: store, root: firstPage };
  }
  leaves.close();
  let level = leaves.finished;
  while (level.length > 1) {
    const nodes = new LevelWriter(store, firstPage, owner, false);
    for (const child of level) {
      const entry = Buffer.alloc(child.last.length + CHILD_SIZE);
      child.last.copy(entry);
      entry.writeUInt32BE(child.page, child.last.length);
      nodes.add(entry, entry.length);
    }
    nodes.close();
    level = nodes.finished;
  }
  return { pages: store, root: level[0].page };
}
