/**
 * The acceptance-transfer act on the real test PostgreSQL: the akimat declares it, the commission's
 * receipt checks each declared file against the files received (imported here with
 * libs/db/files/voter-import.ts from generated CSVs) and refuses every kind of mismatch in plain words,
 * changing nothing; on success the content is frozen, and both sides' signatures are verified
 * against the certificate registry before they are recorded.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { PrismaClient } from '../../libs/db/prisma';
import { runReconciliation } from '../../libs/db/cycle';
import { CertificateRegistry } from '../../libs/db/eds/registry';
import { SignatureVerification } from '../../libs/eds';
import { FileStore } from '../../libs/files/store';
import { declareTransferAct, recordReceipt, signTransferAct } from '../../libs/db/files/transfer-act';
import { TransferActError, type DeclaredFile, type Representative } from '../../libs/files/transfer-act';
import { receiveFile } from '../../libs/db/files/received';
import { importVoterCsv } from '../../libs/db/files/voter-import';
import { loadTerritory } from '../../libs/db/synthetic/load';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { signBytes, testSigner } from '../support/certificates';
import { testPrisma } from '../support/fixtures';
import { testDatabaseUrl } from '../support/test-env';

const SPEC: ScenarioSpec = {
  seed: 4701,
  referenceDate: '2035-12-28',
  period: '2036-01',
  regions: [
    {
      code: '47',
      stationBase: 900,
      districts: [
        {
          id: 'syn47-a',
          nameRu: 'Район Ақтау',
          nameKk: 'Ақтау ауданы',
          locality: 'Ақтау',
          slot: 47,
          stations: [20, 20],
        },
      ],
    },
  ],
};
const DISTRICT = 'syn47-a';
const AKIMAT: Representative = { holder: 'akimat-syn47-a', name: 'Жұмабекова Әйгерім', position: 'главный специалист' };
const COMMISSION: Representative = {
  holder: 'commission-syn47-a',
  name: 'Иванов Сергей',
  position: 'секретарь комиссии',
};

let prisma: PrismaClient;
let client: Client;
let store: FileStore;
let dir: string;

beforeAll(async () => {
  prisma = await testPrisma();
  client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await loadTerritory(client, SPEC);
  dir = mkdtempSync(join(tmpdir(), 'tizim-acts-'));
  store = new FileStore(join(dir, 'store'));
});

afterAll(async () => {
  await client?.end();
});

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const iso = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString();

/** A voter file of the district's first `n` generated voters (distinct n, distinct content). */
function csv(n: number): string {
  const rows = [...voterFile(SPEC, DISTRICT)].slice(0, n).map((r) => appendix1Fields(r));
  return appendix1Csv(rows);
}

/** Receives a file as the API does; imports it unless `importIt` is false (then it stays RECEIVED). */
async function received(name: string, content: string, importIt = true) {
  const fileId = randomUUID();
  const path = join(dir, fileId);
  writeFileSync(path, content);
  const input = {
    fileId,
    path,
    fileName: name,
    period: SPEC.period,
    regionCode: '47',
    districtId: DISTRICT,
    uploadedBy: AKIMAT.holder,
    receivedAt: iso(3600_000),
  };
  if (importIt) await importVoterCsv(prisma, client, store, input);
  else await receiveFile(prisma, store, input);
  return { id: fileId, name, sizeBytes: Buffer.byteLength(content), sha256: sha256(content) };
}

const declare = (files: DeclaredFile[], number?: string) =>
  declareTransferAct(prisma, {
    period: SPEC.period,
    districtId: DISTRICT,
    number,
    akimat: AKIMAT,
    handedOverAt: iso(1800_000),
    files,
    declaredBy: 'operator',
    at: iso(),
  });

const receipt = (id: string) =>
  recordReceipt(prisma, id, { commission: COMMISSION, receivedAt: iso(600_000), recordedBy: 'operator', at: iso() });

/** The refusal's problems, as "field: message". */
async function refusal(work: Promise<unknown>): Promise<{ kind: string; message: string; problems: string[] }> {
  try {
    await work;
  } catch (err) {
    if (!(err instanceof TransferActError)) throw err;
    return { kind: err.kind, message: err.message, problems: err.problems.map((p) => `${p.field}: ${p.message}`) };
  }
  throw new Error('expected a refusal');
}

