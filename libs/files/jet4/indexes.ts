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

/**
 * Cyrillic letters of Russian and Kazakh (lower case; upper case takes the same codes): two inline
 * bytes 0x79 and the second given here, and for some letters an extra code (Ё, Ғ, Қ, Ң, Ү, Һ are
 * "international" characters: a base letter plus an accent code kept after the text). Ә and Ө are
 * not in Access 2000's General order: it leaves them out of the key (null here). From the same
 * Jackcess table (index_codes_ext_genleg.txt).
 */
const CYRILLIC: Record<string, [number, number?] | null> = {
  а: [0x2f],
  б: [0x30],
  в: [0x31],
  г: [0x32],
  ғ: [0x32, 0x1a],
  д: [0x33],
  е: [0x36],
  ё: [0x36, 0x13],
  ж: [0x38],
  з: [0x39],
  и: [0x3b],
  і: [0x3c],
  й: [0x3e],
  к: [0x40],
  қ: [0x40, 0x17],
  л: [0x41],
  м: [0x43],
  н: [0x44],
  ң: [0x44, 0x07],
  һ: [0x44, 0x09],
  о: [0x46],
  п: [0x47],
  р: [0x48],
  с: [0x49],
  т: [0x4a],
  у: [0x4d],
  ү: [0x4d, 0x0b],
  ұ: [0x4f],
  ф: [0x50],
  х: [0x51],
  ц: [0x52],
  ч: [0x53],
  ш: [0x55],
  щ: [0x56],
  ъ: [0x57],
  ы: [0x58],
  ь: [0x59],
  э: [0x5a],
  ю: [0x5b],
  я: [0x5c],
  ә: null,
  ө: null,
};
const CYRILLIC_INLINE = 0x79;
/** Extra codes: a placeholder for characters without one, trailing placeholders dropped. */
const NO_EXTRA = 0x02;

interface CharCodes {
  inline: number[];
  extra?: number;
}

/** The codes of a character; `undefined` when the table does not know it, null when it is left out. */
function charCodes(ch: string): CharCodes | null | undefined {
  const c = ch.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return { inline: [0x36 + 2 * (c - 0x30)] };
  const upper = c & ~0x20;
  if (c < 0x80 && upper >= 0x41 && upper <= 0x5a) return { inline: [LETTER_CODES[upper - 0x41]] };
  const punctuation = PUNCTUATION_CODES[ch];
  if (punctuation) return { inline: punctuation };
  const cyrillic = CYRILLIC[ch.toLowerCase()];
  if (cyrillic === null) return null;
  if (cyrillic) return { inline: [CYRILLIC_INLINE, cyrillic[0]], extra: cyrillic[1] };
  return undefined;
}

/**
 * A text key in the General sort order (Jackcess's GeneralLegacyIndexCodes describes the layout):
 * the characters' inline codes, END_TEXT, then, when any character has an extra code, those codes
 * by character position (a placeholder for characters without one), and END_EXTRA.
 *
 * Characters outside the tables above (other scripts, an apostrophe, a hyphen) take code sections
 * this writer does not produce: the writer refuses table names holding them (unkeyableCharacter).
 */
export function textKey(text: string): Buffer {
  const bytes: number[] = [ASCENDING_NOT_NULL];
  const extras: number[] = [];
  let position = 0;
  for (const ch of text) {
    const codes = charCodes(ch);
    if (codes === null) continue;
    if (codes === undefined) throw new Error(`jet4: no General sort order code for ${JSON.stringify(ch)}`);
    bytes.push(...codes.inline);
    if (codes.extra !== undefined) {
      while (extras.length < position) extras.push(NO_EXTRA);
      extras.push(codes.extra);
    }
    position++;
  }
  bytes.push(END_TEXT, ...extras, END_EXTRA);
  return Buffer.from(bytes);
}

/** The first character of `text` that textKey cannot code, or null when it codes them all. */
export function unkeyableCharacter(text: string): string | null {
  for (const ch of text) if (charCodes(ch) === undefined) return ch;
  return null;
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
