/**
 * Precinct commission members for end-to-end suites: designated by their district commission
 * (POST /v1/users), their certificate registered, signed in with the EDS challenge.
 */
import { randomInt } from 'node:crypto';
import { makeIin } from '../../prisma/seed';
import { signBytes, testSigner, type TestKeyKind, type TestSigner } from './certificates';
import { OPERATOR_HEADERS, type ApiAnswer } from './fixtures';
import type { LocalStack } from './local-stack';

export const MEMBER_PASSWORD = 'precinct member password';
const JSON_ONLY = { 'Content-Type': 'application/json' };

export interface DesignatedMember {
  id: string;
  username: string;
  iin: string;
  signer: TestSigner;
  certificateId: string;
}

/** A district commission account of `districtId`, signed in; returns its access token. */
export async function districtCommission(
  stack: LocalStack,
  districtId: string,
  username: string,
): Promise<{ id: string; token: string }> {
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: `ТИК ${districtId}`,
    password: MEMBER_PASSWORD,
    role: 'DISTRICT_COMMISSION',
    districtId,
  });
  const signed = await stack.call('POST', '/v1/auth/sign-in', { username, password: MEMBER_PASSWORD }, JSON_ONLY);
  return { id: created.body.id, token: signed.body.accessToken };
}

/** Designates a member of `stationId` by the commission's token and registers their certificate. */
export async function designateMember(
  stack: LocalStack,
  commissionToken: string,
  stationId: string,
  username: string,
  kind: TestKeyKind = 'p256',
): Promise<{ answer: ApiAnswer; member?: DesignatedMember }> {
  const iin = makeIin(
    new Date(Date.UTC(1970 + randomInt(30), randomInt(12), 1 + randomInt(28))),
    randomInt(2) === 0,
    randomInt(10000),
  );
  const answer = await stack.call(
    'POST',
    '/v1/users',
    { username, fullName: `Член УИК ${username}`, password: MEMBER_PASSWORD, role: 'PRECINCT_MEMBER', stationId, iin },
    { ...JSON_ONLY, Authorization: `Bearer ${commissionToken}` },
  );
  if (answer.status !== 201) return { answer };
  const signer = testSigner(kind, `Член УИК ${username}`);
  const cert = await stack.call(
    'POST',
    '/v1/certificates',
    { pem: signer.pem, holder: answer.body.id, holderName: `Член УИК ${username}`, holderRole: 'precinct-member' },
    OPERATOR_HEADERS,
  );
  if (cert.status !== 201) throw new Error(`certificate not registered: ${JSON.stringify(cert.body)}`);
  return { answer, member: { id: answer.body.id, username, iin, signer, certificateId: cert.body.id } };
}

/** Asks for a challenge and signs in with it; `overrides` replace fields of the sign-in body. */
export async function signInWithEds(
  stack: LocalStack,
  m: DesignatedMember,
  overrides: Record<string, string> = {},
  signer = m.signer,
): Promise<ApiAnswer> {
  const challenge = await stack.call('POST', '/v1/auth/challenge', { username: m.username }, JSON_ONLY);
  const signature = signBytes(signer, Buffer.from(challenge.body.nonce, 'utf8')).toString('base64');
  return stack.call(
    'POST',
    '/v1/auth/sign-in-eds',
    {
      username: m.username,
      password: MEMBER_PASSWORD,
      iin: m.iin,
      challengeId: challenge.body.challengeId,
      certificateId: m.certificateId,
      signature,
      ...overrides,
    },
    JSON_ONLY,
  );
}
