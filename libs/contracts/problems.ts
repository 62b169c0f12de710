/**
 * The problems Tizim reports, by a stable code and its parameters: the file checks' problems (a
 * rejection report's rows, libs/files) and the API's problem+json refusals. A code names what is
 * wrong and never changes with the wording; the parameters carry what the sentence says (a row, a
 * field, a count). The English message the API keeps beside each is built from the same parameters
 * (libs/files/problems.ts); the console renders the code in Russian and Kazakh
 * (apps/web/src/file-problems.ts) and shows a report stored before the codes by its English message.
 *
 * Codes are kebab-case, dotted by where they come from, and never translated. This file imports
 * nothing of the project: the API, the worker and the console share it.
 */

/** Appendix 1's Access column types, as the form names them. */
export type AccessFieldType = 'AutoNumber' | 'Text' | 'Date/Time' | 'Yes/No';

/** A missing column of a list form, with the first Russian and Kazakh names the form prints. */
export interface NamedColumn {
  key: string;
  ru: string;
  kk: string;
}

/** Every file problem's code and the shape of its parameters. */
export interface FileProblemParams {
  // The text of a CSV file (libs/files/csv.ts, textEncodingOf).
  'text.binary': Record<string, never>;
  'text.koi8-r': Record<string, never>;
  'text.undefined-byte': Record<string, never>;
  // A CSV broken as CSV (libs/files/csv.ts, CsvTrouble; csv-bytes.ts, structureMessage). `line` null: not known.
  'csv.field-count': { line: number | null; fields: number; against: 'header' | 'first-row' };
  'csv.quote': { line: number | null };
  'csv.invalid': { line: number | null; reason: string };
  'csv.unclosed-quote': { line: number };
  'csv.record-too-long': { line: number; kb: number };
  // The voter file as a whole (libs/db/files/voter-import.ts).
  'voters.field-count': { line: number; fields: number; expected: number };
  'voters.no-records': Record<string, never>;
  'voters.no-header-row': Record<string, never>;
  'voters.same-file-district': { acceptedOn: string; district: string; own: string };
  'voters.same-file-period': { acceptedOn: string; period: string; own: string };
  'voters.other-district': {
    district: string;
    keys: number;
    total: number;
    other: string;
    otherName: string | null;
  };
  // The voter file's header (libs/files/appendix1.ts, readHeader).
  'appendix1.not-a-header': { cells: number };
  'appendix1.missing-fields': { fields: string[] };
  /** `others`: names that do not look like field names, counted and never quoted (they may be a voter's data). */
  'appendix1.unknown-fields': { fields: string[]; others: number };
  'appendix1.repeated-fields': { fields: string[] };
  // The voter file in MS Access (libs/files/access.ts).
  'access.column-type': { column: string; type: string; expected: AccessFieldType };
  'access.no-tables': Record<string, never>;
  'access.no-voter-table': { tables: string[] };
  'access.several-voter-tables': { tables: string[] };
  'access.password': Record<string, never>;
  'access.damaged': Record<string, never>;
  /** `reason`: the reader's own words, technical, shown as they are. */
  'access.unreadable': { reason: string };
  // A workbook that cannot be read (libs/files/xlsx.ts, zip.ts, list-import.ts).
  'xlsx.xls': Record<string, never>;
  'xlsx.zip-incomplete': Record<string, never>;
  'xlsx.zip-split': Record<string, never>;
  'xlsx.encrypted': Record<string, never>;
  'xlsx.not-a-workbook': Record<string, never>;
  'xlsx.part-method': { part: string; method: number };
  'xlsx.part-checksum': { part: string };
  'xlsx.part-damaged': { part: string };
  'xlsx.part-xml': { part: string };
  'xlsx.part-encoding': { part: string };
  'xlsx.part-too-big': { part: string; mib: number };
  'xlsx.text-too-long': { index: number; max: number };
  'xlsx.no-worksheet': Record<string, never>;
  'xlsx.no-worksheet-number': { sheet: number };
  'xlsx.worksheet-missing': { sheet: number };
  'xlsx.row-number': { after: number };
  'xlsx.cell-reference': { row: number };
  'xlsx.shared-text-missing': { row: number; cell: string };
  'xlsx.cell-kind': { row: number; cell: string };
  'xlsx.cell-too-long': { row: number; cell: string; max: number };
  // The header of a station list or boundaries (libs/files/list-form.ts, appendix2.ts).
  'list.missing-columns': { appendix: number; columns: NamedColumn[] };
  /** `names`: the header's own names (a header is names, never a file's data). */
  'list.unknown-columns': { appendix: number; names: string[] };
  'list.repeated-columns': { columns: string[] };
  'list.no-header': { rows: number; appendix: number; columns: string[] };
  'appendix2.no-marks-column': { ru: string; kk: string };
  'appendix2.address-in-one-column': { appendix: number; columns: string[] };
  // A station list or boundaries as a whole (libs/db/files/list-import.ts).
  'list.submission-not-voter-file': { district: string; period: string };
  'list.no-voter-file': { district: string; period: string };
  'appendix2.no-rows': { appendix: number };
  'appendix3.no-rows': { appendix: number };
  /** `column`: the sheet's column letter (the report's field says it too, as "(column H)"). */
  'list.unnamed-column': { column: string };
  // One field of a list's row (libs/files/list-form.ts, FieldChecks). `meaning`: what the field holds, as the form says.
  'field.excel-date': Record<string, never>;
  'field.control-character': Record<string, never>;
  'field.excel-error': { error: string };
  'field.empty': { meaning: string };
  'field.placeholder': { meaning: string };
  'field.placeholder-required': { meaning: string };
  'field.too-long': { length: number; max: number };
  'field.not-a-number': { meaning: string };
  'field.not-a-number-date': { meaning: string };
  // A station list's row (libs/files/appendix2.ts).
  'appendix2.not-a-mark': Record<string, never>;
  'appendix2.flag': Record<string, never>;
  'appendix2.new-and-abolished': Record<string, never>;
  'appendix2.repeated-station': { row: number };
  // A boundaries row (libs/files/appendix3.ts).
  'appendix3.house-without-address': Record<string, never>;
  'appendix3.type-without-address': Record<string, never>;
  'appendix3.repeated-row': { row: number };
}

