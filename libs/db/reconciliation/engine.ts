/**
 * The reconciliation engine: one district's staged submission (voter file and station list)
 * against the central register, in set-based SQL inside one transaction.
 *
 *  0. the register is pinned: the current snapshot (or a recorded pin) and the registries' events
 *     received so far (libs/db/register/effective.ts), read for the file's IINs into `rec_reg`;
 *  1. `rec_m`: the file's live rows (not marked deleted, Dopol2) joined to the register by IIN
 *     (a hash join: one pass over each side, whatever the register's size); a row is keyed by its
 *     row in the file (Cod may be missing or repeated in a file with problems), and an IIN the
 *     intake found invalid is never looked up;
 *  2. `rec_facts`: the status facts active on the reference date for those IINs; `rec_other`: the
 *     rows of other districts' submissions that list this file's voters the register places there;
 *  3. one INSERT … SELECT writes every finding with its evidence into reconciliation_discrepancy
 *     (a finding names the file's row, not the IIN: the record holds it, README "Personal data");
 *  4. the run's summary (counts only, no personal data) goes into cycle_reconciliation.
 *
 * Findings (categories of Rules para 9; 0 for stations) and how each is decided:
 *  1 surname / first-name / patronymic: the names differ after normalisation and folding of the
 *    Kazakh letters (tizim_fold_kazakh, the same rule as libs/matching); birth-date: dates differ;
 *    iin-not-in-register: no register person has the IIN. And the intake's findings in the
 *    identity fields (`Field:rule`, libs/files/appendix1-check.ts): a field the intake found
 *    empty or broken is not compared again, so each problem is one finding.
 *  2 replaced: the file's document number is not the register's current one; expired: it is, and
 *    the register says it expired before the reference date. Not judged when the register has none.
 *  3 same-station: every row of an IIN listed more than once on one station, as one group; the row
 *    to keep is the first (lowest Cod).
 *  4 several-stations: every row of an IIN listed on more than one station of this file, as one
 *    group; the row to keep is the (first) one on the station the register gives the voter
 *    (its station_id), none when no row is on it;
 *    other-district: the register places the voter in another district of this region, and that
 *    district's current submission for the period lists them too.
 *    A group's findings carry in their evidence the group's id (stable, like the findings' ids),
 *    its number in this run (by its first Cod), its size, the keep mark, the Cod to keep and the
 *    register's station.
 *  5 other-region: the register's address is in another region (not judged when deregistered).
 *  6-8, 9 incapable/imprisoned/deceased/citizenship-lost: a status fact active on the reference
 *    date (since <= date < until). 9 under-18: the register's birth date (the file's when the
 *    register has none) is less than 18 years before the reference date.
 *  0 stations: duplicate-number (twice in the list, or a number of another district's register
 *    station in the region), over-limit (more than 3,000 live voter rows), new-unmarked (not for a
 *    station the list marks abolished),
 *    marked-new-but-exists, missing-from-list (a register station of the district not in the list),
 *    abolished-with-voters, voters-on-unlisted-station (one finding per station code). When the
 *    submission has no station list yet (station_file is null), none of these: one finding,
 *    station-list-not-received.
 * 10 the form of Appendix 1 (Tizim's number, not one of para 9's): the intake's findings in the
 *    other fields, for every record, deleted ones too.
 *
 * Ids are stable: md5 of (period, district, category, subcategory, the record's key), so the same
 * finding keeps its id from round to round. A run is recorded once: running it again with the same
 * id returns the first result (the activity may be retried).
 */
import type { PrismaClient } from '../prisma';
import { effectiveRegister } from '../register/effective';
import { currentPin, pinOf, type RegisterPin } from '../register/snapshots';
import { FORM_CATEGORY, type FindingCount, type ReconciliationResult } from '../../reconciliation/result';

export { FORM_CATEGORY, type FindingCount, type ReconciliationResult };

