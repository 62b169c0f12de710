/**
 * The problems Tizim reports, by a stable code and its parameters: the file checks' problems (a
 * rejection report's rows, libs/files) and the API's problem+json refusals. A code names what is
 * wrong and never changes with the wording; the parameters carry what the sentence says (a row, a
 * field, a count). The English message the API keeps beside each is built from the same parameters
 * (libs/files/problems.ts); the console renders the code in Russian and Kazakh (a file's problems,
 * apps/web/src/file-problems.ts; an API refusal, apps/web/src/api-problems.ts) and shows a report
 * stored before the codes, or a refusal of a code it does not know, by its English message.
 *
 * Codes are kebab-case, dotted by where they come from, and never translated. This file imports
 * nothing of the project but the roles beside it: the API, the worker and the console share it.
 */
import type { Role } from './roles';

/** Appendix 1's Access column types, as the form names them. */
export type AccessFieldType = 'AutoNumber' | 'Text' | 'Date/Time' | 'Yes/No';
/**
 * An Access column's type as Access names it (libs/files/access-file.ts reads it from the
 * table's definition): what a column-type problem says the column is.
 */
export const ACCESS_COLUMN_TYPES = [
  'Yes/No',
  'Number (Byte)',
  'Number (Integer)',
  'Number (Long Integer)',
  'Currency',
  'Number (Single)',
  'Number (Double)',
  'Date/Time',
  'Binary',
  'Text',
  'OLE Object',
  'Memo',
  'Replication ID',
  'Number (Decimal)',
  'Attachment or multiple values',
  'Large Number',
  'Date/Time Extended',
  'Calculated',
  'unknown',
] as const;
export type AccessColumnType = (typeof ACCESS_COLUMN_TYPES)[number];

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
  /** `type`: an AccessColumnType (reports stored before it carry the old reader's names: 'text', 'datetime'...). */
  'access.column-type': { column: string; type: string; expected: AccessFieldType };
  'access.no-tables': Record<string, never>;
  /** `tables`: the user tables, the first few; `more`: how many others (absent in reports stored before it). */
  'access.no-voter-table': { tables: string[]; more?: number };
  'access.several-voter-tables': { tables: string[]; more?: number };
  'access.password': Record<string, never>;
  'access.damaged': Record<string, never>;
  /** An Access 97 table holding deleted or moved records (Compact and Repair removes them). */
  'access.compact': Record<string, never>;
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
  /** The central directory, checked before parsing (issue 24): more members, or more unpacked bytes, than a workbook has. */
  'xlsx.too-many-parts': { parts: number; limit: number };
  'xlsx.too-big-unpacked': { mib: number; limit: number };
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
  'access.compact': true,
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
  'xlsx.too-many-parts': true,
  'xlsx.too-big-unpacked': true,
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

type None = Record<string, never>;

/** Why a key-file signature was refused (libs/eds/verify.ts, RefusalCode): the developer's fallback. */
export type KeyFileSignatureRefusal =
  | 'malformed-signature'
  | 'unknown-certificate'
  | 'wrong-holder'
  | 'wrong-role'
  | 'revoked'
  | 'not-yet-valid'
  | 'expired'
  | 'unavailable-algorithm'
  | 'bad-signature';

/**
 * Why a CMS signature made through NCALayer was refused (issue 27): the verifier's codes
 * (libs/eds/cms/types.ts, CmsRefusalCode) and those of libs/db/eds/cms-signatures.ts.
 */
export const CMS_SIGNATURE_REFUSALS = [
  'malformed-cms',
  'signer-count',
  'content-mismatch',
  'bad-signature',
  'unsupported-algorithm',
  'unknown-issuer',
  'untrusted-root',
  'not-yet-valid',
  'expired',
  'wrong-key-usage',
  'not-nca-holder',
  'wrong-iin',
  'revoked',
  'revocation-unknown',
  'revocation-unreachable',
  'bad-timestamp',
  'verifier-unavailable',
  'no-iin-bound',
  'certificate-revoked-here',
  'timestamp-unavailable',
] as const;
export type CmsSignatureRefusal = (typeof CMS_SIGNATURE_REFUSALS)[number];