export type FileProblemCode = keyof FileProblemParams;

/** Every code once: `satisfies` fails the build when a code is added to the map above and not here, or the other way round. */
const FILE_CODES = {
  'text.binary': true,
  'text.koi8-r': true,
  'text.undefined-byte': true,
  'csv.field-count': true,
  'csv.quote': true,
  'csv.invalid': true,
  'csv.unclosed-quote': true,
  'csv.record-too-long': true,
  'voters.field-count': true,
  'voters.no-records': true,
  'voters.no-header-row': true,
  'voters.same-file-district': true,
  'voters.same-file-period': true,
  'voters.other-district': true,
  'appendix1.not-a-header': true,
  'appendix1.missing-fields': true,
  'appendix1.unknown-fields': true,
  'appendix1.repeated-fields': true,
  'access.column-type': true,
  'access.no-tables': true,
  'access.no-voter-table': true,
  'access.several-voter-tables': true,
  'access.password': true,
  'access.damaged': true,
  'access.unreadable': true,
  'xlsx.xls': true,
  'xlsx.zip-incomplete': true,
  'xlsx.zip-split': true,
  'xlsx.encrypted': true,
  'xlsx.not-a-workbook': true,
  'xlsx.part-method': true,
  'xlsx.part-checksum': true,
  'xlsx.part-damaged': true,
  'xlsx.part-xml': true,
  'xlsx.part-encoding': true,
  'xlsx.part-too-big': true,
  'xlsx.text-too-long': true,
  'xlsx.no-worksheet': true,
  'xlsx.no-worksheet-number': true,
  'xlsx.worksheet-missing': true,
  'xlsx.row-number': true,
  'xlsx.cell-reference': true,
  'xlsx.shared-text-missing': true,
  'xlsx.cell-kind': true,
  'xlsx.cell-too-long': true,
  'list.missing-columns': true,
  'list.unknown-columns': true,
  'list.repeated-columns': true,
  'list.no-header': true,
  'appendix2.no-marks-column': true,
  'appendix2.address-in-one-column': true,
  'list.submission-not-voter-file': true,
  'list.no-voter-file': true,
  'appendix2.no-rows': true,
  'appendix3.no-rows': true,
  'list.unnamed-column': true,
  'field.excel-date': true,
  'field.control-character': true,
  'field.excel-error': true,
  'field.empty': true,
  'field.placeholder': true,
  'field.placeholder-required': true,
  'field.too-long': true,
  'field.not-a-number': true,
  'field.not-a-number-date': true,
  'appendix2.not-a-mark': true,
  'appendix2.flag': true,
  'appendix2.new-and-abolished': true,
  'appendix2.repeated-station': true,
  'appendix3.house-without-address': true,
  'appendix3.type-without-address': true,
  'appendix3.repeated-row': true,
} as const satisfies Record<FileProblemCode, true>;

export const FILE_PROBLEM_CODES = Object.keys(FILE_CODES) as FileProblemCode[];