export const MAX_VOTERS_PER_STATION = 3000;
/** The intake's problems that make an IIN unusable for matching. */
const INVALID_IIN =
  "'{Cod_izber:empty,Cod_izber:not-12-digits,Cod_izber:check-digit,Cod_izber:never-issued,Cod_izber:placeholder,Cod_izber:control-character}'::text[]";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReconcileInput {
  runId: string;
  submissionId: string;
  /** YYYY-MM-DD (Asia/Almaty): the date ages and status facts are judged on. */
  referenceDate: string;
  workflowId: string;
  round: number;
  /** ISO instant recorded as the run's time. */
  at: string;
  /**
   * The register to judge against: a pin recorded by an earlier run (to reproduce its findings).
   * Without it, the snapshot current when the run starts, with every event received by then.
   */
  register?: { snapshotId: string; eventWatermark: number };
  /**
   * When the run's transaction must have ended (epoch ms): the activity's own timeout less a
   * margin (activities/database.ts). Without it, RUN_BUDGET_MS from now.
   */
  deadline?: number;
}

/**
 * How long a run may take when no deadline is given: under RECONCILIATION_ACTIVITY's start-to-close
 * (30 minutes, libs/contracts/activity-options.ts), so an attempt's transaction has ended before
 * Temporal gives up on it and starts a retry.
 */
export const RUN_BUDGET_MS = 25 * 60_000;

/** The run could not finish by its deadline, or another attempt of it held it that long; retryable. */
export class ReconciliationOutOfTimeError extends Error {
  constructor(
    readonly runId: string,
    waiting: boolean,
  ) {
    super(
      waiting
        ? `another attempt of reconciliation run ${runId} is still running; this attempt stopped waiting for it at its deadline: run it again`
        : `reconciliation run ${runId} did not finish before its deadline (its activity's timeout) and was rolled back: run it again`,
    );
    this.name = 'ReconciliationOutOfTimeError';
  }
}

export class SubmissionNotFoundError extends Error {
  constructor(readonly submissionId: string) {
    super(`submission ${submissionId} is not staged: upload the voter file and the station list first`);
    this.name = 'SubmissionNotFoundError';
  }
}

/**
 * The working tables of one run. CREATE TABLE AS takes no bind parameters, so the submission id
 * and the date are written in as literals, after reconcileSubmission has checked their shape.
 */
const prepare = (submissionId: string, date: string, pin: RegisterPin): string[] => {
  const register = effectiveRegister(pin, 'SELECT iin FROM rec_keys');
  return [
    // The IINs worth looking up: the live rows' that passed the intake.
    `CREATE TEMP TABLE rec_keys ON COMMIT DROP AS
     SELECT DISTINCT f.iin::char(12) AS iin FROM voter_file_record f
      WHERE f.submission_id = '${submissionId}'::uuid AND NOT f.deleted AND f.iin IS NOT NULL AND NOT coalesce(f.problems && ${INVALID_IIN}, false)`,
    'ANALYZE rec_keys',
    // The register for those IINs: the pinned snapshot with the registries' events on top.
    `CREATE TEMP TABLE rec_reg ON COMMIT DROP AS ${register.persons}`,
    `CREATE TEMP TABLE rec_reg_facts ON COMMIT DROP AS ${register.facts}`,
    'ANALYZE rec_reg_facts',
    // Every live row; \`matchable\` when its IIN passed the intake (an IIN the intake found invalid is
    // a finding of its own, never looked up, grouped or counted as missing from the register).
    `CREATE TEMP TABLE rec_m ON COMMIT DROP AS
     SELECT f.row, f.cod, f.iin, row_number() OVER (PARTITION BY f.iin ORDER BY f.row) AS occ, f.station_code, NULLIF(ltrim(btrim(f.station_code), '0'), '') AS station_key,
            f.surname, f.first_name, f.patronymic, f.birth_date, f.document_number,
            f.iin IS NOT NULL AND NOT coalesce(f.problems && ${INVALID_IIN}, false) AS matchable, coalesce(f.problems, '{}') AS problems,
            r.iin IS NOT NULL AS found, r.surname AS r_surname, r.first_name AS r_first_name, r.patronymic AS r_patronymic,
            r.birth_date AS r_birth_date, r.region_code AS r_region, r.district_id AS r_district, r.station_id AS r_station_id,
            r.document_number AS r_document_number, r.document_issued_on AS r_document_issued_on, r.document_expires_on AS r_document_expires_on
       FROM voter_file_record f
       LEFT JOIN rec_reg r ON r.iin = f.iin::char(12) AND f.iin IS NOT NULL AND NOT coalesce(f.problems && ${INVALID_IIN}, false)
      WHERE f.submission_id = '${submissionId}'::uuid AND NOT f.deleted`,
    `CREATE TEMP TABLE rec_facts ON COMMIT DROP AS
     SELECT DISTINCT ON (m.row, s.kind) m.row, m.cod, m.iin, s.kind::text AS kind, s.since, s.until, s.basis
       FROM rec_m m JOIN rec_reg_facts s ON s.iin = m.iin::char(12)
      WHERE m.found AND s.since <= '${date}'::date AND (s.until IS NULL OR s.until > '${date}'::date)
      ORDER BY m.row, s.kind, s.since DESC`,
    `CREATE TEMP TABLE rec_s ON COMMIT DROP AS
     SELECT row, number, number::text AS station_key, is_new, abolished FROM station_file_record WHERE submission_id = '${submissionId}'::uuid`,
    `CREATE TEMP TABLE rec_r ON COMMIT DROP AS
     SELECT p.number, p.number::text AS station_key FROM polling_station p
       JOIN voter_submission v ON v.id = '${submissionId}'::uuid AND p.district_id = v.district_id`,
    'ANALYZE rec_m',
    'ANALYZE rec_facts',
  ];
};