/** Why a signature was refused: `params.reason` of the signature-refused problems. */
export type SignatureRefusal = KeyFileSignatureRefusal | CmsSignatureRefusal;

/** The API's own codes beyond the generic ones, with their parameters. */
export interface ApiProblemParams {
  /** The files API (apps/api/src/files): an upload or a read it refuses. */
  'file.missing': Record<string, never>;
  /** A district's uploads of the day are at the quota (TIZIM_UPLOAD_QUOTA_FILES_PER_DAY, _MB_PER_DAY). */
  'file.quota-exceeded': { districtId: string; files?: number; mb?: number };
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
  /**
   * The workflow took the change but could not apply it (a record it writes could not be written) and
   * left everything as it was: nothing changed, the same request may be sent again (issue 25).
   */
  'workflow.not-applied': { workflowId: string };
  /**
   * No worker polls the task queue (apps/api/src/core/workers.ts): a change was not sent (nothing
   * changed), or a workflow's state cannot be read; `workflowId` is null for a read of none.
   */
  'worker.not-running': { taskQueue: string; workflowId: string | null };
  /** A service the API needs does not answer (apps/api/src/core/outages.ts): try again later. */
  'service.unavailable': { service: 'temporal' | 'database' | 'queue' };
  /** Sent, with no answer in time: the change may have been made; `readAt` shows whether it was. */
  'workflow.outcome-unknown': { workflowId: string; readAt: string };
  /** A new record is saved but its workflow is not started (nothing was sent). */
  'workflow.not-started': { workflowId: string; readAt: string };
  /** A new record is saved and its workflow may have started (no answer in time). */
  'workflow.may-have-started': { workflowId: string; readAt: string };

  // Every request (apps/api/src/app.ts, core/http-conventions.ts, core/rate-limit.ts, core/if-match.ts).
  /** The fields class-validator refused: `errors` names each. */
  'request.invalid-fields': None;
  'request.body-type': None;
  /** A JSON body nested deeper than the API reads (core/body-depth.ts). */
  'request.too-deep': { limit: number };
  'rate-limit.exceeded': { points: number; windowSeconds: number; retryAfterSeconds: number };
  'if-match.malformed': None;
  'if-match.required': { subject: 'account' | 'escalation' };
  'if-match.stale': { sent: number; current: number };

  // Sign-in and the guard (apps/api/src/auth/auth.service.ts, core/auth.ts, core/access.ts).
  'auth.bad-credentials': None;
  'auth.bad-eds-credentials': None;
  /** TIZIM_EDS_KEY_FILE=off: only a CMS made through NCALayer is taken. */
  'auth.key-file-off': None;
  'auth.challenge-expired': None;
  'auth.signature-refused': { reason: SignatureRefusal };
  /** `time` HH:MM and `date` YYYY-MM-DD in Asia/Almaty. */
  'auth.locked': { time: string; date: string };
  /** Growing delays after failed sign-ins (apps/api/src/auth/sign-in-throttle.ts): wait this long. */
  'auth.sign-in-delayed': { seconds: number };
  'auth.eds-required': None;
  /** TIZIM_ADMIN_SIGN_IN=eds: an administrator's password alone is not enough (ASVS 4.3.1). */
  'auth.admin-needs-eds': None;
  'auth.account-disabled': None;
  'auth.member-account-disabled': None;
  'auth.refresh-invalid': None;
  'auth.session-ended': None;
  'auth.refresh-reused': None;
  'auth.session-expired': None;
  /** The sign-in's absolute lifetime (TIZIM_SESSION_MAX_HOURS) is over. */
  'auth.session-limit': { hours: number };
  /** No action of the official's for TIZIM_SESSION_IDLE_MINUTES. */
  'auth.session-idle': { minutes: number };
  /** Ending a sign-in the official does not have (another's, or over already). */
  'auth.session-unknown': { id: string };
  'auth.refresh-just-used': None;
  'auth.token-invalid': None;
  'auth.token-expired': None;
  'auth.sign-in-required': None;
  'auth.portal-credential': None;
  'auth.source-credential': None;
  'access.role-not-allowed': { role: Role; allowed: Role[] };
  /** `subject`: what lies outside, kebab-case (`cycle-task`, `polling-station`, …). */
  'access.outside-territory': { role: Role; subject: string };