/** A file problem: its code, its parameters, and the English sentence the API keeps (built from them). */
export type CodedProblem<C extends FileProblemCode = FileProblemCode> = {
  [K in C]: { code: K; params: FileProblemParams[K]; message: string };
}[C];

/**
 * A rejection report's row as the API serves it: the row, the record's Cod (a voter file), the
 * field, and the problem. `code` and `params` are absent from a report stored before the codes.
 */
export interface ReportedProblem {
  cod: string | null;
  row: number;
  field: string;
  message: string;
  code?: FileProblemCode;
  params?: FileProblemParams[FileProblemCode];
}

// ---------------------------------------------------------------------------------------------
// A voter record's problems (Appendix 1): they never refuse the file. Each is staged with its record
// as `Field:rule` (`Cod:repeated:<first row>` for a repeated key), and becomes a finding of the round,
// whose Russian and Kazakh words are the rule's (libs/reconciliation/categories.ts, RULES). The rule
// is the problem's code; the field (and a repeat's first row) its parameters.

export const RECORD_RULES = [
  'empty',
  'placeholder',
  'control-character',
  'too-long',
  'not-a-number',
  'repeated',
  'not-12-digits',
  'check-digit',
  'never-issued',
  'not-a-date',
  'impossible',
  'after-receipt',
  'before-birth',
  'invalid',
  'without-flag',
  'missing',
] as const;

export type RecordRule = (typeof RECORD_RULES)[number];

/** A record's problem as staged: `Field:rule`, or `Cod:repeated:<first row>`. */
export type StagedRecordProblem = `${string}:${RecordRule}` | `Cod:repeated:${number}`;

export interface RecordProblem {
  code: RecordRule;
  params: { field: string; firstRow?: number };
}

/** A staged `Field:rule` as its code and parameters; null when it is not one. */
export function recordProblemOf(staged: string): RecordProblem | null {
  const [field, rule, first, ...rest] = staged.split(':');
  if (!field || rest.length || !(RECORD_RULES as readonly string[]).includes(rule)) return null;
  if (first === undefined) return { code: rule as RecordRule, params: { field } };
  return rule === 'repeated' && /^\d+$/.test(first)
    ? { code: 'repeated', params: { field, firstRow: Number(first) } }
    : null;
}

// ---------------------------------------------------------------------------------------------
// The API's problem+json codes.

/** The code every problem+json carries when its thrower named none: by the HTTP status. */
export const GENERIC_API_CODES = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  428: 'precondition-required',
  429: 'too-many-requests',
  500: 'internal',
  503: 'service-unavailable',
  504: 'gateway-timeout',
} as const;

export type GenericApiCode = (typeof GENERIC_API_CODES)[keyof typeof GENERIC_API_CODES];

/** The API's own codes beyond the generic ones, with their parameters. */
export interface ApiProblemParams {
  /** The files API (apps/api/src/files): an upload or a read it refuses. */
  'file.missing': Record<string, never>;
  'file.unknown-district': { districtId: string };
  'file.voters-name-no-submission': Record<string, never>;
  'file.unknown-submission': { districtId: string; period: string; submissionId: string };
  'file.not-found': { fileId: string };
  'file.not-failed': { fileId: string; status: string };
  'file.import-failed': { fileId: string };
  'file.accepted-with-findings': { fileId: string; rowsWithProblems: number };
  'file.no-report': { fileId: string; status: string };
  /** A change sent to a workflow (apps/api/src/core/workflow-messages.ts): refused by it, in its words (the detail). */
  'workflow.refused': { workflowId: string; failureType: string | null };
  /** The workflow has ended (`completed`), or there is none: it takes no changes. */
  'workflow.ended': { workflowId: string; completed: boolean };
  /** Temporal could not be reached and nothing was sent: nothing changed, the same request may be sent again. */
  'workflow.not-sent': { workflowId: string };
  /** Sent, with no answer in time: the change may have been made; `readAt` shows whether it was. */
  'workflow.outcome-unknown': { workflowId: string; readAt: string };
  /** A new record is saved but its workflow is not started (nothing was sent). */
  'workflow.not-started': { workflowId: string; readAt: string };
  /** A new record is saved and its workflow may have started (no answer in time). */
  'workflow.may-have-started': { workflowId: string; readAt: string };
}

export type ApiProblemCode = GenericApiCode | keyof ApiProblemParams;

/** An API problem's parameters by its code: a generic code has none. */
export type ApiParams<C extends ApiProblemCode> = C extends keyof ApiProblemParams
  ? ApiProblemParams[C]
  : Record<string, never>;
