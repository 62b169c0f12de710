/**
 * Documents signed as Kazakh officials sign them (issue 27, sections 2 and 3): CMS from NCALayer
 * over the transfer act's canonical bytes and over the migration officer's approval text, verified
 * against a local test CA shaped like NCA RK's (test/support/nca-test-ca.ts), its `openssl ocsp`
 * responder and a TSA stand-in, stamped with the TSA's RFC 3161 timestamp. The refusals: an AUTH
 * key, another IIN than the representative's, a revoked certificate, other bytes, the TSA down, and
 * the developer's key-file body when TIZIM_EDS_KEY_FILE is off. Every CMS attempt leaves an
 * eds_check row.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Client } from 'pg';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { addDays, localDateTimeOf } from '../../libs/calendar';
import { loadTerritory } from '../../libs/db/synthetic/load';
import { BuiltinCmsVerifier } from '../../libs/eds/cms';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { closedAddress } from '../support/faulty-proxy';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS, rawHistory } from '../support/fixtures';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../libs/temporal/codec';
import type { Payload } from '@temporalio/common';
import { useLocalStack, withAnotherApi } from '../support/local-stack';
import {
  NcaTestCa,
  OcspResponder,
  ROLE_EMPLOYEE,
  SIGN_EKU,
  closeServer,
  freePort,
  tsaStandIn,
  type Holder,
} from '../support/nca-test-ca';
import { pdfText } from '../support/pdf';
import { inRegister } from '../support/register';
import { TEST_PORTAL_TOKEN } from '../support/test-env';
import { votingDayPlace } from '../support/voting-day-fixture';

const AKIMAT_IIN = '880101300111';
const COMMISSION_IIN = '790202400225';
const OFFICER_IIN = '900303300332';
const STRANGER_IIN = '850505400454';

// The test CA, its OCSP responder and the TSA: made before the API starts, which reads their
// addresses from its settings (the getters below are read when the stack's config is built).
const ca = new NcaTestCa();
let ocsp: OcspResponder;
let tsa: { url: string; server: Server };
const keys = {} as Record<
  'akimat' | 'akimatAuth' | 'commission' | 'stranger' | 'revoked' | 'officer' | 'officerAuth',
  Holder
>;

beforeAll(async () => {
  const port = await freePort();
  const ocspUrl = `http://127.0.0.1:${port}`;
  const sign = [SIGN_EKU, ROLE_EMPLOYEE];
  keys.akimat = ca.holder('akimat', { iin: AKIMAT_IIN, eku: sign, ocspUrl });
  keys.akimatAuth = ca.holder('akimat-auth', { iin: AKIMAT_IIN, ocspUrl });
  keys.commission = ca.holder('commission', { iin: COMMISSION_IIN, eku: sign, key: 'p256', ocspUrl });
  keys.stranger = ca.holder('stranger', { iin: STRANGER_IIN, eku: sign, ocspUrl });
  keys.revoked = ca.holder('revoked', { iin: AKIMAT_IIN, eku: sign, ocspUrl });
  keys.officer = ca.holder('officer', { iin: OFFICER_IIN, eku: sign, ocspUrl });
  keys.officerAuth = ca.holder('officer-auth', { iin: OFFICER_IIN, ocspUrl });
  ca.revoke(keys.revoked);
  ocsp = new OcspResponder(ca);
  await ocsp.start(port);
  tsa = await tsaStandIn(ca);
});

const stack = useLocalStack({
  config: Object.defineProperties({} as Record<string, string>, {
    TIZIM_EDS_TRUST_DIR: { get: () => ca.trustDir, enumerable: true },
    TIZIM_EDS_TSA_TRUST_DIR: { get: () => ca.tsaTrustDir, enumerable: true },
    TIZIM_EDS_OCSP_URL: { get: () => ocsp.url, enumerable: true },
    TIZIM_EDS_TSA_URL: { get: () => tsa.url, enumerable: true },
  }),
});

afterAll(async () => {
  await ocsp?.stop();
  if (tsa) await closeServer(tsa.server);
  ca.close();
});

const SPEC: ScenarioSpec = {
  seed: 4711,
  referenceDate: '2026-06-28',
  period: '2036-07',
  regions: [
    {
      code: '47',
      stationBase: 960,
      districts: [
        {
          id: 'syn47-s',
          nameRu: 'Район Бейнеу',
          nameKk: 'Бейнеу ауданы',
          locality: 'Бейнеу',
          slot: 46,
          stations: [8, 7],
        },
      ],
    },
  ],
};
const DISTRICT = 'syn47-s';
const PASSWORD = 'eds documents password';
const JSON_ONLY = { 'Content-Type': 'application/json' };
const run = randomUUID().slice(0, 8);
const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, ...JSON_ONLY });
const b64 = (b: Buffer) => b.toString('base64');

/** An official's account bound to an IIN (POST /v1/users with `iin`: users.iin_hmac). */
async function official(role: string, territory: Record<string, string>, iin: string) {
  const username = `eds.${role.toLowerCase()}.${run}`;
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: `Должностное лицо ${role}`,
    password: PASSWORD,
    role,
    iin,
    ...territory,
  });
  expect(created.status).toBe(201);
  expect((await stack.prisma.user.findUniqueOrThrow({ where: { id: created.body.id } })).iinHmac).toBe(
    iinHmac(stack.config.iinHmacKey, iin),
  );
  const signed = await stack.call('POST', '/v1/auth/sign-in', { username, password: PASSWORD }, JSON_ONLY);
  expect(signed.status).toBe(200);
  return { id: created.body.id as string, token: signed.body.accessToken as string };
}