  // Officials' accounts (apps/api/src/auth/users.service.ts).
  'user.not-found': { userId: string };
  'user.weak-password': None;
  'user.territory-mismatch': { role: Role };
  'user.members-only': { role: Role };
  'user.other-district': { own: string; districtId: string };
  'user.iin-invalid': None;
  'user.username-taken': None;
  'user.precinct-full': { members: number };
  'user.own-account': None;
  'user.own-password-only': None;
  'user.current-password-wrong': None;

  // The calendar (apps/api/src/calendar).
  'calendar.input-invalid': { field: string };
  'calendar.instant-invalid': { field: string };
  'calendar.year-unknown': { year: number; available: number[] };
  'calendar.year-not-found': { year: number };
  'calendar.year-invalid': { year: number };
  'calendar.year-not-created': { year: number };
  'calendar.revision-required': { year: number; current: number };
  'calendar.revision-stale': { year: number; sent: number; current: number };
  'calendar.fixed-date-policy': { valid: string[] };
  'calendar.year-not-valid': None;

  // The cycle: board, tasks, escalations, notifications, submissions, reconciliation, workflows.
  'board.region-not-started': { regionCode: string; period: string };
  'cycle.not-started': { workflowId: string };
  'cycle.district-not-found': { districtId: string };
  'task.not-found': { taskId: string };
  'task.other-role': { assigneeRole: Role; role: Role };
  /** `claimedBy`: the user id. */
  'task.claimed-by-other': { claimedBy: string; since: string };
  'task.completed': { completedBy: string | null; at: string };
  'task.cancelled': None;
  /** A completion's id (`field`: outcome.submissionId, outcome.transferActId) that nothing has. */
  'task.outcome-unknown-id': { field: string; id: string };
  /** A completion's id names a submission, transfer act or file of another district or period than the task's. */
  'task.outcome-elsewhere': {
    field: string;
    what: 'submission' | 'transfer-act' | 'file';
    districtId: string;
    period: string;
  };
  'escalation.not-found': { escalationId: string };
  'escalation.resolved': { at: string; resolvedBy: string | null };
  'escalation.acknowledged': { acknowledgedBy: string; at: string };
  'notification.not-found': { notificationId: string };
  'notification.not-addressed': { notificationId: string };
  /** The operator token has no account to keep e-mail choices on. */
  'mail-preferences.no-account': None;
  'submission.not-found': { submissionId: string };
  'reconciliation.not-found': { runId: string };
  'workflow.page-token': None;
  'workflow.service-unavailable': None;
  'workflow.not-a-cycle-id': None;
  'workflow.not-found': { workflowId: string; runId: string | null };
  'workflow.not-a-cycle': { workflowId: string };
  'consolidation.unknown-region': { regionCode: string };
  'consolidation.not-found': { fileId: string };
  'consolidation.being-written': { fileId: string };
  'consolidation.refused': { fileId: string };
  'audit.range': None;