describe('transfer act: receipt checked against the files received', () => {
  it('matches a declared file by SHA-256, links it and the submission, and freezes the content', async () => {
    const file = await received('izbirateli_syn47-a.csv', csv(30));
    const act = await declare([
      { kind: 'voters', name: file.name, sizeBytes: file.sizeBytes, records: 30, sha256: file.sha256 },
    ]);
    expect(act).toMatchObject({
      status: 'DRAFT',
      number: `${DISTRICT}-2036-01-1`,
      sha256: null,
      submissionId: null,
      region: { code: '47' },
      district: { id: DISTRICT, nameKk: 'Ақтау ауданы' },
    });

    const done = await receipt(act.id);
    expect(done).toMatchObject({
      status: 'RECEIVED',
      submissionId: file.id,
      commission: COMMISSION,
      receiptRecordedBy: 'operator',
    });
    expect(done.files).toEqual([
      {
        kind: 'voters',
        name: file.name,
        sizeBytes: file.sizeBytes,
        records: 30,
        sha256: file.sha256,
        receivedFileId: file.id,
      },
    ]);
    expect(done.sha256).toBe(sha256(Buffer.from(done.canonical, 'utf8')));
    const content = JSON.parse(done.canonical);
    expect(content).toMatchObject({
      format: 'tizim.transfer-act/1',
      id: act.id,
      number: act.number,
      period: '2036-01',
      submissionId: file.id,
      region: { code: '47' },
      district: { id: DISTRICT },
      handedOver: { by: AKIMAT, at: act.handedOverAt },
      received: { by: COMMISSION, at: done.receivedAt },
    });
    expect(done.canonical).not.toMatch(/\s(?=(?:[^"]*"[^"]*")*[^"]*$)/); // no whitespace outside strings

    // The content is frozen: a second receipt is refused, and the file cannot go on another act.
    expect(await refusal(receipt(act.id))).toMatchObject({ kind: 'conflict' });
    const again = await declare([
      { kind: 'voters', name: file.name, sizeBytes: file.sizeBytes, records: 30, sha256: file.sha256 },
    ]);
    expect((await refusal(receipt(again.id))).problems).toEqual([
      `files[0]: voters file '${file.name}' is already listed on transfer act ${act.number}`,
    ]);
  });

  it('matches by name and kind when no SHA-256 is declared, taking the accepted file that agrees', async () => {
    const file = await received('spisok.csv', csv(11));
    await received('spisok.csv', csv(12)); // received later, but not the file the act describes
    const act = await declare([{ kind: 'voters', name: 'spisok.csv', sizeBytes: file.sizeBytes, records: 11 }]);
    expect(await receipt(act.id)).toMatchObject({
      status: 'RECEIVED',
      files: [{ receivedFileId: file.id, sha256: file.sha256 }],
    });
  });

  it('refuses records, size, SHA-256, name and kind that differ, each in plain words, and changes nothing', async () => {
    const file = await received('list.csv', csv(20));
    const other = csv(21);
    const cases: [DeclaredFile, string[]][] = [
      [
        { kind: 'voters', name: 'list.csv', sizeBytes: file.sizeBytes, records: 300_000 },
        ["files[0].records: voters file 'list.csv': the act declares 300,000 records; the file received holds 20"],
      ],
      [
        { kind: 'voters', name: 'list.csv', sizeBytes: file.sizeBytes + 1000, records: 20 },
        [
          `files[0].sizeBytes: voters file 'list.csv': the act declares ${(file.sizeBytes + 1000).toLocaleString('en-US')} bytes; the file received has ${file.sizeBytes.toLocaleString('en-US')} bytes`,
        ],
      ],
      [
        { kind: 'voters', name: 'list.csv', sizeBytes: file.sizeBytes, records: 20, sha256: sha256(other) },
        [
          `files[0].sha256: voters file 'list.csv': the act declares SHA-256 ${sha256(other)}; the file received has ${file.sha256}`,
        ],
      ],
      [
        { kind: 'voters', name: 'list-final.csv', sizeBytes: file.sizeBytes, records: 20, sha256: file.sha256 },
        ["files[0].name: voters file 'list-final.csv': the file received with this SHA-256 is named 'list.csv'"],
      ],
      [
        { kind: 'stations', name: 'list.csv', sizeBytes: file.sizeBytes, records: 20, sha256: file.sha256 },
        ["files[0].kind: stations file 'list.csv': the file received with this SHA-256 is a voters file"],
      ],
    ];
    for (const [declared, problems] of cases) {
      const act = await declare([declared]);
      const refused = await refusal(receipt(act.id));
      expect(refused).toMatchObject({
        kind: 'mismatch',
        message: `The files received do not match transfer act ${act.number}: ${problems.length} problem(s)`,
      });
      expect(refused.problems).toEqual(problems);
      const after = await prisma.transferAct.findUniqueOrThrow({ where: { id: act.id }, include: { files: true } });
      expect(after).toMatchObject({
        status: 'DRAFT',
        canonical: null,
        sha256: null,
        receivedAt: null,
        commissionHolder: null,
      });
      expect(after.files.every((f) => f.receivedFileId === null)).toBe(true);
    }
  });

  it('names a declared file never received, one rejected and one still being checked, all at once', async () => {
    const bad = csv(5).replace(/\r\n1;/, '\r\n1;;'); // the first record has one field too many
    const rejected = await received('bad.csv', bad);
    const pending = await received('pending.csv', csv(6), false);
    expect(await prisma.receivedFile.findUniqueOrThrow({ where: { id: rejected.id } })).toMatchObject({
      status: 'REJECTED',
    });

    const act = await declare([
      { kind: 'voters', name: 'bad.csv', sizeBytes: rejected.sizeBytes, records: 5 },
      { kind: 'stations', name: 'uchastki.csv', sizeBytes: 100, records: 3 },
      { kind: 'boundaries', name: 'pending.csv', sizeBytes: pending.sizeBytes, records: 6, sha256: pending.sha256 },
    ]);
    const refused = await refusal(receipt(act.id));
    expect(refused.problems).toHaveLength(3);
    expect(refused.problems[0]).toMatch(
      /^files\[0\]: voters file 'bad.csv' was received on \S+ but rejected \(1 problem\(s\)\); a corrected file must be sent$/,
    );
    expect(refused.problems[1]).toBe(
      `files[1]: stations file 'uchastki.csv' was never received for district ${DISTRICT}, period 2036-01`,
    );
    expect(refused.problems[2]).toBe(
      "files[2]: boundaries file 'pending.csv' was received but is still being checked; record the receipt once it is accepted",
    );
  });

  it('refuses a declaration with two files of one kind, an unknown district, a receipt before the handing over', async () => {
    const f: DeclaredFile = { kind: 'voters', name: 'a.csv', sizeBytes: 1, records: 1 };
    expect(await refusal(declare([f, { ...f, name: 'b.csv' }]))).toMatchObject({
      kind: 'invalid',
      problems: ['files: the act lists 2 voters files; a submission has one of each kind'],
    });
    expect(
      await refusal(
        declareTransferAct(prisma, {
          period: SPEC.period,
          districtId: 'nowhere',
          akimat: AKIMAT,
          handedOverAt: iso(),
          files: [f],
          declaredBy: 'operator',
          at: iso(),
        }),
      ),
    ).toMatchObject({ kind: 'invalid', problems: ['districtId: no district nowhere is on record'] });
    const act = await declare([f]);
    expect(
      await refusal(
        recordReceipt(prisma, act.id, {
          commission: COMMISSION,
          receivedAt: iso(7200_000),
          recordedBy: 'operator',
          at: iso(),
        }),
      ),
    ).toMatchObject({
      kind: 'invalid',
      problems: [
        expect.stringMatching(/^receivedAt: the files were handed over at .*; they cannot have been received before$/),
      ],
    });
  });
});

describe('transfer act: signatures', () => {
  it('records each side once its signature verifies over the frozen content; refuses the rest', async () => {
    const registry = new CertificateRegistry(prisma);
    const eds = new SignatureVerification(registry);
    const akimatKey = testSigner('rsa', 'Жұмабекова Әйгерім');
    const commissionKey = testSigner('p256', 'Иванов Сергей');
    const strangerKey = testSigner('rsa', 'Stranger');
    const register = (pem: string, holder: string, holderRole: 'AKIMAT' | 'COMMISSION') =>
      registry.register({ pem, holder, holderName: holder, holderRole, registeredBy: 'operator', at: iso() });
    const akimatCert = await register(akimatKey.pem, AKIMAT.holder, 'AKIMAT');
    const commissionCert = await register(commissionKey.pem, COMMISSION.holder, 'COMMISSION');
    const strangerCert = await register(strangerKey.pem, 'someone-else', 'AKIMAT');

    const file = await received('signed.csv', csv(7));
    const act = await declare([{ kind: 'voters', name: file.name, sizeBytes: file.sizeBytes, records: 7 }]);
    const sign = (side: 'akimat' | 'commission', certificate: string, signature: Buffer | string, signedAt = iso()) =>
      signTransferAct(prisma, eds, act.id, {
        side,
        certificate,
        signature: typeof signature === 'string' ? signature : signature.toString('base64'),
        signedAt,
        recordedBy: 'operator',
        at: iso(),
      });

    expect(await refusal(sign('akimat', akimatCert.id, 'AAAA'))).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('has not been recorded: its content is not final'),
    });
    const frozen = await receipt(act.id);
    const bytes = Buffer.from(frozen.canonical, 'utf8');

    const wrongHolder = await refusal(sign('akimat', strangerCert.id, signBytes(strangerKey, bytes)));
    expect(wrongHolder).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining(`belongs to someone-else, not to ${AKIMAT.holder}, who must sign`),
    });
    expect(await refusal(sign('akimat', commissionCert.id, signBytes(commissionKey, bytes)))).toMatchObject({
      kind: 'refused',
    });
    const tampered = Buffer.from(bytes);
    tampered[10] ^= 1;
    expect(await refusal(sign('akimat', akimatCert.id, signBytes(akimatKey, tampered)))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('does not verify'),
    });
    expect(await refusal(sign('akimat', akimatCert.id, signBytes(akimatKey, bytes), iso(3 * 3600_000)))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('is before the receipt the act records'),
    });

    expect(await sign('akimat', akimatCert.fingerprint, signBytes(akimatKey, bytes))).toMatchObject({
      status: 'SIGNED_BY_AKIMAT',
      signedAt: null,
    });
    expect(await refusal(sign('akimat', akimatCert.id, signBytes(akimatKey, bytes)))).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining("The akimat's side has already signed"),
    });
    const signed = await sign('commission', commissionCert.id, signBytes(commissionKey, bytes, 'p1363'));
    expect(signed).toMatchObject({ status: 'SIGNED', sha256: frozen.sha256, canonical: frozen.canonical });
    expect(signed.signatures.map((s) => [s.side, s.certificate.serial, s.scheme])).toEqual([
      ['akimat', akimatCert.serial, 'RSASSA-PKCS1-v1_5 SHA-256'],
      ['commission', commissionCert.serial, 'ECDSA P-256 SHA-256 (IEEE P1363)'],
    ]);
    const rows = await prisma.transferActSignature.findMany({ where: { actId: act.id } });
    expect(rows.every((r) => r.contentSha256 === frozen.sha256)).toBe(true);
  });
});

