/**
 * Issue 27: every reason the server gives for refusing a CMS signature (CmsSignatureRefusal in
 * libs/db/eds/cms-signatures.ts: the verifier's CmsRefusalCode and the API's own) has words in
 * Russian and Kazakh on each screen that signs (sign-in, transfer act, ID-card approval): the
 * official never reads the code itself. The Record's type makes a code added to CmsSignatureRefusal without a line here a
 * compile error (tsc -p tsconfig.json).
 */
import { explainApiProblem } from '../../apps/web/src/api-problems';
import { latinTokens } from '../support/screen-checks';
import type { CmsSignatureRefusal } from '../../libs/db/eds/cms-signatures';

const REFUSALS: Record<CmsSignatureRefusal, true> = {
  'malformed-cms': true,
  'signer-count': true,
  'content-mismatch': true,
  'bad-signature': true,
  'unsupported-algorithm': true,
  'unknown-issuer': true,
  'untrusted-root': true,
  'not-yet-valid': true,
  expired: true,
  'wrong-key-usage': true,
  'not-nca-holder': true,
  'wrong-iin': true,
  revoked: true,
  'revocation-unknown': true,
  'revocation-unreachable': true,
  'bad-timestamp': true,
  'verifier-unavailable': true,
  'no-iin-bound': true,
  'certificate-revoked-here': true,
  'timestamp-unavailable': true,
};
const REASONS = Object.keys(REFUSALS);
const CODES = ['auth.signature-refused', 'transfer-act.signature-invalid', 'id-card.signature-refused'];

describe.each(CODES)('%s', (code) => {
  it.each(REASONS)('says %s in Russian and Kazakh, not as the code', (reason) => {
    const problem = { code, params: { reason }, detail: 'English detail' };
    const ru = explainApiProblem(problem, 'ru');
    const kk = explainApiProblem(problem, 'kk');
    expect(ru).toMatch(/[а-яё]{3}/);
    expect(kk).toMatch(/[әғқңөұүһі]/);
    for (const said of [ru, kk]) {
      expect(said).not.toContain(reason);
      expect(said).not.toContain('English detail');
      // Nothing the browser suites' screen check would call English.
      expect(latinTokens(said ?? '')).toEqual([]);
    }
  });
});

it('a transfer act refused without a reason (an API before issue 27) is still said', () => {
  expect(explainApiProblem({ code: 'transfer-act.signature-invalid', params: {}, detail: '' }, 'ru')).toBe(
    'Подпись ЭЦП под актом приёма-передачи не принята.',
  );
});
