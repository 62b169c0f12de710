/**
 * The state registries' events between register snapshots (issue 20, part 2): what each source
 * system may send, and the check every event passes before it is recorded. Pure: no I/O.
 *
 * Each event names its source's own id (idempotency), the person (IIN), its effective date, and
 * the details of its kind. How an event changes the register is libs/db/register/effective.ts.
 */
import { isValidIin } from '../iin/iin';

export type RegisterSourceName = 'CIVIL_REGISTRY' | 'COURTS' | 'MIGRATION_SERVICE' | 'ADDRESS_REGISTRY';

/** Every kind, the source that owns it, and its details. */
export const EVENT_KINDS = {
  /** A death record (category 9, deceased). */
  death: { source: 'CIVIL_REGISTRY', fields: ['basis'] },
  /** A court declares the person legally incapable (category 9). */
  incapacity: { source: 'COURTS', fields: ['basis'] },
  /** A court restores capacity: an incapacity ends on the effective date. */
  'capacity-restored': { source: 'COURTS', fields: ['basis'] },
  /** A sentence of imprisonment from the effective date to `until` (category 9 while it runs). */
  sentence: { source: 'COURTS', fields: ['until', 'basis'] },
  /** Release before the sentence's end: the imprisonment ends on the effective date. */
  release: { source: 'COURTS', fields: ['basis'] },
  /** Left for permanent residence abroad (category 7). */
  emigration: { source: 'MIGRATION_SERVICE', fields: ['basis'] },
  /** Lost the citizenship of Kazakhstan (category 9). */
  'citizenship-lost': { source: 'MIGRATION_SERVICE', fields: ['basis'] },
  /** Acquired (or regained) citizenship: non-citizen and citizenship-lost end on the effective date. */
  'citizenship-acquired': { source: 'MIGRATION_SERVICE', fields: ['basis'] },
  /** A new identity document (category 2 is judged against it). */
  document: { source: 'MIGRATION_SERVICE', fields: ['number', 'issuedOn', 'expiresOn'] },
  /** Registered at a new address (ends a deregistration). */
  registration: {
    source: 'ADDRESS_REGISTRY',
    fields: ['regionCode', 'districtId', 'kato', 'locality', 'street', 'house', 'apartment', 'stationNumber'],
  },
  /** Deregistered: no registered address from the effective date (category 6). */
  deregistration: { source: 'ADDRESS_REGISTRY', fields: ['basis'] },
} as const satisfies Record<string, { source: RegisterSourceName; fields: readonly string[] }>;

export type RegisterEventKind = keyof typeof EVENT_KINDS;

export interface RegisterEventInput {
  source: RegisterSourceName;
  /** The source system's own id of the event: sending it again changes nothing. */
  sourceEventId: string;
  kind: RegisterEventKind;
  iin: string;
  /** YYYY-MM-DD. */
  effectiveOn: string;
  data: Record<string, string | number | null>;
}

export interface EventProblem {
  field: string;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: unknown): v is string =>
  typeof v === 'string' &&
  DATE.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/**
 * Checks an event as a source system sent it (`body`), for `source` (the credential's system).
 * Returns the event, or every problem in plain words naming the field; never echoes a value.
 */
