/**
 * The CEC's register extract (AIS «Сайлау»), format `tizim-register-extract` version 1: what a
 * file handed over for import must hold, as data, so the importer (./snapshot-import.ts), the
 * README and the CEC's side read one description. A JSON copy is committed beside this file
 * (extract-format.v1.json, written by `npm run samples`); test/unit/register-extract-format.spec.ts
 * holds the two equal.
 *
 * A CSV file (UTF-8 or Windows-1251; ';', ',' or tab) whose header names these fields in any
 * order and letter case, or an MS Access table of the same columns (named REGISTER, or the only
 * table). Dates are YYYY-MM-DD or DD.MM.YYYY. One row per person; a status fact is a date in its
 * column (the fact holds since then).
 */

export const EXTRACT_FORMAT_NAME = 'tizim-register-extract';
export const EXTRACT_FORMAT_VERSION = 1;
/** As register_snapshot.format records it. */
export const EXTRACT_FORMAT_ID = `${EXTRACT_FORMAT_NAME}/${EXTRACT_FORMAT_VERSION}`;

export type ExtractFieldType = 'text' | 'date' | 'iin' | 'digits' | 'integer' | 'enum';

export interface ExtractField {
  name: string;
  type: ExtractFieldType;
  required: boolean;
  /** Text: the most characters; digits: the exact number of digits. */
  maxLength?: number;
  /** Enum: the values accepted (letter case ignored). */
  values?: string[];
  /** Text: a regular expression the value must match. */
  pattern?: string;
  /** A status fact: the register_status_fact kind the date becomes. */
  fact?: string;
  description: { ru: string; en: string };
}

export interface ExtractFormat {
  name: string;
  version: number;
  encodings: string[];
  delimiters: string[];
  dateFormats: string[];
  accessTable: string;
  fields: ExtractField[];
  /** Rules across fields, in words (the importer checks each; the rule names are the problems'). */
  rules: { rule: string; fields: string[]; ru: string; en: string }[];
  /** Limits past which the whole file is refused. */
  refusal: { maxHeldBackRows: number; maxHeldBackShare: number };
}

const fact = (name: string, kind: string, ru: string, en: string): ExtractField => ({
  name,
  type: 'date',
  required: false,
  fact: kind,
  description: { ru, en },
});

