/**
 * Writes a synthetic scenario (scenario.ts) into PostgreSQL by COPY: the territory, the register's
 * stations, voters and status facts, and districts' submissions. For tests, the demo and the
 * benchmarks; never for real data.
 */
import type { ClientBase } from 'pg';
import { copyRows } from '../copy';
import { createVoterPartition } from '../voter-partitions';
import { REGIONS } from '../../territory/regions';
import {
  registerRows,
  registerStations,
  stationFile,
  voterFile,
  type ExpectedFinding,
  type ScenarioSpec,
  type StatusFactRow,
} from '../../synthetic/scenario';

/** Regions (from the KATO list) and the scenario's districts; existing rows are left as they are. */
export async function loadTerritory(client: ClientBase, spec: ScenarioSpec): Promise<void> {
  for (const r of REGIONS) {
    await client.query(
      'INSERT INTO region (code, name_ru, name_kk, kind) VALUES ($1, $2, $3, $4::region_kind) ON CONFLICT (code) DO NOTHING',
      [r.code, r.nameRu, r.nameKk, r.kind],
    );
  }
  for (const region of spec.regions) {
    for (const d of region.districts) {
      await client.query(
        'INSERT INTO district (id, region_code, name_ru, name_kk) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [d.id, region.code, d.nameRu, d.nameKk],
      );
    }
  }
}

export interface LoadProgress {
  (what: string, rows: number): void;
}

/** The register side: stations, voters and status facts (into register snapshot 0, the column default). Returns the row counts. */
export async function loadRegister(
  client: ClientBase,
  spec: ScenarioSpec,
  progress?: LoadProgress,
): Promise<{ stations: number; voters: number; facts: number }> {
  await loadTerritory(client, spec);
  const stations = await copyRows(
    client,
    'polling_station',
    ['id', 'region_code', 'district_id', 'number', 'premises', 'locality', 'street', 'house'],
    (function* () {
      for (const s of registerStations(spec))
        yield [s.id, s.regionCode, s.districtId, s.number, s.premises, s.locality, s.street, s.house];
    })(),
  );
  const facts: StatusFactRow[] = [];
  const voters = await copyRows(
    client,
    'register_voter',
    [
      'iin',
      'surname',
      'first_name',
      'patronymic',
      'birth_date',
      'sex',
      'region_code',
      'district_id',
      'station_id',
      'locality',
      'street',
      'house',
      'apartment',
      'document_number',
      'document_issued_on',
      'document_expires_on',
    ],
    (function* () {
      for (const { voter: v, facts: f } of registerRows(spec)) {
        facts.push(...f);
        if (v)
          yield [
            v.iin,
            v.surname,
            v.firstName,
            v.patronymic,
            v.birthDate,
            v.sex,
            v.regionCode,
            v.districtId,
            v.stationId,
            v.locality,
            v.street,
            v.house,
            v.apartment,
            v.documentNumber,
            v.documentIssuedOn,
            v.documentExpiresOn,
          ];
      }
    })(),
    (n) => progress?.('register voters', n),
  );
  const written = await copyRows(
    client,
    'register_status_fact',
    ['id', 'iin', 'kind', 'since', 'until', 'basis'],
    facts.map((f) => [f.id, f.iin, f.kind, f.since, f.until, f.basis]),
  );
  return { stations, voters, facts: written };
}

export interface LoadedSubmission {
  submissionId: string;
  voterRecords: number;
  stationRecords: number;
}

/**
 * One district's submission: the voter file and the station list staged under `submissionId`,
 * received at `receivedAt`. The findings a correct reconciliation reports go into `expected`.
 */
export async function loadSubmission(
  client: ClientBase,
  spec: ScenarioSpec,
  districtId: string,
  submissionId: string,
  receivedAt: string,
  expected?: ExpectedFinding[],
  progress?: LoadProgress,
): Promise<LoadedSubmission> {
  const region = spec.regions.find((r) => r.districts.some((d) => d.id === districtId))!;
  const stations = stationFile(spec, districtId, expected);
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO voter_submission (id, period, region_code, district_id, voter_file, station_file, voter_records, station_records, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8)`,
      [
        submissionId,
        spec.period,
        region.code,
        districtId,
        `izbirateli_${districtId}.mdb`,
        `uchastki_${districtId}.xlsx`,
        stations.length,
        receivedAt,
      ],
    );
    await createVoterPartition(client, submissionId);
    let row = 0;
    const voterRecords = await copyRows(
      client,
      'voter_file_record',
      [
        'submission_id',
        'row',
        'cod',
        'iin',
        'surname',
        'first_name',
        'patronymic',
        'station_code',
        'obl',
        'rai',
        'birth_date',
        'sex',
        'locality',
        'street',
        'house',
        'apartment',
        'document_number',
        'document_issued_on',
        'deleted',
      ],
      (function* () {
        for (const r of voterFile(spec, districtId, expected)) {
          yield [
            submissionId,
            ++row,
            r.cod,
            r.iin,
            r.surname,
            r.firstName,
            r.patronymic,
            r.stationCode,
            r.obl,
            r.rai,
            r.birthDate,
            r.sex,
            r.locality,
            r.street,
            r.house,
            r.apartment,
            r.documentNumber,
            r.documentIssuedOn,
            r.deleted,
          ];
        }
      })(),
      (n) => progress?.(`voter file ${districtId}`, n),
    );
    await copyRows(
      client,
      'station_file_record',
      ['submission_id', 'row', 'number', 'premises', 'locality', 'street', 'house', 'is_new', 'abolished'],
      stations.map((s) => [
        submissionId,
        s.row,
        s.number,
        s.premises,
        s.locality,
        s.street,
        s.house,
        s.isNew,
        s.abolished,
      ]),
    );
    await client.query('UPDATE voter_submission SET voter_records = $2 WHERE id = $1', [submissionId, voterRecords]);
    await client.query('COMMIT');
    return { submissionId, voterRecords, stationRecords: stations.length };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
