/**
 * The register as a reader sees it: a snapshot with the state registries' events on top
 * (issue 20). One set of SQL for the reconciliation engine (every IIN of a file at once) and for
 * the single-person readers (libs/db/register/read.ts), so both judge alike.
 *
 * How each event changes a person of the snapshot, and how a snapshot that already holds an
 * event is recognised (the event then changes nothing: no double counting):
 *  - death, incapacity, sentence (to data.until), emigration, citizenship-lost, deregistration:
 *    a status fact from the effective date, unless the snapshot has that fact with that date;
 *  - capacity-restored, release, citizenship-acquired (non-citizen and citizenship-lost),
 *    registration (deregistered): the fact of that kind open on the effective date ends then;
 *  - document: the document, when issued after the snapshot's (the latest by issue date wins);
 *  - registration: the address, region, district and polling station, when effective after the
 *    snapshot's registration date (the latest wins); without a station number the person has no
 *    polling station until the CEC assigns one (the next snapshot).
 * Only events up to the pin's watermark apply, so a run judged again against its pin reads the
 * same register. An event for an IIN the snapshot does not hold changes nothing.
 */
import type { RegisterPin } from './snapshots';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Event kind → the status fact it starts. */
export const STARTS_FACT: Record<string, string> = {
  death: 'DECEASED',
  incapacity: 'INCAPABLE',
  sentence: 'IMPRISONED',
  emigration: 'EMIGRATED',
  'citizenship-lost': 'CITIZENSHIP_LOST',
  deregistration: 'DEREGISTERED',
};
/** Event kind → the status facts it ends. */
export const ENDS_FACT: [string, string][] = [
  ['capacity-restored', 'INCAPABLE'],
  ['release', 'IMPRISONED'],
  ['citizenship-acquired', 'NON_CITIZEN'],
  ['citizenship-acquired', 'CITIZENSHIP_LOST'],
  ['registration', 'DEREGISTERED'],
];

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const STARTS_VALUES = Object.entries(STARTS_FACT)
  .map(([e, f]) => `(${lit(e)}, ${lit(f)})`)
  .join(', ');
const ENDS_VALUES = ENDS_FACT.map(([e, f]) => `(${lit(e)}, ${lit(f)})`).join(', ');

function checked(pin: Pick<RegisterPin, 'snapshotId' | 'eventWatermark'>): { s: string; w: string } {
  if (!UUID.test(pin.snapshotId)) throw new TypeError(`a snapshot id is a UUID, got "${pin.snapshotId}"`);
  if (!Number.isSafeInteger(pin.eventWatermark) || pin.eventWatermark < 0)
    throw new TypeError(`an event watermark is a whole number, got "${pin.eventWatermark}"`);
  return { s: `'${pin.snapshotId.toLowerCase()}'::uuid`, w: String(pin.eventWatermark) };
}

/**
 * SELECTs of the effective register for the IINs `keys` yields (a query with one column, `iin`,
 * char(12) or text): `persons` has register_voter's columns; `facts` (iin, kind, since, until,
 * basis) the facts, active or not. Literals only (the pin is checked), so both can go into
 * CREATE TABLE AS.
 */