export const EXTRACT_FORMAT_V1: ExtractFormat = {
  name: EXTRACT_FORMAT_NAME,
  version: EXTRACT_FORMAT_VERSION,
  encodings: ['UTF-8', 'Windows-1251'],
  delimiters: [';', ',', '\t'],
  dateFormats: ['YYYY-MM-DD', 'DD.MM.YYYY'],
  accessTable: 'REGISTER',
  fields: [
    {
      name: 'IIN',
      type: 'iin',
      required: true,
      description: {
        ru: 'ИИН: 12 цифр с верной контрольной цифрой; в выписке один раз',
        en: 'IIN: 12 digits with a valid check digit; once in the extract',
      },
    },
    { name: 'SURNAME', type: 'text', required: true, maxLength: 100, description: { ru: 'Фамилия', en: 'Surname' } },
    { name: 'FIRST_NAME', type: 'text', required: true, maxLength: 100, description: { ru: 'Имя', en: 'First name' } },
    {
      name: 'PATRONYMIC',
      type: 'text',
      required: false,
      maxLength: 100,
      description: { ru: 'Отчество (при наличии)', en: 'Patronymic (if any)' },
    },
    {
      name: 'BIRTH_DATE',
      type: 'date',
      required: true,
      description: { ru: 'Дата рождения, не ранее 1900-01-01', en: 'Date of birth, not before 1900-01-01' },
    },
    {
      name: 'SEX',
      type: 'enum',
      required: true,
      values: ['M', 'F', 'М', 'Ж', '1', '2'],
      description: { ru: 'Пол: M/М/1 мужской, F/Ж/2 женский', en: 'Sex: M/М/1 male, F/Ж/2 female' },
    },
    {
      name: 'CITIZENSHIP',
      type: 'text',
      required: true,
      maxLength: 2,
      pattern: '^[A-Z]{2}$',
      description: {
        ru: 'Гражданство: код ISO 3166-1 alpha-2, KZ для граждан Казахстана',
        en: 'Citizenship: ISO 3166-1 alpha-2 code, KZ for citizens of Kazakhstan',
      },
    },
    {
      name: 'DOC_NUMBER',
      type: 'text',
      required: false,
      maxLength: 20,
      description: { ru: 'Номер документа, удостоверяющего личность', en: 'Identity document number' },
    },
    {
      name: 'DOC_ISSUED_ON',
      type: 'date',
      required: false,
      description: { ru: 'Дата выдачи документа', en: 'Date the document was issued' },
    },
    {
      name: 'DOC_EXPIRES_ON',
      type: 'date',
      required: false,
      description: {
        ru: 'Срок действия документа (может быть позже даты выписки)',
        en: "Date the document expires (may be after the extract's date)",
      },
    },
    {
      name: 'REGION',
      type: 'digits',
      required: true,
      maxLength: 2,
      description: {
        ru: 'Код области (города республиканского значения) по КАТО, 2 цифры',
        en: 'Region code (oblast or city of republican significance) per KATO, 2 digits',
      },
    },
    {
      name: 'DISTRICT',
      type: 'digits',
      required: true,
      maxLength: 4,
      description: {
        ru: 'Код района, 4 цифры, начинается с кода области',
        en: 'District code, 4 digits, starting with the region code',
      },
    },
    {
      name: 'KATO',
      type: 'digits',
      required: true,
      maxLength: 9,
      description: {
        ru: 'Код населённого пункта по КАТО, 9 цифр, начинается с кода района',
        en: 'Locality code per KATO, 9 digits, starting with the district code',
      },
    },
    {
      name: 'LOCALITY',
      type: 'text',
      required: true,
      maxLength: 200,
      description: { ru: 'Населённый пункт', en: 'Locality' },
    },
    { name: 'STREET', type: 'text', required: true, maxLength: 200, description: { ru: 'Улица', en: 'Street' } },
    { name: 'HOUSE', type: 'text', required: true, maxLength: 20, description: { ru: 'Дом', en: 'House' } },
    {
      name: 'APARTMENT',
      type: 'text',
      required: false,
      maxLength: 20,
      description: { ru: 'Квартира', en: 'Apartment' },
    },
    {
      name: 'REGISTERED_ON',
      type: 'date',
      required: false,
      description: { ru: 'Дата регистрации по адресу', en: 'Date of registration at the address' },
    },
    {
      name: 'STATION',
      type: 'integer',
      required: false,
      maxLength: 6,
      description: { ru: 'Номер избирательного участка области', en: "Number of the region's polling station" },
    },
    fact(
      'DEREGISTERED_ON',
      'DEREGISTERED',
      'Снят с регистрационного учёта (без адреса) с даты',
      'Deregistered (no registered address) since',
    ),
    fact(
      'EMIGRATED_ON',
      'EMIGRATED',
      'Выехал на ПМЖ за пределы Казахстана',
      'Left Kazakhstan for permanent residence abroad on',
    ),
    fact(
      'NON_CITIZEN_SINCE',
      'NON_CITIZEN',
      'Не гражданин Казахстана с даты; обязательно, если CITIZENSHIP не KZ',
      'Not a citizen of Kazakhstan since; required when CITIZENSHIP is not KZ',
    ),
    fact(
      'INCAPABLE_SINCE',
      'INCAPABLE',
      'Признан судом недееспособным с даты',
      'Declared legally incapable by a court since',
    ),
    fact(
      'IMPRISONED_SINCE',
      'IMPRISONED',
      'Содержится в местах лишения свободы по приговору суда с даты',
      'Held in a place of detention by a court sentence since',
    ),
    {
      name: 'IMPRISONED_UNTIL',
      type: 'date',
      required: false,
      description: {
        ru: 'Окончание срока наказания (только вместе с IMPRISONED_SINCE, позже неё; может быть позже даты выписки)',
        en: "End of the sentence (only with IMPRISONED_SINCE, after it; may be after the extract's date)",
      },
    },
    fact('DECEASED_ON', 'DECEASED', 'Дата смерти', 'Date of death'),
    fact(
      'CITIZENSHIP_LOST_ON',
      'CITIZENSHIP_LOST',
      'Утратил гражданство Казахстана',
      'Lost the citizenship of Kazakhstan on',
    ),
  ],
  rules: [
    {
      rule: 'after-as-of',
      fields: ['*'],
      ru: 'Ни одна дата, кроме DOC_EXPIRES_ON и IMPRISONED_UNTIL, не позже даты выписки',
      en: "No date but DOC_EXPIRES_ON and IMPRISONED_UNTIL is after the extract's date",
    },
    {
      rule: 'before-1900',
      fields: ['BIRTH_DATE'],
      ru: 'Дата рождения не ранее 1900 года',
      en: 'A birth date is not before 1900',
    },
    {
      rule: 'document-incomplete',
      fields: ['DOC_NUMBER', 'DOC_ISSUED_ON', 'DOC_EXPIRES_ON'],
      ru: 'Документ: все три поля или ни одного',
      en: 'The document: all three fields or none',
    },
    {
      rule: 'expires-before-issue',
      fields: ['DOC_EXPIRES_ON'],
      ru: 'Срок действия не раньше даты выдачи',
      en: 'A document does not expire before it is issued',
    },
    {
      rule: 'unknown-region',
      fields: ['REGION'],
      ru: 'Код области из справочника КАТО',
      en: 'A region code of the KATO list',
    },
    {
      rule: 'not-in-region',
      fields: ['DISTRICT'],
      ru: 'Код района начинается с кода области',
      en: 'The district code starts with the region code',
    },
    {
      rule: 'unknown-district',
      fields: ['DISTRICT'],
      ru: 'Район есть в справочнике районов Tizim',
      en: "The district is on Tizim's list of districts",
    },
    {
      rule: 'not-in-district',
      fields: ['KATO'],
      ru: 'Код КАТО начинается с кода района',
      en: 'The KATO code starts with the district code',
    },
    {
      rule: 'unknown-station',
      fields: ['STATION'],
      ru: 'Участок с этим номером есть в области',
      en: 'The region has a polling station of that number',
    },
    {
      rule: 'required-for-non-citizen',
      fields: ['NON_CITIZEN_SINCE'],
      ru: 'Обязательно, если CITIZENSHIP не KZ',
      en: 'Required when CITIZENSHIP is not KZ',
    },
    {
      rule: 'without-since',
      fields: ['IMPRISONED_UNTIL'],
      ru: 'Только вместе с IMPRISONED_SINCE',
      en: 'Only with IMPRISONED_SINCE',
    },
    {
      rule: 'not-after-since',
      fields: ['IMPRISONED_UNTIL'],
      ru: 'Позже IMPRISONED_SINCE',
      en: 'After IMPRISONED_SINCE',
    },
    {
      rule: 'repeated',
      fields: ['IIN'],
      ru: 'ИИН встречается в выписке один раз (остаётся первая строка)',
      en: 'An IIN occurs once in the extract (the first row is kept)',
    },
  ],
  refusal: { maxHeldBackRows: 100_000, maxHeldBackShare: 0.1 },
};