const FIND = `
WITH sub AS (SELECT id, period, region_code, district_id, station_file IS NOT NULL AS list_received FROM voter_submission WHERE id = $1::uuid),
per_station AS (SELECT station_key, count(*) AS voters, (array_agg(cod ORDER BY row) FILTER (WHERE cod IS NOT NULL))[1:50] AS cods FROM rec_m GROUP BY station_key),
-- Categories 3 and 4 (Rules para 9) list every row of a group, so the commission and the akimat
-- see which row stays: the rows of each IIN the file lists more than once. An empty IIN names no
-- one and groups nothing.
dup AS (
  SELECT m.row, m.cod, m.iin, m.station_code, m.station_key,
         row_number() OVER (PARTITION BY m.iin, m.station_key ORDER BY m.row) AS n_on_station,
         count(*) OVER (PARTITION BY m.iin, m.station_key) AS on_station,
         min(m.row) OVER (PARTITION BY m.iin, m.station_key) AS first_on_station,
         first_value(m.cod) OVER (PARTITION BY m.iin, m.station_key ORDER BY m.row) AS first_cod_on_station,
         count(*) OVER (PARTITION BY m.iin) AS of_iin,
         min(m.row) OVER (PARTITION BY m.iin) AS first_of_iin
    FROM rec_m m
   WHERE m.matchable AND m.iin IN (SELECT iin FROM rec_m WHERE matchable GROUP BY iin HAVING count(*) > 1)
),
-- Per IIN: how many stations its rows are on, the station the register gives the voter, and the
-- row of category 4 to keep: the first row on that station (none when no row is on it).
dup_iin AS (
  SELECT d.iin, count(DISTINCT coalesce(d.station_key, '')) AS stations, p.number::text AS register_station,
         min(d.row) FILTER (WHERE d.station_key = p.number::text) AS keep_row,
         (array_agg(d.cod ORDER BY d.row) FILTER (WHERE d.station_key = p.number::text))[1] AS keep_cod
    FROM dup d
    LEFT JOIN (SELECT DISTINCT ON (iin) iin, r_station_id FROM rec_m WHERE found ORDER BY iin) r ON r.iin = d.iin
    LEFT JOIN polling_station p ON p.id = r.r_station_id
   GROUP BY d.iin, p.number
),
f(category, subcategory, cod, row, iin, station_code, key, evidence) AS (
  SELECT 1, 'iin-not-in-register', cod, row, iin, station_code, iin || '|' || occ, jsonb_build_object('register', 'no person with this IIN')
    FROM rec_m WHERE NOT found AND matchable
  UNION ALL
  SELECT 1, v.field, m.cod, m.row, m.iin, m.station_code, m.iin || '|' || m.occ, jsonb_build_object('field', v.field, 'file', v.file_value, 'register', v.register_value)
    FROM rec_m m CROSS JOIN LATERAL (VALUES ('surname', m.surname, m.r_surname, 'Soname'), ('first-name', m.first_name, m.r_first_name, 'Name'),
                                            ('patronymic', m.patronymic, m.r_patronymic, 'Otchestvo')) v(field, file_value, register_value, form_field)
   WHERE m.found AND v.file_value IS DISTINCT FROM v.register_value AND tizim_fold_kazakh(v.file_value) <> tizim_fold_kazakh(v.register_value)
     -- A name the intake found empty or broken is that finding already.
     AND NOT EXISTS (SELECT 1 FROM unnest(m.problems) p WHERE split_part(p, ':', 1) = v.form_field)
  UNION ALL
  -- A birth date the intake found missing or impossible is its finding already (staged empty).
  SELECT 1, 'birth-date', cod, row, iin, station_code, iin || '|' || occ, jsonb_build_object('field', 'birth-date', 'file', birth_date, 'register', r_birth_date)
    FROM rec_m WHERE found AND birth_date IS NOT NULL AND birth_date IS DISTINCT FROM r_birth_date
  UNION ALL
  SELECT 2, CASE WHEN document_number IS DISTINCT FROM r_document_number THEN 'replaced' ELSE 'expired' END, cod, row, iin, station_code, iin || '|' || occ,
         jsonb_build_object('fileDocument', document_number, 'registerDocument', r_document_number, 'registerIssuedOn', r_document_issued_on, 'registerExpiresOn', r_document_expires_on)
    FROM rec_m WHERE found AND r_document_number IS NOT NULL
     AND (document_number IS DISTINCT FROM r_document_number OR r_document_expires_on < $2::date)
  UNION ALL
  -- Keys: one per row of a group (its station and its turn on that station), so that each row has
  -- its own id; rows flagged before groups were shown whole keep the ids they had.
  SELECT 3, 'same-station', d.cod, d.row, d.iin, d.station_code, d.iin || '|' || coalesce(d.station_key, '') || '|' || d.n_on_station,
         jsonb_build_object('group', md5(concat_ws('|', sub.period, sub.district_id, 'group', 3, 'same-station', d.iin, coalesce(d.station_key, '')))::uuid,
                            'groupNo', dense_rank() OVER (ORDER BY d.first_on_station), 'groupSize', d.on_station,
                            'keep', d.row = d.first_on_station, 'keepCod', d.first_cod_on_station, 'keepRow', d.first_on_station, 'registerStation', i.register_station)
    FROM dup d JOIN dup_iin i ON i.iin = d.iin CROSS JOIN sub
   WHERE d.on_station > 1
  UNION ALL
  SELECT 4, 'several-stations', d.cod, d.row, d.iin, d.station_code,
         d.iin || '|' || coalesce(d.station_key, '') || CASE WHEN d.n_on_station > 1 THEN '|' || d.n_on_station ELSE '' END,
         jsonb_build_object('group', md5(concat_ws('|', sub.period, sub.district_id, 'group', 4, 'several-stations', d.iin))::uuid,
                            'groupNo', dense_rank() OVER (ORDER BY d.first_of_iin), 'groupSize', d.of_iin,
                            'keep', coalesce(d.row = i.keep_row, false), 'keepCod', i.keep_cod, 'keepRow', i.keep_row, 'registerStation', i.register_station)
    FROM dup d JOIN dup_iin i ON i.iin = d.iin CROSS JOIN sub
   WHERE i.stations > 1
  UNION ALL
  SELECT 4, 'other-district', m.cod, m.row, m.iin, m.station_code, m.iin || '|' || m.occ, jsonb_build_object('registerDistrict', m.r_district, 'otherStation', o.station_code, 'otherSubmission', o.submission_id)
    FROM rec_m m JOIN rec_other o ON o.iin = m.iin AND o.district_id = m.r_district
  UNION ALL
  SELECT 5, 'other-region', m.cod, m.row, m.iin, m.station_code, m.iin || '|' || m.occ, jsonb_build_object('registerRegion', m.r_region)
    FROM rec_m m CROSS JOIN sub
   WHERE m.found AND m.r_region <> sub.region_code
     AND NOT EXISTS (SELECT 1 FROM rec_facts x WHERE x.row = m.row AND x.kind = 'DEREGISTERED')
  UNION ALL
  SELECT CASE x.kind WHEN 'DEREGISTERED' THEN 6 WHEN 'EMIGRATED' THEN 7 WHEN 'NON_CITIZEN' THEN 8 ELSE 9 END,
         replace(lower(x.kind), '_', '-'), x.cod, x.row, x.iin, m.station_code, x.iin || '|' || m.occ,
         jsonb_build_object('fact', x.kind, 'since', x.since, 'until', x.until, 'basis', x.basis)
    FROM rec_facts x JOIN rec_m m ON m.row = x.row
  UNION ALL
  SELECT 9, 'under-18', cod, row, iin, station_code, iin || '|' || occ, jsonb_build_object('birthDate', coalesce(r_birth_date, birth_date), 'turns18On', (coalesce(r_birth_date, birth_date) + interval '18 years')::date)
    FROM rec_m WHERE coalesce(r_birth_date, birth_date) + interval '18 years' > $2::date
  UNION ALL
  -- The intake's findings (libs/files/appendix1-check.ts), every record of the file, deleted ones
  -- too (the form holds for each): \`Field:rule[:first row]\`. Identity fields (para 9(1)) are
  -- category 1, the rest of the form category ${FORM_CATEGORY}.
  SELECT CASE WHEN split_part(p.problem, ':', 1) IN ('Cod_izber', 'Soname', 'Name', 'Otchestvo', 'Date_rogd') THEN 1 ELSE ${FORM_CATEGORY} END,
         split_part(p.problem, ':', 1) || ':' || split_part(p.problem, ':', 2), p.cod, p.row, p.iin, p.station_code,
         concat_ws('|', 'intake', coalesce(p.iin, ''), coalesce(p.cod::text, ''), split_part(p.problem, ':', 1), split_part(p.problem, ':', 2), p.n),
         jsonb_strip_nulls(jsonb_build_object('field', split_part(p.problem, ':', 1), 'rule', split_part(p.problem, ':', 2),
                                              'firstRow', nullif(split_part(p.problem, ':', 3), '')::int))
    FROM (SELECT f.row, f.cod, f.iin, f.station_code, u.problem,
                 row_number() OVER (PARTITION BY f.iin, f.cod, u.problem ORDER BY f.row) AS n
            FROM voter_file_record f CROSS JOIN LATERAL unnest(f.problems) u(problem)
           WHERE f.submission_id = $1::uuid AND f.problems IS NOT NULL) p
),
-- Station findings judge the list against the register and the voter file: without a list, the
-- one finding is that it was not received (not every station missing and every voter unlisted).
fs(category, subcategory, cod, row, iin, station_code, key, evidence) AS (
  SELECT 0, 'duplicate-number', NULL::int, NULL::int, NULL::text, s.station_key, s.station_key,
         jsonb_build_object('rows', (SELECT jsonb_agg(s2.row ORDER BY s2.row) FROM rec_s s2 WHERE s2.number = s.number),
                            'otherDistrict', (SELECT p.district_id FROM polling_station p, sub WHERE p.region_code = sub.region_code AND p.number = s.number AND p.district_id <> sub.district_id LIMIT 1))
    FROM (SELECT DISTINCT number, station_key FROM rec_s WHERE NOT abolished) s CROSS JOIN sub
   WHERE (SELECT count(*) FROM rec_s s2 WHERE s2.number = s.number AND NOT s2.abolished) > 1
      OR EXISTS (SELECT 1 FROM polling_station p WHERE p.region_code = sub.region_code AND p.number = s.number AND p.district_id <> sub.district_id)
  UNION ALL
  SELECT 0, 'over-limit', NULL, NULL, NULL, station_key, station_key, jsonb_build_object('voters', voters, 'limit', ${MAX_VOTERS_PER_STATION})
    FROM per_station WHERE voters > ${MAX_VOTERS_PER_STATION}
  UNION ALL
  -- A station the list marks abolished is on its way out, not a new one left unmarked (chapter 3).
  SELECT 0, 'new-unmarked', NULL, NULL, NULL, s.station_key, s.station_key, jsonb_build_object('row', s.row)
    FROM rec_s s WHERE NOT s.is_new AND NOT s.abolished AND NOT EXISTS (SELECT 1 FROM rec_r r WHERE r.number = s.number)
     AND NOT EXISTS (SELECT 1 FROM polling_station p, sub WHERE p.region_code = sub.region_code AND p.number = s.number)
  UNION ALL
  SELECT 0, 'marked-new-but-exists', NULL, NULL, NULL, s.station_key, s.station_key, jsonb_build_object('row', s.row)
    FROM rec_s s WHERE s.is_new AND EXISTS (SELECT 1 FROM rec_r r WHERE r.number = s.number)
  UNION ALL
  SELECT 0, 'missing-from-list', NULL, NULL, NULL, r.station_key, r.station_key, jsonb_build_object('registerStation', r.number)
    FROM rec_r r WHERE NOT EXISTS (SELECT 1 FROM rec_s s WHERE s.number = r.number)
  UNION ALL
  SELECT 0, 'abolished-with-voters', NULL, NULL, NULL, s.station_key, s.station_key, jsonb_build_object('row', s.row, 'voters', p.voters)
    FROM rec_s s JOIN per_station p ON p.station_key = s.station_key WHERE s.abolished
  UNION ALL
  -- A row without a station code is the intake's finding (Cod_uch), not a station of its own.
  SELECT 0, 'voters-on-unlisted-station', NULL, NULL, NULL, p.station_key, p.station_key, jsonb_build_object('voters', p.voters, 'cods', to_jsonb(p.cods))
    FROM per_station p WHERE p.station_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rec_s s WHERE s.station_key = p.station_key)
),
every(category, subcategory, cod, row, iin, station_code, key, evidence) AS (
  SELECT * FROM f
  UNION ALL
  SELECT * FROM fs WHERE (SELECT list_received FROM sub)
  UNION ALL
  SELECT 0, 'station-list-not-received', NULL, NULL, NULL, NULL, 'station-list', '{}'::jsonb WHERE NOT (SELECT list_received FROM sub)
)
INSERT INTO reconciliation_discrepancy (run_id, id, category, subcategory, cod, row, station_code, evidence)
SELECT $3::uuid, md5(concat_ws('|', sub.period, sub.district_id, e.category, e.subcategory, e.key))::uuid,
       e.category, e.subcategory, e.cod, e.row, e.station_code, e.evidence
  FROM every e CROSS JOIN sub`;