  // Transfer acts and signers' certificates (apps/api/src/transfer-acts).
  'transfer-act.not-found': None;
  'transfer-act.invalid': None;
  'transfer-act.unknown-district': None;
  'transfer-act.declaration-invalid': None;
  'transfer-act.receipt-invalid': None;
  'transfer-act.conflict': None;
  'transfer-act.number-taken': None;
  'transfer-act.receipt-recorded': None;
  'transfer-act.receipt-not-recorded': None;
  'transfer-act.already-signed': None;
  'transfer-act.files-mismatch': { problems: number };
  'transfer-act.refused': None;
  'transfer-act.signed-in-future': None;
  'transfer-act.signed-before-receipt': None;
  'transfer-act.signature-invalid': { reason?: SignatureRefusal };
  'transfer-act.own-name': { field: string };
  'certificate.invalid': None;
  'certificate.already-registered': None;
  'certificate.already-revoked': None;
  'certificate.not-found': { certificateId: string | null };
  'certificate.same-admin': None;
  'certificate.approver-not-named': None;
  'certificate.nothing-pending': None;
  'certificate.registration-pending': None;
  'certificate.revocation-pending': None;

  // The register and its feeds (apps/api/src/register, register-feeds, registration-checks).
  'register.no-file': None;
  'register.snapshot-not-found': { snapshotId: string };
  'register.bad-page': None;
  'register.person-not-found': { version: number; asOf: string };
  'register-feed.credential-required': None;
  'register-feed.follow-up-not-queued': None;
  'register-feed.event-invalid': None;
  'register-feed.event-conflict': None;
  'register-feed.batch-invalid': { max: number };
  'register-feed.reason-required': None;
  'register-feed.event-not-found': { eventId: string };
  'registration-check.iin-invalid': None;
  'registration-check.not-found': { checkId: string };

  // The voting day (apps/api/src/voting-day).
  'voting-day.iin-invalid': None;
  'voting-day.application-open': { number: number; stationNumber: number };
  'voting-day.application-not-found': { applicationId: string };
  'voting-day.application-decided': { number: number };
  'voting-day.reason-required': { what: 'personal-data' | 'decision' | 'supplementary-list' };
  'voting-day.other-day': { number: number };
  'voting-day.not-escalated': { number: number };
  'voting-day.not-deciding-role': { role: Role };
  'voting-day.not-rejected': { number: number; status: string };
  'voting-day.station-not-found': { stationId: string };
  'voting-day.closes-before-opening': None;
  'voting-day.too-long': { hours: number };
  /** `date` the voting day, `opensOn` the day its opening falls on (Asia/Almaty). */
  'voting-day.opens-on-other-day': { date: string; opensOn: string };
  'voting-day.exists': { date: string };
  'voting-day.not-open': None;
  'precinct-members.no-district': None;
  'delivery.unknown-status': { valid: string[] };
  'delivery.no-dead-letter': { jobId: string };
  'incident.not-found': { incidentId: string };
  'incident.already-reported': { at: string };

  // The ID-card exchange, officers' side (apps/api/src/id-card/id-card.service.ts). `status`: the application's.
  'id-card.not-found': { applicationId: string };
  'id-card.not-awaiting-review': { ticketNumber: string | null; status: string };
  'id-card.signed-in-future': None;
  'id-card.signature-refused': { reason: SignatureRefusal };
  'id-card.not-in-production': { ticketNumber: string | null; status: string };
  'id-card.card-dates': None;
  'id-card.ticket-not-found': { ticketNumber: string };
  'id-card.not-ready': { ticketNumber: string; status: string };
  /** The citizen's photo or signature image is not on the application (it was never uploaded). */
  'id-card.image-missing': { kind: 'photo' | 'signature' };

  // Citizens' services through the e-gov portal (apps/api/src/citizen, id-card/citizen-id-card.service.ts, core/auth.ts).
  'citizen.not-configured': None;
  'citizen.portal-credential-required': None;
  'citizen.iin-invalid': None;
  'citizen.registration-unavailable': None;
  'citizen.no-registration': None;
  'citizen.property-not-found': None;
  'citizen.not-owner': None;
  'citizen.unknown-region': { regionCode: string };
  'citizen.no-id-card': None;
  'citizen.application-open': { ticketNumber: string | null };
  'citizen.fee-not-paid': None;
  'citizen.application-not-found': { applicationId: string };
  /** The photo or signature upload: no file, not a JPEG or PNG, too large, or the application is decided. */
  'citizen.image-required': None;
  'citizen.image-type': None;
  'citizen.image-too-large': { maxMegabytes: number };
  'citizen.image-closed': { status: string };
}