/** The description as the committed JSON copy holds it (two-space indent, a final line end). */
export function extractFormatJson(format: ExtractFormat = EXTRACT_FORMAT_V1): string {
  return `${JSON.stringify(format, null, 2)}\n`;
}

/** The field names, upper case, in the description's order. */
export const EXTRACT_FIELD_NAMES: readonly string[] = EXTRACT_FORMAT_V1.fields.map((f) => f.name);

/** What is wrong with a header, by name: the required fields it lacks, the names the format does not have, the fields it names twice. */
export interface HeaderTrouble {
  missing: string[];
  unknown: string[];
  twice: string[];
}

export type HeaderMatch =
  { columns: (ExtractField | null)[]; fields: ExtractField[] } | ({ problems: string[] } & HeaderTrouble);

/**
 * The file's header against the format: every name known (case and surrounding spaces ignored),
 * none twice, every required field present. Problems in plain words, naming the header's names
 * (they are column names, not personal data).
 */
export function matchHeader(header: readonly string[], format: ExtractFormat = EXTRACT_FORMAT_V1): HeaderMatch {
  const byName = new Map(format.fields.map((f) => [f.name, f]));
  const problems: string[] = [];
  const unknown: string[] = [];
  const twice: string[] = [];
  const seen = new Set<string>();
  const columns: (ExtractField | null)[] = [];
  header.forEach((raw, i) => {
    const name = raw
      .replace(/^\uFEFF/, '')
      .trim()
      .toUpperCase();
    const field = byName.get(name) ?? null;
    if (!field) {
      const shown = raw
        .trim()
        .slice(0, 40)
        .replace(/[^\p{L}\p{N}_ .-]/gu, '?');
      unknown.push(name === '' ? `(${i + 1})` : shown);
      problems.push(
        name === ''
          ? `column ${i + 1} of the header has no name`
          : `the header names a field "${shown}" (column ${i + 1}) that format ${format.version} does not have`,
      );
    } else if (seen.has(field.name)) {
      twice.push(field.name);
      problems.push(`the header names the field ${field.name} twice`);
    }
    if (field) seen.add(field.name);
    columns.push(field);
  });
  const missing = format.fields.filter((f) => f.required && !seen.has(f.name)).map((f) => f.name);
  if (missing.length > 0)
    problems.push(`the header lacks the required field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (problems.length > 0) return { problems, missing, unknown, twice };
  return { columns, fields: columns.filter((c): c is ExtractField => c !== null) };
}