describe("transfer act: the cycle's reconciliation reads it", () => {
  const round = (transferActId: string) =>
    runReconciliation(prisma, {
      id: randomUUID(),
      workflowId: 'test-act',
      period: SPEC.period,
      districtId: DISTRICT,
      round: 1,
      files: [],
      transferActId,
      at: iso(),
    });

  it('takes the files and the submission from an act whose receipt was recorded', async () => {
    const file = await received('izbirateli_syn47-a_cycle.csv', csv(12));
    const act = await declare([{ kind: 'voters', name: file.name, sizeBytes: file.sizeBytes, records: 12 }], 'cycle-1');
    expect(await round(act.id)).toMatchObject({
      submissionId: null,
      discrepancies: [{ code: 'transfer-act-not-received', message: expect.stringContaining('cycle-1') }],
    });

    await receipt(act.id);
    const summary = await round(act.id);
    expect(summary.submissionId).toBe(file.id);
    // The act lists the voter file only: the engine reads it, and no voter count is out of step with the act.
    expect(summary.discrepancies.map((d) => d.code)).not.toContain('act-voter-records');
    expect(summary.discrepancies.map((d) => d.code)).toContain('category-0-station-list-not-received');
  });

  it('refuses an act of another district or none at all, in plain words', async () => {
    expect(await round(randomUUID())).toMatchObject({
      submissionId: null,
      discrepancies: [{ code: 'transfer-act-unknown' }],
    });
  });
});
