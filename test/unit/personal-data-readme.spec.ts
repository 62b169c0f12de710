/**
 * The README's "Personal data" table against prisma/schema.prisma: every table with a field tagged
 * `/// @pii` is listed, with its IIN kept as the tags say (in the clear, as a keyed hash, …), and
 * no listed table has lost its personal data. A field whose name says it is personal data must be
 * tagged, so a new `iin` or `surname` column cannot slip past both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';

/** How a tagged field keeps its value; a bare `@pii` means as is. */
const TREATMENTS = ['clear', 'keyed-hash', 'reference', 'clear-until-notified'] as const;
type Treatment = (typeof TREATMENTS)[number];

/**
 * Field names that are personal data wherever they appear (the maintained list): such a field
 * must carry a `@pii` tag. Any field whose name has "iin" in it is one too.
 */
const PERSONAL_FIELD_NAMES = [
  'surname',
  'firstName',
  'patronymic',
  'birthDate',
  'fullName',
  'holderName',
  'email',
  'documentNumber',
  'newDocumentNumber',
  'photoSha256',
  'signatureSha256',
];
const NAMES_AN_IIN = /iin/i;

interface PiiField {
  name: string;
  treatment: Treatment;
  /** Holds an IIN: by its name, or tagged `iin`. */
  iin: boolean;
}

interface Model {
  name: string;
  table: string;
  fields: { name: string; tag: PiiField | null }[];
}

function parseTag(doc: string[], field: string, model: string): PiiField | null {
  const line = doc.find((d) => /^@pii\b/.test(d));
  if (!line) return null;
  const words = line.split(/\s+/).slice(1);
  const unknown = words.filter((w) => w !== 'iin' && !(TREATMENTS as readonly string[]).includes(w));
  if (unknown.length)
    throw new Error(`prisma/schema.prisma, ${model}.${field}: "@pii ${words.join(' ')}" has unknown words ${unknown}`);
  const treatment = (words.find((w) => w !== 'iin') as Treatment | undefined) ?? 'clear';
  return { name: field, treatment, iin: words.includes('iin') || NAMES_AN_IIN.test(field) };
}

function parseSchema(text: string): Model[] {
  const models: Model[] = [];
  let current: Model | null = null;
  let doc: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const start = /^model (\w+) \{/.exec(line);
    if (start) {
      current = { name: start[1], table: start[1], fields: [] };
      doc = [];
      continue;
    }
    if (!current) continue;
    if (line === '}') {
      models.push(current);
      current = null;
      continue;
    }
    const map = /^@@map\("([^"]+)"\)/.exec(line);
    if (map) current.table = map[1];
    if (line.startsWith('///')) {
      doc.push(line.slice(3).trim());
      continue;
    }
    const field = /^(\w+)\s+\S/.exec(line);
    if (field && !line.startsWith('//') && !line.startsWith('@@'))
      current.fields.push({ name: field[1], tag: parseTag(doc, field[1], current.name) });
    doc = [];
  }
  return models;
}

interface ReadmeRow {
  table: string;
  iinKeptAs: string[];
}

/** The rows of the first table under "## Personal data": `table` in the first cell, the IIN's treatments (in backticks) in the third. */
function readmeRows(readme: string): ReadmeRow[] {
  const start = readme.indexOf('\n## Personal data\n');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  expect(lines.length).toBeGreaterThan(2);
  const header = lines[0].split('|').map((c) => c.trim());
  expect(header.slice(1, 4)).toEqual(['table', 'personal data it holds', 'the IIN kept']);
  return lines.slice(2).map((l) => {
    const cells = l.split('|').map((c) => c.trim());
    const table = /^`([a-z_]+)`$/.exec(cells[1]);
    if (!table)
      throw new Error(`README, "Personal data": the row "${l.slice(0, 60)}" does not name a table in backticks`);
    return { table: table[1], iinKeptAs: [...cells[3].matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).sort() };
  });
}

const schema = parseSchema(readFileSync(join(ROOT, 'prisma', 'schema.prisma'), 'utf8'));
const rows = readmeRows(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const personal = schema.filter((m) => m.fields.some((f) => f.tag));

describe("the README's personal-data table", () => {
  it('reads the schema (its models and tags)', () => {
    expect(schema.length).toBeGreaterThan(40);
    expect(personal.map((m) => m.table)).toEqual(expect.arrayContaining(['register_voter', 'voter_file_record']));
  });

  it('finds a tag on every field whose name says it is personal data', () => {
    const untagged = schema.flatMap((m) =>
      m.fields
        .filter((f) => !f.tag && (PERSONAL_FIELD_NAMES.includes(f.name) || NAMES_AN_IIN.test(f.name)))
        .map((f) => `${m.name}.${f.name}`),
    );
    expect(untagged).toEqual([]);
  });

  it('lists every table that holds personal data, and none that does not', () => {
    const listed = rows.map((r) => r.table);
    expect(listed.filter((t, i) => listed.indexOf(t) !== i)).toEqual([]);
    expect(personal.map((m) => m.table).filter((t) => !listed.includes(t))).toEqual([]);
    expect(listed.filter((t) => !personal.some((m) => m.table === t))).toEqual([]);
  });

  it("says how each table keeps the IIN, as the schema's tags do (`none` when it holds no IIN)", () => {
    const wrong = personal.flatMap((m) => {
      const iin = m.fields.flatMap((f) => (f.tag?.iin ? [f.tag.treatment] : []));
      const expected = iin.length ? [...new Set(iin)].sort() : ['none'];
      const row = rows.find((r) => r.table === m.table);
      return row && JSON.stringify(row.iinKeptAs) !== JSON.stringify(expected)
        ? [`${m.table}: README says ${row.iinKeptAs.join(', ') || 'nothing'}, the schema ${expected.join(', ')}`]
        : [];
    });
    expect(wrong).toEqual([]);
  });
});
