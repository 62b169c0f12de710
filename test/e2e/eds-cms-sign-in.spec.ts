/**
 * The EDS sign-in as Kazakh officials sign (issue 27): the challenge signed through NCALayer as
 * CMS with an AUTHENTICATION key of a CA shaped like NCA RK's (test/support/nca-test-ca.ts), the
 * chain, the key usage, the IIN the account is bound to and the OCSP answer (a local `openssl
 * ocsp` responder) checked by the real API on its own PostgreSQL. No admin registers a
 * certificate: the registry keeps each one that signed, and every check is recorded (eds_check).
 */
import { X509Certificate, randomUUID } from 'node:crypto';
import { makeIin } from '../../libs/synthetic/demo';
import { OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase, withAnotherApi } from '../support/local-stack';
import { MEMBER_PASSWORD } from '../support/members';
import {
  AUTH_EKU,
  NcaTestCa,
  OcspResponder,
  freePort,
  ROLE_INDIVIDUAL,
  SIGN_EKU,
  type Holder,
} from '../support/nca-test-ca';

const JSON_ONLY = { 'Content-Type': 'application/json' };
const run = randomUUID().slice(0, 8);
const REGISTRAR_IIN = makeIin(new Date(Date.UTC(1985, 4, 5)), false, 4012);
const MEMBER_IIN = makeIin(new Date(Date.UTC(1979, 10, 20)), true, 3310);
const OTHER_IIN = makeIin(new Date(Date.UTC(1990, 0, 1)), true, 1234);

let ca: NcaTestCa;
const ocsp = { responder: undefined as OcspResponder | undefined };
// Made before the stack starts: its configuration names the CA's folders and the responder.
beforeAll(async () => {
  ca = new NcaTestCa();
  ocsp.responder = new OcspResponder(ca);
  await ocsp.responder.start();
});
afterAll(async () => {
  await ocsp.responder?.stop();
  ca?.close();
});

const { stack } = useLocalStackOnOwnDatabase('eds_cms_sign_in', {
  config: {
    TIZIM_SIGN_IN_FREE_ATTEMPTS: '50',
    TIZIM_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: '500',
    get TIZIM_EDS_TRUST_DIR() {
      return ca.trustDir;
    },
    get TIZIM_EDS_TSA_TRUST_DIR() {
      return ca.tsaTrustDir;
    },
    get TIZIM_EDS_OCSP_URL() {
      return ocsp.responder!.url;
    },
    TIZIM_EDS_OCSP_TIMEOUT_MS: '3000',
  },
});

interface Account {
  id: string;
  username: string;
}

async function account(role: string, iin: string | undefined, extra: Record<string, string>): Promise<Account> {
  const username = `${role.toLowerCase().replace(/_/g, '-')}.${run}.${randomUUID().slice(0, 4)}`;
  const created = await stack.call(
    'POST',
    '/v1/users',
    { username, fullName: 'Тестов Арман', password: MEMBER_PASSWORD, role, ...(iin ? { iin } : {}), ...extra },
    OPERATOR_HEADERS,
  );
  expect(created.status).toBe(201);
  return { id: created.body.id, username };
}

/** Asks for a challenge, signs its nonce as CMS with `holder`, and signs in with it. */
async function signIn(
  a: Account,
  holder: Holder,
  o: { iin?: string; content?: (nonce: string) => Buffer; body?: Record<string, unknown> } = {},
): Promise<ApiAnswer & { cms: string; challengeId: string }> {
  const challenge = await stack.call('POST', '/v1/auth/challenge', { username: a.username }, JSON_ONLY);
  expect(challenge.status).toBe(200);
  const content = o.content?.(challenge.body.nonce) ?? Buffer.from(challenge.body.nonce, 'utf8');
  const cms = ca.sign(holder, content).toString('base64');
  const answer = await stack.call(
    'POST',
    '/v1/auth/sign-in-eds',
    {
      username: a.username,
      password: MEMBER_PASSWORD,
      ...(o.iin ? { iin: o.iin } : {}),
      challengeId: challenge.body.challengeId,
      cms,
      ...o.body,
    },
    JSON_ONLY,
  );
  return { ...answer, cms, challengeId: challenge.body.challengeId };
}