export function checkRegisterEvent(
  source: RegisterSourceName,
  body: unknown,
): { event: RegisterEventInput } | { problems: EventProblem[] } {
  const problems: EventProblem[] = [];
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    problems.push({ field: '(body)', message: 'the event must be a JSON object' });
  const kind = b.kind;
  const spec =
    typeof kind === 'string' && Object.hasOwn(EVENT_KINDS, kind) ? EVENT_KINDS[kind as RegisterEventKind] : null;
  if (!spec) problems.push({ field: 'kind', message: `kind must be one of ${Object.keys(EVENT_KINDS).join(', ')}` });
  else if (spec.source !== source)
    problems.push({
      field: 'kind',
      message: `a ${kind} event comes from the ${spec.source.toLowerCase().replaceAll('_', ' ')}, not from the ${source.toLowerCase().replaceAll('_', ' ')}`,
    });
  if (!text(b.sourceEventId, 200))
    problems.push({
      field: 'sourceEventId',
      message: "sourceEventId is required: the source system's own id of the event (1 to 200 characters)",
    });
  if (typeof b.iin !== 'string' || !isValidIin(b.iin))
    problems.push({ field: 'iin', message: 'iin must be a valid IIN: 12 digits with a correct check digit' });
  if (!isDate(b.effectiveOn))
    problems.push({ field: 'effectiveOn', message: 'effectiveOn must be a date as YYYY-MM-DD' });
  const raw = (typeof b.data === 'object' && b.data !== null && !Array.isArray(b.data) ? b.data : {}) as Record<
    string,
    unknown
  >;
  if (b.data !== undefined && (typeof b.data !== 'object' || b.data === null || Array.isArray(b.data)))
    problems.push({ field: 'data', message: 'data must be a JSON object' });
  const data: Record<string, string | number | null> = {};
  if (spec) {
    for (const key of Object.keys(raw)) {
      if (!(spec.fields as readonly string[]).includes(key))
        problems.push({
          field: `data.${key}`,
          message: `a ${kind} event has no field ${key} (it has ${spec.fields.join(', ')})`,
        });
    }
    const opt = (key: string, max = 500) => {
      const v = raw[key];
      if (v === undefined || v === null || v === '') return;
      if (!text(v, max))
        problems.push({ field: `data.${key}`, message: `data.${key} must be text of at most ${max} characters` });
      else data[key] = v.trim();
    };
    const need = (key: string, check: (v: unknown) => boolean, message: string) => {
      if (!check(raw[key])) problems.push({ field: `data.${key}`, message });
      else data[key] = typeof raw[key] === 'string' ? (raw[key] as string).trim() : (raw[key] as number);
    };
    switch (kind as RegisterEventKind) {
      case 'sentence':
        need('until', isDate, 'data.until is required: the date the sentence ends, as YYYY-MM-DD');
        if (isDate(raw.until) && isDate(b.effectiveOn) && raw.until <= b.effectiveOn)
          problems.push({
            field: 'data.until',
            message: 'data.until must be after effectiveOn: a sentence ends after it begins',
          });
        opt('basis');
        break;
      case 'document':
        need(
          'number',
          (v) => typeof v === 'string' && /^[0-9A-Z]{6,12}$/.test(v.trim()),
          "data.number is required: the document's number, 6 to 12 digits or capital Latin letters",
        );
        need('issuedOn', isDate, 'data.issuedOn is required: the date the document was issued, as YYYY-MM-DD');
        need('expiresOn', isDate, 'data.expiresOn is required: the date the document expires, as YYYY-MM-DD');
        if (isDate(raw.issuedOn) && isDate(raw.expiresOn) && raw.expiresOn <= raw.issuedOn)
          problems.push({ field: 'data.expiresOn', message: 'data.expiresOn must be after data.issuedOn' });
        break;
      case 'registration':
        need(
          'regionCode',
          (v) => typeof v === 'string' && /^\d{2}$/.test(v),
          'data.regionCode is required: the two-digit KATO code of the region',
        );
        need(
          'districtId',
          (v) => typeof v === 'string' && /^\d{4}$/.test(v) && v.startsWith(String(raw.regionCode)),
          "data.districtId is required: the four-digit code of the district, starting with the region's",
        );
        need(
          'kato',
          (v) => typeof v === 'string' && /^\d{9}$/.test(v) && v.startsWith(String(raw.districtId)),
          "data.kato is required: the nine-digit KATO code of the locality, starting with the district's",
        );
        need('locality', (v) => text(v, 200), "data.locality is required: the locality's name");
        opt('street', 200);
        opt('house', 20);
        opt('apartment', 20);
        if (raw.stationNumber !== undefined && raw.stationNumber !== null) {
          need(
            'stationNumber',
            (v) => Number.isInteger(v) && (v as number) > 0 && (v as number) < 100000,
            "data.stationNumber must be the polling station's number, a whole number",
          );
        }
        break;
      default:
        opt('basis');
    }
  }
  if (problems.length > 0) return { problems };
  return {
    event: {
      source,
      sourceEventId: (b.sourceEventId as string).trim(),
      kind: kind as RegisterEventKind,
      iin: b.iin as string,
      effectiveOn: b.effectiveOn as string,
      data,
    },
  };
}