/** Every API code once: `satisfies` fails the build when a code is added to the map above and not here. */
const API_CODES = {
  'file.quota-exceeded': true,
  'file.missing': true,
  'file.unknown-district': true,
  'file.voters-name-no-submission': true,
  'file.unknown-submission': true,
  'file.not-found': true,
  'file.not-failed': true,
  'file.import-failed': true,
  'file.accepted-with-findings': true,
  'file.no-report': true,
  'request.invalid-fields': true,
  'request.body-type': true,
  'request.too-deep': true,
  'rate-limit.exceeded': true,
  'if-match.malformed': true,
  'if-match.required': true,
  'if-match.stale': true,
  'auth.bad-credentials': true,
  'auth.bad-eds-credentials': true,
  'auth.key-file-off': true,
  'auth.challenge-expired': true,
  'auth.signature-refused': true,
  'auth.locked': true,
  'auth.sign-in-delayed': true,
  'auth.eds-required': true,
  'auth.admin-needs-eds': true,
  'auth.account-disabled': true,
  'auth.member-account-disabled': true,
  'auth.refresh-invalid': true,
  'auth.session-ended': true,
  'auth.refresh-reused': true,
  'auth.session-expired': true,
  'auth.session-limit': true,
  'auth.session-idle': true,
  'auth.session-unknown': true,
  'auth.refresh-just-used': true,
  'auth.token-invalid': true,
  'auth.token-expired': true,
  'auth.sign-in-required': true,
  'auth.portal-credential': true,
  'auth.source-credential': true,
  'access.role-not-allowed': true,
  'access.outside-territory': true,
  'user.not-found': true,
  'user.weak-password': true,
  'user.territory-mismatch': true,
  'user.members-only': true,
  'user.other-district': true,
  'user.iin-invalid': true,
  'user.username-taken': true,
  'user.precinct-full': true,
  'user.own-account': true,
  'user.own-password-only': true,
  'user.current-password-wrong': true,
  'calendar.input-invalid': true,
  'calendar.instant-invalid': true,
  'calendar.year-unknown': true,
  'calendar.year-not-found': true,
  'calendar.year-invalid': true,
  'calendar.year-not-created': true,
  'calendar.revision-required': true,
  'calendar.revision-stale': true,
  'calendar.fixed-date-policy': true,
  'calendar.year-not-valid': true,
  'board.region-not-started': true,
  'cycle.not-started': true,
  'cycle.district-not-found': true,
  'task.not-found': true,
  'task.other-role': true,
  'task.claimed-by-other': true,
  'task.completed': true,
  'task.cancelled': true,
  'task.outcome-unknown-id': true,
  'task.outcome-elsewhere': true,
  'escalation.not-found': true,
  'escalation.resolved': true,
  'escalation.acknowledged': true,
  'notification.not-found': true,
  'notification.not-addressed': true,
  'mail-preferences.no-account': true,
  'submission.not-found': true,
  'reconciliation.not-found': true,
  'workflow.page-token': true,
  'workflow.service-unavailable': true,
  'workflow.not-a-cycle-id': true,
  'workflow.not-found': true,
  'workflow.not-a-cycle': true,
  'consolidation.unknown-region': true,
  'consolidation.not-found': true,
  'consolidation.being-written': true,
  'consolidation.refused': true,
  'audit.range': true,
  'transfer-act.not-found': true,
  'transfer-act.invalid': true,
  'transfer-act.unknown-district': true,
  'transfer-act.declaration-invalid': true,
  'transfer-act.receipt-invalid': true,
  'transfer-act.conflict': true,
  'transfer-act.number-taken': true,
  'transfer-act.receipt-recorded': true,
  'transfer-act.receipt-not-recorded': true,
  'transfer-act.already-signed': true,
  'transfer-act.files-mismatch': true,
  'transfer-act.refused': true,
  'transfer-act.signed-in-future': true,
  'transfer-act.signed-before-receipt': true,
  'transfer-act.signature-invalid': true,
  'transfer-act.own-name': true,
  'certificate.invalid': true,
  'certificate.already-registered': true,
  'certificate.already-revoked': true,
  'certificate.not-found': true,
  'certificate.same-admin': true,
  'certificate.approver-not-named': true,
  'certificate.nothing-pending': true,
  'certificate.registration-pending': true,
  'certificate.revocation-pending': true,
  'register.no-file': true,
  'register.snapshot-not-found': true,
  'register.bad-page': true,
  'register.person-not-found': true,
  'register-feed.credential-required': true,
  'register-feed.follow-up-not-queued': true,
  'register-feed.event-invalid': true,
  'register-feed.event-conflict': true,
  'register-feed.batch-invalid': true,
  'register-feed.reason-required': true,
  'register-feed.event-not-found': true,
  'registration-check.iin-invalid': true,
  'registration-check.not-found': true,
  'voting-day.iin-invalid': true,
  'voting-day.application-open': true,
  'voting-day.application-not-found': true,
  'voting-day.application-decided': true,
  'voting-day.reason-required': true,
  'voting-day.other-day': true,
  'voting-day.not-escalated': true,
  'voting-day.not-deciding-role': true,
  'voting-day.not-rejected': true,
  'voting-day.station-not-found': true,
  'voting-day.closes-before-opening': true,
  'voting-day.too-long': true,
  'voting-day.opens-on-other-day': true,
  'voting-day.exists': true,
  'voting-day.not-open': true,
  'precinct-members.no-district': true,
  'delivery.unknown-status': true,
  'delivery.no-dead-letter': true,
  'incident.not-found': true,
  'incident.already-reported': true,
  'id-card.not-found': true,
  'id-card.not-awaiting-review': true,
  'id-card.signed-in-future': true,
  'id-card.signature-refused': true,
  'id-card.not-in-production': true,
  'id-card.card-dates': true,
  'id-card.ticket-not-found': true,
  'id-card.not-ready': true,
  'id-card.image-missing': true,
  'citizen.not-configured': true,
  'citizen.portal-credential-required': true,
  'citizen.iin-invalid': true,
  'citizen.registration-unavailable': true,
  'citizen.no-registration': true,
  'citizen.property-not-found': true,
  'citizen.not-owner': true,
  'citizen.unknown-region': true,
  'citizen.no-id-card': true,
  'citizen.application-open': true,
  'citizen.fee-not-paid': true,
  'citizen.application-not-found': true,
  'citizen.image-required': true,
  'citizen.image-type': true,
  'citizen.image-too-large': true,
  'citizen.image-closed': true,
  'workflow.refused': true,
  'workflow.ended': true,
  'workflow.not-sent': true,
  'workflow.not-applied': true,
  'worker.not-running': true,
  'service.unavailable': true,
  'workflow.outcome-unknown': true,
  'workflow.not-started': true,
  'workflow.may-have-started': true,
} as const satisfies Record<keyof ApiProblemParams, true>;

export const API_PROBLEM_CODES = Object.keys(API_CODES) as (keyof ApiProblemParams)[];

export type ApiProblemCode = GenericApiCode | keyof ApiProblemParams;

/** An API problem's parameters by its code: a generic code has none. */
export type ApiParams<C extends ApiProblemCode> = C extends keyof ApiProblemParams
  ? ApiProblemParams[C]
  : Record<string, never>;
