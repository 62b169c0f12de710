/**
 * The data step of migration 20261207000617_pii_keyed_hashes (README, "Personal data"): the tables
 * that only match a citizen or address a message to them get the keyed hash of each row's IIN
 * (libs/auth/iin-hmac.ts, under TIZIM_IIN_HMAC_KEY, or TIZIM_TOKEN_SECRET where that is not set), which SQL cannot compute as it cannot know
 * the key. A registration check already in the citizen's cabinet loses its IIN here too. Run by
 * `migrate deploy` between that migration and 20261207000618_pii_drop_clear_iins, which drops the
 * IINs; idempotent (only rows without a hash are read), in batches.
 */
import type { Client } from 'pg';
import { iinHmac } from '../auth/iin-hmac';

interface HashedColumn {
  table: string;
  /** The row's key, compared as text. */
  key: string;
  iin: string;
  hash: string;
}

export const HASHED_IIN_COLUMNS: readonly HashedColumn[] = [
  { table: 'registration_check', key: 'id', iin: 'iin', hash: 'iin_hmac' },
  { table: 'egov_cabinet_message', key: 'id', iin: 'recipient_iin', hash: 'recipient_iin_hmac' },
  { table: 'state_fee_payment', key: 'id', iin: 'iin', hash: 'iin_hmac' },
  { table: 'property_record', key: 'cadastral_number', iin: 'owner_iin', hash: 'owner_iin_hmac' },
];

const BATCH = 5_000;

/** Rows per table whose IIN has no hash yet. */
async function unhashed(client: Client): Promise<{ table: string; rows: number }[]> {
  const counts: { table: string; rows: number }[] = [];
  for (const c of HASHED_IIN_COLUMNS) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${c.table}" WHERE "${c.hash}" IS NULL AND "${c.iin}" IS NOT NULL`,
    );
    if (rows[0].n > 0) counts.push({ table: c.table, rows: rows[0].n });
  }
  return counts;
}

/**
 * Fills every missing hash and empties the IIN of every registration check already notified.
 * `key` may be absent when there is nothing to hash (a new database); otherwise the error names
 * the tables and how many rows wait. Returns what it did, in words, or null when nothing.
 */
export async function hashClearIins(client: Client, key: string | undefined): Promise<string | null> {
  const waiting = await unhashed(client);
  if (!key && !waiting.length) return null;
  if (!key) {
    throw new Error(
      `${waiting.map((w) => `${w.table} (${w.rows} row${w.rows === 1 ? '' : 's'})`).join(', ')} keep IINs that must be hashed before ` +
        "migration 20261207000618_pii_drop_clear_iins drops them: set TIZIM_IIN_HMAC_KEY (or TIZIM_TOKEN_SECRET where that is not set: the API's and the worker's) for the migrate command",
    );
  }
  const done: string[] = [];
  for (const c of HASHED_IIN_COLUMNS) {
    let rows = 0;
    for (;;) {
      const batch = await client.query<{ k: string; iin: string }>(
        `SELECT "${c.key}"::text AS k, "${c.iin}"::text AS iin FROM "${c.table}"
          WHERE "${c.hash}" IS NULL AND "${c.iin}" IS NOT NULL LIMIT ${BATCH}`,
      );
      if (batch.rowCount === 0) break;
      await client.query(
        `UPDATE "${c.table}" t SET "${c.hash}" = v.h
           FROM unnest($1::text[], $2::text[]) AS v(k, h) WHERE t."${c.key}"::text = v.k`,
        [batch.rows.map((r) => r.k), batch.rows.map((r) => iinHmac(key, r.iin.trim()))],
      );
      rows += batch.rowCount ?? 0;
    }
    if (rows) done.push(`${c.table} ${rows}`);
  }
  // The cabinet holds the result: the check no longer needs to know whom to address.
  const erased = await client.query(
    'UPDATE registration_check SET iin = NULL WHERE notified_at IS NOT NULL AND iin IS NOT NULL AND iin_hmac IS NOT NULL',
  );
  if (erased.rowCount) done.push(`registration_check ${erased.rowCount} IINs emptied (notified)`);
  return done.length ? `IINs hashed: ${done.join(', ')}` : null;
}