const checks = (userId: string) =>
  stack.prisma.edsCheck.findMany({ where: { userId }, orderBy: [{ checkedAt: 'asc' }, { id: 'asc' }] });

let registrar: Account;
let member: Account;
let registrarAuth: Holder;
let memberAuth: Holder;

beforeAll(async () => {
  const station = await stack.prisma.pollingStation.findFirstOrThrow({
    where: { districtId: '7101' },
    select: { id: true },
  });
  registrar = await account('AKIMAT_REGISTRAR', REGISTRAR_IIN, { districtId: '7101' });
  member = await account('PRECINCT_MEMBER', MEMBER_IIN, { stationId: station.id });
  registrarAuth = ca.holder('registrar-auth', { iin: REGISTRAR_IIN, ocspUrl: ocsp.responder!.url });
  memberAuth = ca.holder('member-auth', { iin: MEMBER_IIN, key: 'p256' });
  await ocsp.responder!.reload();
});

/** A holder of the test CA the OCSP responder knows about. */
async function issued(...args: Parameters<NcaTestCa['holder']>): Promise<Holder> {
  const holder = ca.holder(...args);
  await ocsp.responder!.reload();
  return holder;
}

describe('the EDS sign-in with a CMS made through NCALayer', () => {
  it('tells the console where NCALayer is and whether the key file is allowed', async () => {
    expect(await stack.call('GET', '/v1/auth/eds-options', undefined, {})).toMatchObject({
      status: 200,
      body: { ncalayerUrl: 'wss://127.0.0.1:13579', keyFile: true },
    });
  });

  it("signs an official in with an AUTH key carrying the account's IIN, no admin registering anything", async () => {
    const signed = await signIn(registrar, registrarAuth);
    expect(signed).toMatchObject({ status: 200, body: { user: { id: registrar.id, role: 'AKIMAT_REGISTRAR' } } });
    // The registry keeps the certificate, bound to the account by the chain and the IIN.
    const kept = await stack.prisma.signerCertificate.findMany({ where: { holder: registrar.id } });
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ holderRole: 'AKIMAT', registeredBy: 'nca-chain', revokedAt: null });
    // The check is recorded with the OCSP answer, and no IIN in it.
    const [check] = await checks(registrar.id);
    expect(check).toMatchObject({
      purpose: 'sign-in',
      outcome: 'accepted',
      revocationMethod: 'ocsp',
      revocationStatus: 'good',
      responder: ocsp.responder!.url,
      certificateFingerprint: kept[0]!.fingerprint,
    });
    expect(JSON.stringify(check)).not.toContain(REGISTRAR_IIN);
    // A second sign-in reuses the registry's row.
    expect((await signIn(registrar, registrarAuth)).status).toBe(200);
    expect(await stack.prisma.signerCertificate.count({ where: { holder: registrar.id } })).toBe(1);
  });

  it('signs a precinct member in with the IIN they type, which must be the certificate’s too', async () => {
    expect(await signIn(member, memberAuth, { iin: MEMBER_IIN })).toMatchObject({
      status: 200,
      body: { user: { id: member.id, role: 'PRECINCT_MEMBER' } },
    });
    expect(await signIn(member, memberAuth, { iin: OTHER_IIN })).toMatchObject({
      status: 401,
      body: { code: 'auth.bad-eds-credentials' },
    });
    expect((await signIn(member, memberAuth)).body).toMatchObject({ code: 'auth.bad-eds-credentials' });
  });

  it('refuses a replayed challenge: the same CMS and challenge a second time', async () => {
    const first = await signIn(registrar, registrarAuth);
    expect(first.status).toBe(200);
    const again = await stack.call(
      'POST',
      '/v1/auth/sign-in-eds',
      { username: registrar.username, password: MEMBER_PASSWORD, challengeId: first.challengeId, cms: first.cms },
      JSON_ONLY,
    );
    expect(again).toMatchObject({ status: 401, body: { code: 'auth.challenge-expired' } });
    // Another challenge with the old CMS: it signs the old nonce.
    const refused = await signIn(registrar, registrarAuth, { body: { cms: first.cms } });
    expect(refused).toMatchObject({
      status: 401,
      body: { code: 'auth.signature-refused', params: { reason: 'content-mismatch' } },
    });
  });

  it.each([
    ['a signing key (the wrong key usage for signing in)', 'wrong-key-usage', { eku: [SIGN_EKU, ROLE_INDIVIDUAL] }],
    ['a certificate of another person (another IIN)', 'wrong-iin', { iin: OTHER_IIN }],
    ['an expired certificate', 'expired', { start: '20250101000000Z', end: '20250201000000Z' }],
    ['a certificate from a CA the server does not trust', 'unknown-issuer', { issuer: 'stranger' as const }],
  ])('refuses %s, in plain words, and records the check', async (_what, reason, options) => {
    const holder = await issued(`bad-${reason}`, { iin: REGISTRAR_IIN, eku: [AUTH_EKU, ROLE_INDIVIDUAL], ...options });
    const before = (await checks(registrar.id)).length;
    const refused = await signIn(registrar, holder);
    expect(refused).toMatchObject({ status: 401, body: { code: 'auth.signature-refused', params: { reason } } });
    expect(refused.body.detail).toMatch(/^The signature was not accepted: \w/);
    expect(refused.body.detail).not.toContain(OTHER_IIN);
    const recorded = await checks(registrar.id);
    expect(recorded).toHaveLength(before + 1);
    expect(recorded.at(-1)).toMatchObject({ outcome: 'refused', refusalCode: reason, purpose: 'sign-in' });
    // The failure is audited as a refused sign-in.
    const audited = await stack.prisma.auditEvent.findFirst({
      where: { actor: registrar.id, action: 'auth.sign-in-eds', outcome: 'refused' },
    });
    expect(audited).not.toBeNull();
  });

  it('refuses a certificate the OCSP responder says is revoked, and records the answer', async () => {
    const holder = ca.holder('revoked-auth', { iin: REGISTRAR_IIN });
    ca.revoke(holder);
    await ocsp.responder!.reload();
    const refused = await signIn(registrar, holder);
    expect(refused).toMatchObject({ status: 401, body: { params: { reason: 'revoked' } } });
    expect((await checks(registrar.id)).at(-1)).toMatchObject({
      revocationMethod: 'ocsp',
      revocationStatus: 'revoked',
      outcome: 'refused',
    });
  });

  it('refuses tampered content: the CMS signs other bytes than the nonce', async () => {
    const refused = await signIn(registrar, registrarAuth, { content: (n) => Buffer.from(`${n}!`, 'utf8') });
    expect(refused.body).toMatchObject({ code: 'auth.signature-refused', params: { reason: 'content-mismatch' } });
  });

  it('refuses an account with no IIN entered, and takes it once an admin enters the IIN', async () => {
    const coordinator = await account('CEC_COORDINATOR', undefined, {});
    const holder = await issued('coordinator-auth', { iin: OTHER_IIN });
    expect((await signIn(coordinator, holder)).body).toMatchObject({ params: { reason: 'no-iin-bound' } });
    const current = await stack.call('GET', `/v1/users/${coordinator.id}`, undefined, OPERATOR_HEADERS);
    const bound = await stack.call(
      'PATCH',
      `/v1/users/${coordinator.id}`,
      { iin: OTHER_IIN },
      { ...OPERATOR_HEADERS, 'If-Match': `"${current.body.version}"` },
    );
    expect(bound.status).toBe(200);
    expect((await signIn(coordinator, holder)).status).toBe(200);
  });

  it('refuses a certificate an admin revoked in Tizim’s registry, though NCA still vouches for it', async () => {
    const holder = await issued('registry-revoked', { iin: REGISTRAR_IIN });
    expect((await signIn(registrar, holder)).status).toBe(200);
    const fingerprint = new X509Certificate(holder.pem).fingerprint256.replace(/:/g, '').toLowerCase();
    const row = await stack.prisma.signerCertificate.findUniqueOrThrow({ where: { fingerprint } });
    expect(row.holder).toBe(registrar.id);
    await stack.prisma.signerCertificate.update({
      where: { id: row.id },
      data: { revokedAt: new Date(), revocationReason: 'lost token', revokedBy: 'test' },
    });
    expect((await signIn(registrar, holder)).body).toMatchObject({
      params: { reason: 'certificate-revoked-here' },
    });
  });

  it('lists the checks to admins, newest first, page by page, with the revocation answers', async () => {
    const first = await stack.call('GET', `/v1/eds-checks?userId=${registrar.id}&limit=2`, undefined, OPERATOR_HEADERS);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const all = await checks(registrar.id);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(
      all
        .slice(-2)
        .reverse()
        .map((c) => c.id),
    );
    const next = await stack.call(
      'GET',
      `/v1/eds-checks?userId=${registrar.id}&limit=200&after=${first.body.nextCursor}`,
      undefined,
      OPERATOR_HEADERS,
    );
    expect(next.body.items).toHaveLength(all.length - 2);
    expect(next.body.items.some((c: { revocationStatus: string }) => c.revocationStatus === 'revoked')).toBe(true);
    expect(JSON.stringify([first.body, next.body])).not.toContain(REGISTRAR_IIN);
  });

  it.each([
    ['refuse', 401, 'refused'],
    ['accept', 200, 'accepted'],
  ] as const)(
    "OCSP silent, no CRL: the policy '%s' decides, and the check is recorded as unreachable",
    async (policy, status, outcome) => {
      const silent = `http://127.0.0.1:${await freePort()}`;
      const eds = { ...stack.config.eds, ocspUrl: silent, noAnswer: policy };
      await withAnotherApi(stack, { ...stack.config, eds }, async (call) => {
        const challenge = await call('POST', '/v1/auth/challenge', { username: registrar.username }, JSON_ONLY);
        const answer = await call(
          'POST',
          '/v1/auth/sign-in-eds',
          {
            username: registrar.username,
            password: MEMBER_PASSWORD,
            challengeId: challenge.body.challengeId,
            cms: ca.sign(registrarAuth, Buffer.from(challenge.body.nonce, 'utf8')).toString('base64'),
          },
          JSON_ONLY,
        );
        expect(answer.status).toBe(status);
        if (status === 401) expect(answer.body.params).toEqual({ reason: 'revocation-unreachable' });
      });
      expect((await checks(registrar.id)).at(-1)).toMatchObject({
        outcome,
        revocationStatus: 'unreachable',
        responder: silent,
        noAnswerPolicy: policy,
      });
    },
  );

  it('takes the key-file signature only where TIZIM_EDS_KEY_FILE is on: off, it says to use NCALayer', async () => {
    await withAnotherApi(stack, { ...stack.config, eds: { ...stack.config.eds, keyFile: false } }, async (call) => {
      expect((await call('GET', '/v1/auth/eds-options', undefined, {})).body).toMatchObject({ keyFile: false });
      const challenge = await call('POST', '/v1/auth/challenge', { username: member.username }, JSON_ONLY);
      const answer = await call(
        'POST',
        '/v1/auth/sign-in-eds',
        {
          username: member.username,
          password: MEMBER_PASSWORD,
          iin: MEMBER_IIN,
          challengeId: challenge.body.challengeId,
          certificateId: 'a'.repeat(64),
          signature: 'AAAA',
        },
        JSON_ONLY,
      );
      expect(answer).toMatchObject({ status: 400, body: { code: 'auth.key-file-off' } });
    });
  });
});
