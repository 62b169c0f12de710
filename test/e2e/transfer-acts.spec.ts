/**
 * Transfer acts and certificates over HTTP on the local stack: an akimat uploads its voter file
 * (the worker imports it), declares the act; the commission records receipt (a mismatching act is
 * refused with each mismatch named); the akimat's representative signs with RSA and the
 * commission's with ECDSA over act.json, after a bad signature is refused; the JSON and the PDF are
 * downloaded, and every read is audited.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { loadTerritory } from '../../libs/db/synthetic/load';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { gostCertificatePem, signBytes, testSigner } from '../support/certificates';
import { eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { pdfPages } from '../support/pdf';

const stack = useLocalStack();
const SPEC: ScenarioSpec = {
  seed: 4702,
  referenceDate: '2026-06-28',
  period: '2036-07', // dates before today: the worker checks them against its clock
  regions: [
    {
      code: '47',
      stationBase: 950,
      districts: [
        {
          id: 'syn47-e',
          nameRu: 'Район Жаңаөзен',
          nameKk: 'Жаңаөзен ауданы',
          locality: 'Жаңаөзен',
          slot: 48,
          stations: [15, 10],
        },
      ],
    },
  ],
};
const DISTRICT = 'syn47-e';
const AKIMAT = { holder: 'akimat-syn47-e', name: 'Сейітова Гүлнар', position: 'главный специалист отдела регистрации' };
const COMMISSION = {
  holder: 'commission-syn47-e',
  name: 'Петров Алексей',
  position: 'секретарь районной избирательной комиссии',
};

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  const client = new Client({ connectionString: stack.config.databaseUrl });
  await client.connect();
  try {
    await loadTerritory(client, SPEC);
  } finally {
    await client.end();
  }
});

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
  if (decided.status !== 'ACCEPTED')
    throw new Error(
      `file refused: ${JSON.stringify((await stack.call('GET', `/v1/files/${id}/report`)).body.problems?.slice(0, 3))}`,
    );
  return id;
}

async function download(path: string): Promise<{ status: number; type: string; etag: string | null; body: Buffer }> {
  const res = await fetch(`${stack.base}${path}`, { headers: { Authorization: OPERATOR_HEADERS.Authorization } });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    etag: res.headers.get('etag'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

describe('transfer acts API', () => {
  it('uploads, declares, receives, signs with RSA and ECDSA, serves JSON and PDF; a bad signature is refused', async () => {
    const rows = [...voterFile(SPEC, DISTRICT)].map((r) => appendix1Fields(r));
    const csv = appendix1Csv(rows);
    const fileId = await upload('izbirateli_syn47-e.csv', csv);
    const declared = {
      kind: 'voters',
      name: 'izbirateli_syn47-e.csv',
      sizeBytes: Buffer.byteLength(csv),
      records: 25,
      sha256: sha256(csv),
    };

    // The certificates of the two representatives.
    const akimatKey = testSigner('rsa', 'Сейітова Гүлнар');
    const commissionKey = testSigner('p256', 'Петров Алексей');
    const akimatCert = await stack.call('POST', '/v1/certificates', {
      pem: akimatKey.pem,
      holder: AKIMAT.holder,
      holderName: AKIMAT.name,
      holderRole: 'akimat',
    });
    expect(akimatCert).toMatchObject({
      status: 201,
      body: {
        holderRole: 'akimat',
        fingerprint: akimatKey.fingerprint,
        publicKeyAlgorithm: 'RSA 2048',
        verifiable: true,
        revokedAt: null,
      },
    });
    const commissionCert = await stack.call('POST', '/v1/certificates', {
      pem: commissionKey.pem,
      holder: COMMISSION.holder,
      holderName: COMMISSION.name,
      holderRole: 'commission',
    });
    expect(commissionCert.body).toMatchObject({
      publicKeyAlgorithm: 'ECDSA P-256',
      subject: 'CN=Петров Алексей, O=Tizim test',
    });

    // An act that declares two records too many is refused at receipt, each mismatch named.
    const wrong = await stack.call('POST', '/v1/transfer-acts', {
      period: SPEC.period,
      districtId: DISTRICT,
      akimat: AKIMAT,
      files: [{ ...declared, records: 27 }],
    });
    expect(wrong.status).toBe(201);
    const refused = await stack.call('POST', `/v1/transfer-acts/${wrong.body.id}/receipt`, { commission: COMMISSION });
    expect(refused).toMatchObject({ status: 422, type: expect.stringContaining('application/problem+json') });
    expect(refused.body).toMatchObject({ code: 'transfer-act.files-mismatch', params: { problems: 1 } });
    expect(refused.body.errors).toEqual([
      {
        field: 'files[0].records',
        message: "voters file 'izbirateli_syn47-e.csv': the act declares 27 records; the file received holds 25",
      },
    ]);

    // The right act: declared, nothing to sign until receipt, then received.
    const created = await stack.call('POST', '/v1/transfer-acts', {
      period: SPEC.period,
      districtId: DISTRICT,
      number: '47-Ж/1',
      akimat: AKIMAT,
      files: [declared],
    });
    expect(created).toMatchObject({
      status: 201,
      body: { status: 'DRAFT', number: '47-Ж/1', region: { code: '47' }, district: { id: DISTRICT } },
    });
    const id = created.body.id as string;
    expect((await download(`/v1/transfer-acts/${id}/act.json`)).status).toBe(409);
    const early = await stack.call('POST', `/v1/transfer-acts/${id}/signatures`, {
      side: 'akimat',
      certificateId: akimatCert.body.id,
      signature: 'AAAA',
      signedAt: new Date().toISOString(),
    });
    expect(early).toMatchObject({ status: 409, body: { code: 'transfer-act.receipt-not-recorded' } });

    const received = await stack.call('POST', `/v1/transfer-acts/${id}/receipt`, { commission: COMMISSION });
    expect(received).toMatchObject({
      status: 200,
      body: { status: 'RECEIVED', submissionId: fileId, files: [{ receivedFileId: fileId, sha256: declared.sha256 }] },
    });

    const json = await download(`/v1/transfer-acts/${id}/act.json`);
    expect(json.status).toBe(200);
    expect(json.type).toMatch(/^application\/json/);
    expect(json.body.toString('utf8')).toBe(received.body.canonical);
    expect(json.etag).toBe(`"${sha256(json.body)}"`);
    expect(received.body.sha256).toBe(sha256(json.body));
    const bytes = json.body;

    // Bad signatures: over other bytes, by the other side's certificate, with a GOST certificate.
    const now = () => new Date().toISOString();
    const sign = (side: string, certificateId: string, signature: Buffer | string) =>
      stack.call('POST', `/v1/transfer-acts/${id}/signatures`, {
        side,
        certificateId,
        signature: typeof signature === 'string' ? signature : signature.toString('base64'),
        signedAt: now(),
      });
    const tampered = Buffer.concat([bytes, Buffer.from(' ')]);
    const bad = await sign('akimat', akimatCert.body.id, signBytes(akimatKey, tampered));
    expect(bad).toMatchObject({
      status: 422,
      body: { title: 'The request cannot be processed', code: 'transfer-act.signature-invalid' },
    });
    expect(bad.body.detail).toMatch(
      /^The signature of the akimat's side was not accepted: The signature does not verify with the certificate/,
    );
    const otherSide = await sign('akimat', commissionCert.body.id, signBytes(commissionKey, bytes));
    expect(otherSide.body.detail).toContain(`belongs to ${COMMISSION.holder}, not to ${AKIMAT.holder}, who must sign`);
    const gost = await stack.call('POST', '/v1/certificates', {
      pem: gostCertificatePem(),
      holder: AKIMAT.holder,
      holderName: AKIMAT.name,
      holderRole: 'akimat',
    });
    expect(gost).toMatchObject({
      status: 201,
      body: { verifiable: false, publicKeyAlgorithm: 'GOST 34.10 (1.2.398.3.10.1.1.2.3)' },
    });
    expect((await sign('akimat', gost.body.id, 'AAAA')).body.detail).toBe(
      "The signature of the akimat's side was not accepted: GOST 34.10 signatures cannot be verified on this server yet",
    );
    expect((await sign('akimat', akimatCert.body.id, 'not base64!')).status).toBe(422);
    expect((await stack.call('GET', `/v1/transfer-acts/${id}`)).body).toMatchObject({
      status: 'RECEIVED',
      signatures: [],
    });

    // The akimat signs with RSA (by fingerprint), the commission with ECDSA.
    const first = await sign('akimat', akimatKey.fingerprint, signBytes(akimatKey, bytes, 'pss'));
    expect(first).toMatchObject({ status: 201, body: { status: 'SIGNED_BY_AKIMAT' } });
    expect(await sign('akimat', akimatCert.body.id, signBytes(akimatKey, bytes))).toMatchObject({
      status: 409,
      body: { code: 'transfer-act.already-signed' },
    });
    const second = await sign('commission', commissionCert.body.id, signBytes(commissionKey, bytes));
    expect(second).toMatchObject({ status: 201, body: { status: 'SIGNED', sha256: received.body.sha256 } });
    expect(second.body.signatures).toEqual([
      expect.objectContaining({
        side: 'akimat',
        scheme: 'RSASSA-PSS SHA-256',
        signer: { holder: AKIMAT.holder, name: AKIMAT.name, iinMasked: null },
        certificate: expect.objectContaining({ serial: akimatCert.body.serial }),
      }),
      expect.objectContaining({
        side: 'commission',
        scheme: 'ECDSA P-256 SHA-256 (DER)',
        certificate: expect.objectContaining({ subject: 'CN=Петров Алексей, O=Tizim test' }),
      }),
    ]);

    for (const lang of ['ru', 'kk']) {
      const pdf = await download(`/v1/transfer-acts/${id}/act.pdf?lang=${lang}`);
      expect(pdf).toMatchObject({ status: 200, type: 'application/pdf' });
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPages(pdf.body)).toBe(1);
    }
    expect((await stack.call('GET', `/v1/transfer-acts/${id}/act.pdf?lang=en`)).status).toBe(400);

    const audited = await stack.prisma.auditEvent.findMany({
      where: { subjectId: id },
      select: { action: true, outcome: true },
    });
    const actions = audited.map((a) => `${a.action}:${a.outcome}`);
    for (const a of [
      'transfer-act.declare:ok',
      'transfer-act.receipt:ok',
      'transfer-act.json:ok',
      'transfer-act.read:ok',
      'transfer-act.pdf:ok',
      'transfer-act.sign.akimat:refused',
      'transfer-act.sign.akimat:ok',
      'transfer-act.sign.commission:ok',
    ]) {
      expect(actions).toContain(a);
    }
    expect(
      await stack.prisma.auditEvent.count({
        where: { subjectId: wrong.body.id, action: 'transfer-act.receipt', outcome: 'refused' },
      }),
    ).toBe(1);
  });

  it('certificates: read (audited), refused when unreadable or registered twice, revoked once', async () => {
    const signer = testSigner('p384', 'Комиссия P-384');
    const registered = await stack.call('POST', '/v1/certificates', {
      pem: signer.pem,
      holder: 'commission-syn47-e-2',
      holderName: 'Ахметов Ерлан',
      holderRole: 'commission',
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    expect(await stack.call('GET', `/v1/certificates/${id}?reason=check`)).toMatchObject({
      status: 200,
      body: { holderName: 'Ахметов Ерлан', publicKeyAlgorithm: 'ECDSA P-384' },
    });
    expect(
      await stack.prisma.auditEvent.count({ where: { subjectId: id, action: 'certificate.read', reason: 'check' } }),
    ).toBe(1);

    expect(
      await stack.call('POST', '/v1/certificates', {
        pem: signer.pem,
        holder: 'x',
        holderName: 'x',
        holderRole: 'commission',
      }),
    ).toMatchObject({
      status: 409,
      body: { code: 'certificate.already-registered', detail: `This certificate is already registered as ${id}` },
    });
    expect(
      await stack.call('POST', '/v1/certificates', {
        pem: 'not a certificate',
        holder: 'x',
        holderName: 'x',
        holderRole: 'commission',
      }),
    ).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'pem', message: expect.stringContaining('no PEM certificate') }] },
    });
    expect(
      (
        await stack.call('POST', '/v1/certificates', {
          pem: signer.pem,
          holder: 'x',
          holderName: 'x',
          holderRole: 'cec',
        })
      ).status,
    ).toBe(400);

    const revoked = await stack.call('POST', `/v1/certificates/${id}/revoke`, { reason: 'the token was lost' });
    expect(revoked).toMatchObject({
      status: 200,
      body: { revocationReason: 'the token was lost', revokedBy: 'operator' },
    });
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect(await stack.call('POST', `/v1/certificates/${id}/revoke`, { reason: 'again' })).toMatchObject({
      status: 409,
      body: { code: 'certificate.already-revoked' },
    });
    expect(await stack.call('GET', '/v1/certificates/00000000-0000-4000-8000-000000000000')).toMatchObject({
      status: 404,
      body: { code: 'certificate.not-found' },
    });
  });
});