export function effectiveRegister(
  pin: Pick<RegisterPin, 'snapshotId' | 'eventWatermark'>,
  keys: string,
): { persons: string; facts: string } {
  const { s, w } = checked(pin);
  const ev = `SELECT e.seq, e.iin, e.kind, e.effective_on, e.data FROM register_event e WHERE e.seq <= ${w} AND e.iin IN (SELECT k.iin::char(12) FROM (${keys}) k)`;
  const persons = `
WITH ev AS (${ev}),
doc AS (SELECT DISTINCT ON (iin) iin, data->>'number' AS number, (data->>'issuedOn')::date AS issued_on, (data->>'expiresOn')::date AS expires_on
          FROM ev WHERE kind = 'document' ORDER BY iin, (data->>'issuedOn')::date DESC, seq DESC),
addr AS (SELECT DISTINCT ON (iin) iin, effective_on, data FROM ev WHERE kind = 'registration' ORDER BY iin, effective_on DESC, seq DESC),
base AS (SELECT r.* FROM register_voter r WHERE r.snapshot_id = ${s} AND r.iin IN (SELECT k.iin::char(12) FROM (${keys}) k))
SELECT b.snapshot_id, b.iin, b.row, b.surname, b.first_name, b.patronymic, b.birth_date, b.sex, b.citizenship,
       CASE WHEN a.iin IS NOT NULL THEN a.data->>'regionCode' ELSE b.region_code END AS region_code,
       CASE WHEN a.iin IS NOT NULL THEN a.data->>'districtId' ELSE b.district_id END AS district_id,
       CASE WHEN a.iin IS NOT NULL THEN a.data->>'kato' ELSE b.kato END AS kato,
       CASE WHEN a.iin IS NOT NULL THEN (SELECT p.id FROM polling_station p WHERE p.region_code = a.data->>'regionCode' AND p.number = (a.data->>'stationNumber')::int) ELSE b.station_id END AS station_id,
       CASE WHEN a.iin IS NOT NULL THEN a.data->>'locality' ELSE b.locality END AS locality,
       CASE WHEN a.iin IS NOT NULL THEN a.data->>'street' ELSE b.street END AS street,
       CASE WHEN a.iin IS NOT NULL THEN a.data->>'house' ELSE b.house END AS house,
       CASE WHEN a.iin IS NOT NULL THEN a.data->>'apartment' ELSE b.apartment END AS apartment,
       CASE WHEN a.iin IS NOT NULL THEN a.effective_on ELSE b.registered_on END AS registered_on,
       CASE WHEN d.iin IS NOT NULL THEN d.number ELSE b.document_number END AS document_number,
       CASE WHEN d.iin IS NOT NULL THEN d.issued_on ELSE b.document_issued_on END AS document_issued_on,
       CASE WHEN d.iin IS NOT NULL THEN d.expires_on ELSE b.document_expires_on END AS document_expires_on
  FROM base b
  LEFT JOIN addr a ON a.iin = b.iin AND a.effective_on > coalesce(b.registered_on, '-infinity'::date)
  LEFT JOIN doc d ON d.iin = b.iin AND d.issued_on > coalesce(b.document_issued_on, '-infinity'::date)`;
  const facts = `
WITH ev AS (${ev}),
held AS (SELECT r.iin FROM register_voter r WHERE r.snapshot_id = ${s} AND r.iin IN (SELECT k.iin::char(12) FROM (${keys}) k)),
snap AS (SELECT f.iin, f.kind::text AS kind, f.since, f.until, f.basis FROM register_status_fact f
          WHERE f.snapshot_id = ${s} AND f.iin IN (SELECT k.iin::char(12) FROM (${keys}) k)),
starts AS (SELECT e.iin, m.fact AS kind, e.effective_on AS since, (e.data->>'until')::date AS until, e.data->>'basis' AS basis
             FROM ev e JOIN (VALUES ${STARTS_VALUES}) m(event, fact) ON m.event = e.kind
            WHERE e.iin IN (SELECT iin FROM held)),
every AS (SELECT * FROM snap
          UNION ALL
          SELECT DISTINCT ON (t.iin, t.kind, t.since) t.* FROM starts t
           WHERE NOT EXISTS (SELECT 1 FROM snap x WHERE x.iin = t.iin AND x.kind = t.kind AND x.since = t.since)),
ends AS (SELECT e.iin, m.fact AS kind, e.effective_on FROM ev e JOIN (VALUES ${ENDS_VALUES}) m(event, fact) ON m.event = e.kind)
SELECT f.iin, f.kind, f.since,
       CASE WHEN x.ends IS NOT NULL AND (f.until IS NULL OR x.ends < f.until) THEN x.ends ELSE f.until END AS until, f.basis
  FROM every f
  LEFT JOIN LATERAL (SELECT min(n.effective_on) AS ends FROM ends n WHERE n.iin = f.iin AND n.kind = f.kind AND n.effective_on >= f.since) x ON true`;
  return { persons, facts };
}

/**
 * Marks the events snapshot $1 already holds (by the rules above) as contained in it, for the
 * admin's view of the feeds; the overlay itself needs no mark (a contained event changes nothing).
 */
export const CONTAINED_EVENTS_SQL = `
UPDATE register_event e SET contained_in = $1::uuid
  FROM register_voter r
 WHERE r.snapshot_id = $1::uuid AND r.iin = e.iin AND e.contained_in IS NULL AND (
   (e.kind IN (SELECT event FROM (VALUES ${STARTS_VALUES}) m(event, fact))
     AND EXISTS (SELECT 1 FROM register_status_fact f JOIN (VALUES ${STARTS_VALUES}) m(event, fact) ON m.event = e.kind
                  WHERE f.snapshot_id = $1::uuid AND f.iin = e.iin AND f.kind::text = m.fact AND f.since = e.effective_on))
   OR (e.kind = 'document' AND r.document_issued_on >= (e.data->>'issuedOn')::date)
   OR (e.kind = 'registration' AND r.registered_on >= e.effective_on)
   -- An ending is held when the snapshot has the fact ended by then, and none of its kind open then.
   OR (e.kind IN ('capacity-restored', 'release', 'citizenship-acquired')
     AND EXISTS (SELECT 1 FROM register_status_fact f JOIN (VALUES ${ENDS_VALUES}) m(event, fact) ON m.event = e.kind
                  WHERE f.snapshot_id = $1::uuid AND f.iin = e.iin AND f.kind::text = m.fact AND f.until IS NOT NULL AND f.until <= e.effective_on)
     AND NOT EXISTS (SELECT 1 FROM register_status_fact f JOIN (VALUES ${ENDS_VALUES}) m(event, fact) ON m.event = e.kind
                      WHERE f.snapshot_id = $1::uuid AND f.iin = e.iin AND f.kind::text = m.fact
                        AND f.since <= e.effective_on AND (f.until IS NULL OR f.until > e.effective_on))))`;