const COUNTS = `
SELECT category, subcategory, count(DISTINCT coalesce(row::text, 'station ' || coalesce(station_code, '')))::int AS records
  FROM reconciliation_discrepancy WHERE run_id = $1::uuid GROUP BY category, subcategory ORDER BY category, subcategory`;

const TOTALS = `
SELECT (SELECT count(*) FROM rec_m)::int AS voters,
       (SELECT count(*) FROM rec_s)::int AS stations,
       (SELECT count(DISTINCT row) FROM reconciliation_discrepancy WHERE run_id = $1::uuid AND category > 0)::int AS with_findings,
       (SELECT coalesce(jsonb_agg(number ORDER BY number), '[]') FROM rec_s s WHERE is_new AND NOT EXISTS (SELECT 1 FROM rec_r r WHERE r.number = s.number)) AS new_stations,
       (SELECT coalesce(jsonb_agg(number ORDER BY number), '[]') FROM rec_s s WHERE abolished AND EXISTS (SELECT 1 FROM rec_r r WHERE r.number = s.number)) AS abolished_stations`;

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** The statements a run sends in its transaction. */
type Sql = Pick<Tx, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/**
 * The transaction's statements, each with PostgreSQL's statement_timeout set to the time left until
 * `deadline`: the server cancels a statement still running then, so the transaction ends by it.
 */