async function upload(name: string, content: string): Promise<string> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ period: SPEC.period, districtId: DISTRICT, kind: 'voters' })) form.set(k, v);
  form.set('file', new Blob([new Uint8Array(Buffer.from(content))]), name);
  const res = await fetch(`${stack.base}/v1/files`, {
    method: 'POST',
    headers: { Authorization: OPERATOR_HEADERS.Authorization },
    body: form,
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const decided = await eventually(
    `file ${id} decided`,
    async () => {
      const r = await stack.call('GET', `/v1/files/${id}`);
      return r.body.status !== 'RECEIVED' ? r.body : null;
    },
    60_000,
  );
  expect(decided.status).toBe('ACCEPTED');
  return id;
}

/** Every payload in a workflow's history (each has `metadata` and `data`). */
function payloadsIn(node: unknown, found: Payload[] = []): Payload[] {
  if (node && typeof node === 'object') {
    if ('metadata' in node && 'data' in node && (node as Payload).data instanceof Uint8Array)
      found.push(node as Payload);
    else for (const v of Object.values(node)) payloadsIn(v, found);
  }
  return found;
}

const checks = (subjectId: string) =>
  stack.prisma.edsCheck.findMany({ where: { subjectId }, orderBy: { checkedAt: 'asc' } });

describe('transfer acts signed with CMS through NCALayer', () => {
  it('takes both sides’ CMS (attached and detached), stamps them, shows them and the PDF; refuses the bad ones', async () => {
    const client = new Client({ connectionString: stack.config.databaseUrl });
    await client.connect();
    try {
      await loadTerritory(client, SPEC);
    } finally {
      await client.end();
    }
    const akimatUser = await official('AKIMAT_REGISTRAR', { districtId: DISTRICT }, AKIMAT_IIN);
    const commissionUser = await official('DISTRICT_COMMISSION', { districtId: DISTRICT }, COMMISSION_IIN);

    const csv = appendix1Csv([...voterFile(SPEC, DISTRICT)].map((r) => appendix1Fields(r)));
    const fileId = await upload('izbirateli_syn47-s.csv', csv);
    const created = await stack.call('POST', '/v1/transfer-acts', {
      period: SPEC.period,
      districtId: DISTRICT,
      akimat: { holder: akimatUser.id, name: 'Сейітова Гүлнар', position: 'главный специалист' },
      files: [
        {
          kind: 'voters',
          name: 'izbirateli_syn47-s.csv',
          sizeBytes: Buffer.byteLength(csv),
          records: 15,
          sha256: sha256(csv),
        },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const received = await stack.call('POST', `/v1/transfer-acts/${id}/receipt`, {
      commission: { holder: commissionUser.id, name: 'Петров Алексей', position: 'секретарь' },
    });
    expect(received).toMatchObject({ status: 200, body: { status: 'RECEIVED', submissionId: fileId } });
    const canonical = Buffer.from(received.body.canonical as string, 'utf8');

    const sign = (side: string, cms: Buffer, token = side === 'akimat' ? akimatUser.token : commissionUser.token) =>
      stack.call('POST', `/v1/transfer-acts/${id}/signatures`, { side, cms: b64(cms) }, bearer(token));
    const refusedWith = async (cms: Buffer, reason: string) => {
      const answer = await sign('akimat', cms);
      expect(answer).toMatchObject({
        status: 422,
        body: { code: 'transfer-act.signature-invalid', params: { reason } },
      });
      expect(answer.body.detail).toMatch(/^The signature of the akimat's side was not accepted: /);
      expect(answer.body.detail).not.toContain(AKIMAT_IIN);
      return answer;
    };

    // Refused, each in plain words, nothing recorded on the act.
    await refusedWith(ca.sign(keys.akimatAuth, canonical), 'wrong-key-usage');
    await refusedWith(ca.sign(keys.stranger, canonical), 'wrong-iin');
    await refusedWith(ca.sign(keys.revoked, canonical), 'revoked');
    await refusedWith(ca.sign(keys.akimat, Buffer.concat([canonical, Buffer.from(' ')])), 'content-mismatch');
    // The TSA does not answer: refused, nothing recorded.
    const closed = `http://${await closedAddress()}`;
    await withAnotherApi(stack, { ...stack.config, eds: { ...stack.config.eds, tsaUrl: closed } }, async (call) => {
      const answer = await call(
        'POST',
        `/v1/transfer-acts/${id}/signatures`,
        { side: 'akimat', cms: b64(ca.sign(keys.akimat, canonical)) },
        bearer(akimatUser.token),
      );
      expect(answer).toMatchObject({
        status: 422,
        body: { code: 'transfer-act.signature-invalid', params: { reason: 'timestamp-unavailable' } },
      });
    });
    // The developer's key-file body, with TIZIM_EDS_KEY_FILE=off: refused in plain words.
    await withAnotherApi(stack, { ...stack.config, eds: { ...stack.config.eds, keyFile: false } }, async (call) => {
      const answer = await call(
        'POST',
        `/v1/transfer-acts/${id}/signatures`,
        { side: 'akimat', certificateId: randomUUID(), signature: 'AAAA', signedAt: new Date().toISOString() },
        bearer(akimatUser.token),
      );
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('NCALayer');
    });
    expect(await stack.prisma.transferActSignature.count({ where: { actId: id } })).toBe(0);
    expect((await stack.call('GET', `/v1/transfer-acts/${id}`)).body.status).toBe('RECEIVED');

    // The akimat signs attached, the commission detached: SIGNED, each stamped by the TSA.
    const first = await sign('akimat', ca.sign(keys.akimat, canonical));
    expect(first).toMatchObject({ status: 201, body: { status: 'SIGNED_BY_AKIMAT' } });
    const second = await sign('commission', ca.sign(keys.commission, canonical, { detached: true }));
    expect(second).toMatchObject({ status: 201, body: { status: 'SIGNED' } });

    const view = await stack.call('GET', `/v1/transfer-acts/${id}`);
    const [akimatSig, commissionSig] = view.body.signatures;
    for (const [s, side, iin, holder] of [
      [akimatSig, 'akimat', AKIMAT_IIN, keys.akimat],
      [commissionSig, 'commission', COMMISSION_IIN, keys.commission],
    ] as const) {
      expect(s).toMatchObject({
        side,
        scheme: expect.stringContaining('CMS'),
        signer: { name: 'ТЕСТОВ АРМАН', iinMasked: `********${iin.slice(-4)}` },
        certificate: {
          serial: expect.any(String),
          issuer: expect.any(String),
          notBefore: expect.any(String),
          notAfter: expect.any(String),
        },
        signedAt: expect.any(String),
        timestamp: { time: expect.any(String), tsaName: expect.any(String), serial: expect.any(String) },
        revocation: { method: 'ocsp', status: 'good', checkedAt: expect.any(String) },
      });
      expect(JSON.stringify(s)).not.toContain(iin);
      expect(Date.parse(s.signedAt)).toBe(Date.parse(s.timestamp.time));
      // The CMS kept verifies, with the TSA's token in it.
      const row = await stack.prisma.transferActSignature.findUniqueOrThrow({
        where: { actId_side: { actId: id, side: side === 'akimat' ? 'AKIMAT' : 'COMMISSION' } },
      });
      expect(row).toMatchObject({ timestampAt: expect.any(Date), timestampTsa: s.timestamp.tsaName });
      expect(row.edsCheckId).toEqual(expect.any(String));
      const verdict = await new BuiltinCmsVerifier({
        trustDir: ca.trustDir,
        tsaTrustDir: ca.tsaTrustDir,
        timeoutMs: 3000,
        noAnswer: 'refuse',
        ocspUrl: ocsp.url,
      }).verify({
        cms: Buffer.from(row.signature),
        content: canonical,
        expectedContent: canonical,
        purpose: 'signing',
        expectedIin: iin,
      });
      expect(verdict).toMatchObject({ valid: true, timestamp: { tsaName: s.timestamp.tsaName } });
      expect(holder.pem).toContain('BEGIN CERTIFICATE');
    }

    // The PDF, in Russian and Kazakh: signer, certificate (serial, issuer, validity), time, timestamp.
    for (const lang of ['ru', 'kk'] as const) {
      const res = await fetch(`${stack.base}/v1/transfer-acts/${id}/act.pdf?lang=${lang}`, {
        headers: { Authorization: OPERATOR_HEADERS.Authorization },
      });
      expect(res.status).toBe(200);
      const text = pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, ' ');
      for (const s of [akimatSig, commissionSig]) {
        expect(text).toContain(s.certificate.serial);
        expect(text).toContain(s.timestamp.tsaName);
        expect(text).toContain(`********${s === akimatSig ? AKIMAT_IIN.slice(-4) : COMMISSION_IIN.slice(-4)}`);
      }
      expect(text).toContain(lang === 'ru' ? 'Метка времени' : 'Уақыт белгісі');
      expect(text).toContain(lang === 'ru' ? 'Действует' : 'Жарамды');
      expect(text).not.toContain(AKIMAT_IIN);
    }

    // Every CMS attempt is an eds_check row: five refused (the TSA's included), two accepted.
    const rows = await checks(id);
    expect(rows.map((r) => `${r.outcome}:${r.refusalCode ?? ''}`)).toEqual([
      'refused:wrong-key-usage',
      'refused:wrong-iin',
      'refused:revoked',
      'refused:content-mismatch',
      'refused:timestamp-unavailable',
      'accepted:',
      'accepted:',
    ]);
    expect(rows.every((r) => r.purpose === 'signing' && r.subjectType === 'transfer-act')).toBe(true);
    // And every attempt is audited, the refusals as refused.
    expect(
      await stack.prisma.auditEvent.count({
        where: { subjectId: id, action: 'transfer-act.sign.akimat', outcome: 'refused' },
      }),
    ).toBeGreaterThanOrEqual(5);
  });
});

describe("the migration officer's approval signed with CMS", () => {
  it('approves with a SIGNING key, stamped by the TSA; refuses an AUTH key', async () => {
    const today = localDateTimeOf(Date.now()).date;
    const year = Number(today.slice(0, 4));
    await ensureCalendarYears(stack.prisma, [year, year + 1]);
    const place = await votingDayPlace(stack.prisma, '23');
    const officer = await official('MIGRATION_OFFICER', { regionCode: '23' }, OFFICER_IIN);
    const { iin } = await place.inside();
    await stack.prisma.registerVoter.update({
      where: inRegister(iin),
      data: {
        documentNumber: `0${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        documentIssuedOn: new Date('2016-12-01'),
        documentExpiresOn: new Date(`${addDays(today, 20)}T00:00:00Z`),
      },
    });
    const portal = { Authorization: `Bearer ${TEST_PORTAL_TOKEN}`, 'X-Citizen-IIN': iin, ...JSON_ONLY };
    const fee = await stack.call('POST', '/v1/citizen/state-fees', { amountTenge: 1474 }, portal);
    const applied = await stack.call(
      'POST',
      '/v1/citizen/id-card/applications',
      { reason: 'EXPIRY', regionCode: '23', feePaymentId: fee.body.id },
      portal,
    );
    expect(applied).toMatchObject({ status: 201, body: { status: 'PENDING_REVIEW' } });
    const id = applied.body.id as string;
    const text = await stack.call(
      'GET',
      `/v1/id-card/applications/${id}/approval.json?reason=review`,
      undefined,
      bearer(officer.token),
    );
    const bytes = Buffer.from(text.body.text as string, 'utf8');
    const review = (cms: Buffer) =>
      stack.call(
        'POST',
        `/v1/id-card/applications/${id}/review`,
        { decision: 'APPROVE', cms: b64(cms) },
        bearer(officer.token),
      );

    const refused = await review(ca.sign(keys.officerAuth, bytes));
    expect(refused).toMatchObject({
      status: 422,
      body: { code: 'id-card.signature-refused', params: { reason: 'wrong-key-usage' } },
    });
    expect(refused.body.detail).not.toContain(OFFICER_IIN);

    const approved = await review(ca.sign(keys.officer, bytes));
    expect(approved).toMatchObject({
      status: 200,
      body: {
        status: 'IN_PRODUCTION',
        approvalSha256: text.body.sha256,
        approvalTimestamp: { time: expect.any(String), tsaName: expect.any(String) },
      },
    });
    const row = await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id } });
    const registered = await stack.prisma.signerCertificate.findUniqueOrThrow({
      where: { id: row.approvalCertificateId! },
    });
    expect(registered).toMatchObject({ holder: officer.id, holderRole: 'MIGRATION_OFFICER' });
    expect(row).toMatchObject({
      approvalTimestampAt: expect.any(Date),
      approvalTimestampTsa: approved.body.approvalTimestamp.tsaName,
    });
    // The CMS kept (with the TSA's token) verifies over the approval text.
    const verdict = await new BuiltinCmsVerifier({
      trustDir: ca.trustDir,
      tsaTrustDir: ca.tsaTrustDir,
      timeoutMs: 3000,
      noAnswer: 'refuse',
      ocspUrl: ocsp.url,
    }).verify({
      cms: row.approvalSignature!,
      expectedContent: bytes,
      purpose: 'signing',
      expectedIin: OFFICER_IIN,
    });
    expect(verdict).toMatchObject({ valid: true, timestamp: { tsaName: row.approvalTimestampTsa } });

    // The workflow's history, opened with the codec's keys: the approval's hash and certificate id,
    // no CMS, no IIN, no name (the CMS stays on the application, written by the API).
    const { history } = await rawHistory(stack.env.connection, row.workflowId);
    const codec = new AesGcmPayloadCodec(stack.config.codec.keys, stack.config.codec.activeKeyId);
    // Search attributes travel unsealed; every other payload is sealed and opened here.
    const all = payloadsIn(history);
    const isSealed = (p: Payload) =>
      Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString() === ENCRYPTED_ENCODING;
    const opened = Buffer.concat(
      [...(await codec.decode(all.filter(isSealed))), ...all.filter((p) => !isSealed(p))].map((p) =>
        Buffer.from(p.data ?? new Uint8Array()),
      ),
    ).toString('utf8');
    expect(opened).toContain(text.body.sha256);
    for (const secret of [OFFICER_IIN, iin, 'ТЕСТОВ', row.approvalSignature!.slice(0, 40)])
      expect(opened).not.toContain(secret);

    expect((await checks(id)).map((r) => `${r.outcome}:${r.refusalCode ?? ''}`)).toEqual([
      'refused:wrong-key-usage',
      'accepted:',
    ]);
  });
});
