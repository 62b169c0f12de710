/**
 * A db suite that imports files of one synthetic district: the register loaded into the run's
 * database, a file store in a temporary folder, and uploads written to disk as the API writes them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { PrismaClient } from '../../libs/db/prisma';
import { FileStore } from '../../libs/files/store';
import type { VoterImportInput } from '../../libs/db/files/voter-import';
import { loadRegister } from '../../libs/db/synthetic/load';
import type { ScenarioSpec } from '../../libs/synthetic/scenario';
import { testPrisma } from './fixtures';
import { testDatabaseUrl } from './test-env';

export interface ImportFixture {
  prisma: PrismaClient;
  client: Client;
  store: FileStore;
  /** Writes `content` to disk and describes it as the district's upload. */
  upload(name: string, content: string | Buffer): VoterImportInput;
}

export function useImportFixture(spec: ScenarioSpec, districtId: string, at: { receivedAt: string }): ImportFixture {
  const region = spec.regions.find((r) => r.districts.some((d) => d.id === districtId));
  if (!region) throw new Error(`district ${districtId} is not in the scenario`);
  let dir = '';
  const f = {
    upload(name: string, content: string | Buffer): VoterImportInput {
      const path = join(dir, `${randomUUID()}-${name}`);
      writeFileSync(path, content);
      return {
        fileId: randomUUID(),
        path,
        fileName: name,
        period: spec.period,
        regionCode: region.code,
        districtId,
        uploadedBy: `registrar-${districtId}`,
        receivedAt: at.receivedAt,
      };
    },
  } as ImportFixture;
  beforeAll(async () => {
    f.prisma = await testPrisma();
    f.client = new Client({ connectionString: testDatabaseUrl() });
    await f.client.connect();
    await loadRegister(f.client, spec);
    dir = mkdtempSync(join(tmpdir(), 'tizim-import-'));
    f.store = new FileStore(join(dir, 'store'));
  });
  afterAll(async () => {
    await f.client?.end();
  });
  return f;
}