function bounded(tx: Tx, deadline: number, runId: string): Sql {
  const budget = async () => {
    const left = Math.ceil(deadline - Date.now());
    if (left <= 0) throw new ReconciliationOutOfTimeError(runId, false);
    await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${left}`);
  };
  return {
    $executeRawUnsafe: (async (query: string, ...values: unknown[]) => {
      await budget();
      return tx.$executeRawUnsafe(query, ...values);
    }) as Tx['$executeRawUnsafe'],
    $queryRawUnsafe: (async (query: string, ...values: unknown[]) => {
      await budget();
      return tx.$queryRawUnsafe(query, ...values);
    }) as Tx['$queryRawUnsafe'],
  };
}

/** PostgreSQL's "canceling statement due to statement timeout" (SQLSTATE 57014), through Prisma. */
const statementTimedOut = (err: unknown) => /57014|statement timeout/.test(String((err as Error)?.message ?? err));

/**
 * \`rec_other\`: for voters the register places in another district of this region, that
 * district's latest submission of the period, where it lists them too (category 4,
 * other-district). Those submissions are named as literals, so PostgreSQL reads only their
 * partitions of voter_file_record, each once, and joins by hash.
 */
async function otherDistrictsRows(
  tx: Sql,
  submission: { period: string; regionCode: string; districtId: string },
): Promise<void> {
  const others = await tx.$queryRawUnsafe<{ id: string; district_id: string }[]>(
    `SELECT DISTINCT ON (s.district_id) s.id::text AS id, s.district_id FROM voter_submission s
      WHERE s.period = $1 AND s.district_id IN (SELECT DISTINCT r_district FROM rec_m WHERE found AND r_region = $2 AND r_district <> $3)
      ORDER BY s.district_id, s.received_at DESC, s.id DESC`,
    submission.period,
    submission.regionCode,
    submission.districtId,
  );
  const ids = others.map((o) => o.id).filter((id) => UUID.test(id));
  if (ids.length === 0) {
    await tx.$executeRawUnsafe(
      'CREATE TEMP TABLE rec_other (iin text, district_id text, station_code text, submission_id uuid) ON COMMIT DROP',
    );
    return;
  }
  const list = ids.map((id) => `'${id}'::uuid`).join(', ');
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE rec_other ON COMMIT DROP AS
     SELECT DISTINCT ON (f.iin, s.district_id) f.iin, s.district_id, f.station_code, f.submission_id
       FROM voter_file_record f JOIN voter_submission s ON s.id = f.submission_id
      WHERE f.submission_id IN (${list}) AND NOT f.deleted
        AND f.iin IN (SELECT iin FROM rec_m WHERE found AND r_district <> $1)
      ORDER BY f.iin, s.district_id, f.row`,
    submission.districtId,
  );
}

