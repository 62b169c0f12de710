/**
 * voter_file_record is partitioned by submission: each staged voter file's rows are a table of
 * their own (a partition), so a file of 1.5 million rows is written by COPY without an index
 * and indexed once, then attached (libs/db/files/voter-import.ts). Queries name the submission and
 * read only its partition.
 */
import type { ClientBase } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The partition's table name (an identifier built from a checked UUID, never from input text). */
export function voterPartitionName(submissionId: string): string {
  if (!UUID.test(submissionId)) throw new TypeError(`a submission id is a UUID, got "${submissionId}"`);
  return `voter_file_record_${submissionId.replaceAll('-', '').toLowerCase()}`;
}

/**
 * Creates the submission's partition, attached and indexed, for writers that insert rows one by
 * one or in small batches (the synthetic loader, tests). The importer builds its own (see above).
 */
export async function createVoterPartition(
  db: ClientBase | { $executeRawUnsafe(sql: string): Promise<unknown> },
  submissionId: string,
): Promise<string> {
  const table = voterPartitionName(submissionId);
  const sql = `CREATE TABLE ${table} PARTITION OF voter_file_record FOR VALUES IN ('${submissionId}')`;
  await ('$executeRawUnsafe' in db ? db.$executeRawUnsafe(sql) : db.query(sql));
  return table;
}