/**
 * The register a run is judged against: the current snapshot and the events received when its
 * first attempt began, recorded apart (committed at once), so a retried attempt of the same run
 * judges against the same register even when a snapshot was made current meanwhile.
 */
async function runPin(prisma: PrismaClient, runId: string): Promise<RegisterPin> {
  const pinned = await prisma.reconciliationPin.findUnique({ where: { runId } });
  if (pinned) {
    const [snapshot] = await prisma.registerSnapshot.findMany({
      where: { id: pinned.snapshotId },
      select: { purgedAt: true },
    });
    if (snapshot && !snapshot.purgedAt) return pinOf(prisma, pinned.snapshotId, Number(pinned.eventWatermark));
    // Its register was dropped by the retention setting since the first attempt: the one current now.
    const pin = await currentPin(prisma);
    await prisma.reconciliationPin.update({
      where: { runId },
      data: { snapshotId: pin.snapshotId, eventWatermark: BigInt(pin.eventWatermark), pinnedAt: new Date() },
    });
    return pin;
  }
  const pin = await currentPin(prisma);
  await prisma.reconciliationPin.createMany({
    data: [{ runId, snapshotId: pin.snapshotId, eventWatermark: BigInt(pin.eventWatermark) }],
    skipDuplicates: true,
  });
  const kept = await prisma.reconciliationPin.findUniqueOrThrow({ where: { runId } });
  return kept.snapshotId === pin.snapshotId && Number(kept.eventWatermark) === pin.eventWatermark
    ? pin
    : pinOf(prisma, kept.snapshotId, Number(kept.eventWatermark));
}

/**
 * Reconciles one staged submission and records the run. Idempotent by `runId`: a second call
 * returns the recorded result without touching anything.
 */
export async function reconcileSubmission(prisma: PrismaClient, input: ReconcileInput): Promise<ReconciliationResult> {
  for (const [name, value] of [
    ['runId', input.runId],
    ['submissionId', input.submissionId],
  ] as const) {
    if (!UUID.test(value)) throw new TypeError(`${name} must be a UUID, got "${value}"`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.referenceDate) || Number.isNaN(Date.parse(input.referenceDate))) {
    throw new TypeError(`referenceDate must be a date as YYYY-MM-DD, got "${input.referenceDate}"`);
  }
  const existing = await prisma.cycleReconciliation.findUnique({ where: { id: input.runId } });
  if (existing?.submissionId) return existing.result as unknown as ReconciliationResult;
  const submission = await prisma.voterSubmission.findUnique({ where: { id: input.submissionId } });
  if (!submission) throw new SubmissionNotFoundError(input.submissionId);

  // The register is pinned once per run (runPin): a snapshot made current while this run reads,
  // or an event received, does not change it, and the pin goes with the result so the run can be
  // judged again alike.
  const pin = input.register
    ? await pinOf(prisma, input.register.snapshotId, input.register.eventWatermark)
    : await runPin(prisma, input.runId);
  const started = process.hrtime.bigint();
  const deadline = input.deadline ?? Date.now() + RUN_BUDGET_MS;
  let locked = false;
  try {
    return await prisma.$transaction(
      async (raw) => {
        const tx = bounded(raw, deadline, input.runId);
        // One attempt of a run at a time (issue 25): a retry that overlaps an attempt still running
        // (its worker's heartbeats lost, say) waits here for it and returns what it recorded. The lock
        // is the transaction's, so it goes when the attempt commits or rolls back (or its session dies).
        await tx.$queryRawUnsafe('SELECT pg_advisory_xact_lock(hashtextextended($1, 25)) IS NULL AS x', input.runId);
        locked = true;
        const recorded = await raw.cycleReconciliation.findUnique({ where: { id: input.runId } });
        if (recorded?.submissionId) return recorded.result as unknown as ReconciliationResult;
        // A run that failed half-way left nothing (one transaction).
        await raw.$executeRawUnsafe("SET LOCAL work_mem = '256MB'");
        // The register's pages are read at random by primary key, one probe per IIN of the file, and
        // are cached or on SSD: costed as such, the planner probes for a district's file instead of
        // reading every row of the snapshot.
        await tx.$executeRawUnsafe('SET LOCAL random_page_cost = 1.1');
        // The snapshot's record is held (FOR KEY SHARE) until the run commits: the retention setting
        // takes it FOR UPDATE to mark it purged before it drops its rows, so it waits for this run, and
        // a run that began after a purge stops here instead of judging against an empty register. A
        // new snapshot made current meanwhile (a plain UPDATE of the status) does not wait.
        const [held] = await tx.$queryRawUnsafe<{ purged: boolean }[]>(
          'SELECT purged_at IS NOT NULL AS purged FROM register_snapshot WHERE id = $1::uuid FOR KEY SHARE',
          pin.snapshotId,
        );
        if (!held || held.purged)
          throw new Error(
            `register snapshot v${pin.version} (as of ${pin.asOf}) was dropped by the retention setting before this run read it: run it again`,
          );
        for (const sql of prepare(input.submissionId, input.referenceDate, pin)) await tx.$executeRawUnsafe(sql);
        await otherDistrictsRows(tx, submission);
        await tx.$executeRawUnsafe(FIND, input.submissionId, input.referenceDate, input.runId);
        const findings = await tx.$queryRawUnsafe<FindingCount[]>(COUNTS, input.runId);
        const [totals] = await tx.$queryRawUnsafe<
          {
            voters: number;
            stations: number;
            with_findings: number;
            new_stations: number[];
            abolished_stations: number[];
          }[]
        >(TOTALS, input.runId);
        const result: ReconciliationResult = {
          runId: input.runId,
          submissionId: input.submissionId,
          period: submission.period,
          regionCode: submission.regionCode,
          districtId: submission.districtId,
          referenceDate: input.referenceDate,
          round: input.round,
          voterRecords: totals.voters,
          stationRecords: totals.stations,
          recordsWithFindings: totals.with_findings,
          findings,
          register: pin,
          newStations: totals.new_stations,
          abolishedStations: totals.abolished_stations,
          reconciledAt: input.at,
          elapsedMs: Number(process.hrtime.bigint() - started) / 1e6,
        };
        await raw.cycleReconciliation.create({
          data: {
            id: input.runId,
            workflowId: input.workflowId,
            period: submission.period,
            districtId: submission.districtId,
            round: input.round,
            discrepancies: findings.reduce((n, f) => n + f.records, 0),
            result: result as never,
            createdAt: new Date(input.at),
            submissionId: input.submissionId,
            referenceDate: new Date(`${input.referenceDate}T00:00:00Z`),
            snapshotId: pin.snapshotId,
            eventWatermark: BigInt(pin.eventWatermark),
          },
        });
        return result;
      },
      // Prisma's own limit a little after the deadline: PostgreSQL's statement_timeout ends it first.
      { timeout: Math.max(1, deadline - Date.now()) + 5_000, maxWait: 60_000 },
    );
  } catch (err) {
    if (statementTimedOut(err)) throw new ReconciliationOutOfTimeError(input.runId, !locked);
    throw err;
  }
}
