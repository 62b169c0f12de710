/**
 * Every API refusal's code (libs/contracts/problems.ts, ApiProblemParams) has words in the
 * console's two languages (apps/web/src/api-problems.ts): a code added without them fails here,
 * before an official reads the API's English. Each is rendered from parameters of its own shape and
 * must keep the numbers and names (ids, tickets, periods, years) the parameters carry; a generic code,
 * an unknown one or parameters of another shape fall back to the English detail.
 */
import { explainApiProblem, RENDERED_API_CODES } from '../../apps/web/src/api-problems';
import { API_PROBLEM_CODES, type ApiProblemParams } from '../../libs/contracts/problems';

type Code = keyof ApiProblemParams;

const ID = '7c0b8f0e-3a55-4f7e-9d1f-2b1f4e0c9a11';

/** Parameters of each code's shape (the type makes a new code need one here). */
const SAMPLES: { [C in Code]: ApiProblemParams[C] } = {
  'file.missing': {},
  'file.quota-exceeded': { districtId: '7101', files: 200 },
  'file.unknown-district': { districtId: 'd-6101' },
  'file.voters-name-no-submission': {},
  'file.unknown-submission': { districtId: 'd-6101', period: '2027-01', submissionId: ID },
  'file.not-found': { fileId: ID },
  'file.not-failed': { fileId: ID, status: 'ACCEPTED' },
  'file.import-failed': { fileId: ID },
  'file.accepted-with-findings': { fileId: ID, rowsWithProblems: 7 },
  'file.no-report': { fileId: ID, status: 'ACCEPTED' },
  'request.invalid-fields': {},
  'request.body-type': {},
  'request.too-deep': { limit: 32 },
  'rate-limit.exceeded': { points: 120, windowSeconds: 60, retryAfterSeconds: 17 },
  'if-match.malformed': {},
  'if-match.required': { subject: 'escalation' },
  'if-match.stale': { sent: 3, current: 4 },
  'auth.bad-credentials': {},
  'auth.bad-eds-credentials': {},
  'auth.key-file-off': {},
  'auth.challenge-expired': {},
  'auth.signature-refused': { reason: 'expired' },
  'auth.locked': { time: '18:45', date: '2026-12-03' },
  'auth.sign-in-delayed': { seconds: 8 },
  'auth.eds-required': {},
  'auth.admin-needs-eds': {},
  'auth.account-disabled': {},
  'auth.member-account-disabled': {},
  'auth.refresh-invalid': {},
  'auth.session-ended': {},
  'auth.refresh-reused': {},
  'auth.session-expired': {},
  'auth.session-limit': { hours: 12 },
  'auth.session-idle': { minutes: 30 },
  'auth.session-unknown': { id: ID },
  'auth.refresh-just-used': {},
  'auth.token-invalid': {},
  'auth.token-expired': {},
  'auth.sign-in-required': {},
  'auth.portal-credential': {},
  'auth.source-credential': {},
  'access.role-not-allowed': { role: 'AKIMAT_REGISTRAR', allowed: ['ADMIN', 'CEC_COORDINATOR'] },
  'access.outside-territory': { role: 'DISTRICT_COMMISSION', subject: 'cycle-task' },
  'user.not-found': { userId: ID },
  'user.weak-password': {},
  'user.territory-mismatch': { role: 'PRECINCT_MEMBER' },
  'user.members-only': { role: 'DISTRICT_COMMISSION' },
  'user.other-district': { own: '7101', districtId: '7102' },
  'user.iin-invalid': {},
  'user.username-taken': {},
  'user.precinct-full': { members: 2 },
  'user.own-account': {},
  'user.own-password-only': {},
  'user.current-password-wrong': {},
  'calendar.input-invalid': { field: 'period' },
  'calendar.instant-invalid': { field: 'from' },
  'calendar.year-unknown': { year: 2031, available: [2026, 2027] },
  'calendar.year-not-found': { year: 2031 },
  'calendar.year-invalid': { year: 2028 },
  'calendar.year-not-created': { year: 2029 },
  'calendar.revision-required': { year: 2027, current: 5 },
  'calendar.revision-stale': { year: 2027, sent: 4, current: 5 },
  'calendar.fixed-date-policy': { valid: ['preceding-working-day', 'as-is'] },
  'calendar.year-not-valid': {},
  'board.region-not-started': { regionCode: '71', period: '2027-01' },
  'cycle.not-started': { workflowId: 'cycle-national-2027-01' },
  'cycle.district-not-found': { districtId: '9999' },
  'task.not-found': { taskId: ID },
  'task.other-role': { assigneeRole: 'DISTRICT_COMMISSION', role: 'REGIONAL_COMMISSION' },
  'task.claimed-by-other': { claimedBy: ID, since: '2026-12-03T10:15:00Z' },
  'task.completed': { completedBy: ID, at: '2026-12-03T10:15:00Z' },
  'task.cancelled': {},
  'task.outcome-unknown-id': { field: 'outcome.submissionId', id: ID },
  'task.outcome-elsewhere': {
    field: 'outcome.submissionId',
    what: 'submission',
    districtId: 'd-6101',
    period: '2027-01',
  },
  'escalation.not-found': { escalationId: ID },
  'escalation.resolved': { at: '2026-12-03T10:15:00Z', resolvedBy: null },
  'escalation.acknowledged': { acknowledgedBy: ID, at: '2026-12-03T10:15:00Z' },
  'notification.not-found': { notificationId: ID },
  'notification.not-addressed': { notificationId: ID },
  'mail-preferences.no-account': {},
  'submission.not-found': { submissionId: ID },
  'reconciliation.not-found': { runId: ID },
  'workflow.refused': { workflowId: 'id-card-exchange-0042', failureType: 'NOT_AWAITING_REVIEW' },
  'workflow.ended': { workflowId: 'id-card-exchange-0042', completed: true },
  'workflow.not-sent': { workflowId: 'id-card-exchange-0042' },
  'workflow.not-applied': { workflowId: 'district-cycle-2027-01-7101' },
  'worker.not-running': { taskQueue: 'tizim', workflowId: 'district-cycle-2027-01-7101' },
  'service.unavailable': { service: 'database' },
  'workflow.outcome-unknown': { workflowId: 'id-card-exchange-0042', readAt: '/v1/id-card/applications/0042' },
  'workflow.not-started': { workflowId: 'voting-day-application-17', readAt: '/v1/voting-day/applications/17' },
  'workflow.may-have-started': { workflowId: 'voting-day-application-17', readAt: '/v1/voting-day/applications/17' },
  'workflow.page-token': {},
  'workflow.service-unavailable': {},
  'workflow.not-a-cycle-id': {},
  'workflow.not-found': { workflowId: 'cycle-district-7101-2027-01', runId: null },
  'workflow.not-a-cycle': { workflowId: 'id-card-exchange-1' },
  'consolidation.unknown-region': { regionCode: '99' },
  'consolidation.not-found': { fileId: ID },
  'consolidation.being-written': { fileId: ID },
  'consolidation.refused': { fileId: ID },
  'audit.range': {},
  'transfer-act.not-found': {},
  'transfer-act.invalid': {},
  'transfer-act.unknown-district': {},
  'transfer-act.declaration-invalid': {},
  'transfer-act.receipt-invalid': {},
  'transfer-act.conflict': {},
  'transfer-act.number-taken': {},
  'transfer-act.receipt-recorded': {},
  'transfer-act.receipt-not-recorded': {},
  'transfer-act.already-signed': {},
  'transfer-act.files-mismatch': { problems: 3 },
  'transfer-act.refused': {},
  'transfer-act.signed-in-future': {},
  'transfer-act.signed-before-receipt': {},
  'transfer-act.signature-invalid': {},
  'transfer-act.own-name': { field: 'recordedBy' },
  'certificate.invalid': {},
  'certificate.already-registered': {},
  'certificate.already-revoked': {},
  'certificate.not-found': { certificateId: ID },
  'certificate.same-admin': {},
  'certificate.approver-not-named': {},
  'certificate.nothing-pending': {},
  'certificate.registration-pending': {},
  'certificate.revocation-pending': {},
  'register.no-file': {},
  'register.snapshot-not-found': { snapshotId: ID },
  'register.bad-page': {},
  'register.person-not-found': { version: 12, asOf: '2026-11-30' },
  'register-feed.credential-required': {},
  'register-feed.follow-up-not-queued': {},
  'register-feed.event-invalid': {},
  'register-feed.event-conflict': {},
  'register-feed.batch-invalid': { max: 500 },
  'register-feed.reason-required': {},
  'register-feed.event-not-found': { eventId: ID },
  'registration-check.iin-invalid': {},
  'registration-check.not-found': { checkId: ID },
  'voting-day.iin-invalid': {},
  'voting-day.application-open': { number: 14, stationNumber: 233 },
  'voting-day.application-not-found': { applicationId: ID },
  'voting-day.application-decided': { number: 15 },
  'voting-day.reason-required': { what: 'supplementary-list' },
  'voting-day.other-day': { number: 16 },
  'voting-day.not-escalated': { number: 17 },
  'voting-day.not-deciding-role': { role: 'REGIONAL_COMMISSION' },
  'voting-day.not-rejected': { number: 18, status: 'INCLUDED' },
  'voting-day.station-not-found': { stationId: ID },
  'voting-day.closes-before-opening': {},
  'voting-day.too-long': { hours: 24 },
  'voting-day.opens-on-other-day': { date: '2027-03-19', opensOn: '2027-03-18' },
  'voting-day.exists': { date: '2027-03-19' },
  'voting-day.not-open': {},
  'precinct-members.no-district': {},
  'delivery.unknown-status': { valid: ['QUEUED', 'DELIVERED', 'DEAD'] },
  'delivery.no-dead-letter': { jobId: '4711' },
  'incident.not-found': { incidentId: ID },
  'incident.already-reported': { at: '2026-12-03T10:15:00Z' },
  'id-card.not-found': { applicationId: ID },
  'id-card.not-awaiting-review': { ticketNumber: '71-261203-004211', status: 'IN_PRODUCTION' },
  'id-card.signed-in-future': {},
  'id-card.signature-refused': { reason: 'bad-signature' },
  'id-card.not-in-production': { ticketNumber: null, status: 'PENDING_REVIEW' },
  'id-card.card-dates': {},
  'id-card.ticket-not-found': { ticketNumber: '71-261203-004212' },
  'id-card.not-ready': { ticketNumber: '71-261203-004213', status: 'PICKED_UP' },
  'id-card.image-missing': { kind: 'photo' },
  'citizen.not-configured': {},
  'citizen.portal-credential-required': {},
  'citizen.iin-invalid': {},
  'citizen.registration-unavailable': {},
  'citizen.no-registration': {},
  'citizen.property-not-found': {},
  'citizen.not-owner': {},
  'citizen.unknown-region': { regionCode: '99' },
  'citizen.no-id-card': {},
  'citizen.application-open': { ticketNumber: '71-261203-004214' },
  'citizen.fee-not-paid': {},
  'citizen.application-not-found': { applicationId: ID },
  'citizen.image-required': {},
  'citizen.image-type': {},
  'citizen.image-too-large': { maxMegabytes: 2 },
  'citizen.image-closed': { status: 'IN_PRODUCTION' },
};

const CYRILLIC = /[а-яёәғқңөұүһі]/i;
/** Parameters said as they are (ids, tickets, codes, periods); dates and instants are rewritten. */
const VERBATIM = new Set([
  'districtId',
  'own',
  'period',
  'submissionId',
  'fileId',
  'userId',
  'field',
  'regionCode',
  'workflowId',
  'taskId',
  'escalationId',
  'notificationId',
  'runId',
  'snapshotId',
  'eventId',
  'checkId',
  'applicationId',
  'stationId',
  'jobId',
  'incidentId',
  'ticketNumber',
  'certificateId',
  'valid',
  'available',
  'time',
]);

/** What a rendering must show: every number but a zero (a year, a count, a version), and the verbatim names. */
function kept(params: object): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x === 'number' && x !== 0) out.push(String(x));
      else if (typeof x === 'string' && VERBATIM.has(key)) out.push(x);
    }
  }
  return out;
}

/** An English detail: no sentence of the console may be it. */
const DETAIL = 'The API said this in English';

describe('the console has words for every API refusal', () => {
  it('renders exactly the codes of the contract', () => {
    expect([...RENDERED_API_CODES].sort()).toEqual([...API_PROBLEM_CODES].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...API_PROBLEM_CODES].sort());
  });

  it.each(API_PROBLEM_CODES)('%s in Russian and Kazakh, with its parameters', (code) => {
    const problem = { code, params: SAMPLES[code], detail: DETAIL };
    const said = { ru: explainApiProblem(problem, 'ru'), kk: explainApiProblem(problem, 'kk') };
    for (const lang of ['ru', 'kk'] as const) {
      const as = said[lang];
      expect(as).not.toBeNull();
      expect(as).not.toBe(DETAIL);
      expect(as).toMatch(CYRILLIC);
      expect(as).not.toMatch(/undefined|null|\[object|NaN/);
      expect(kept(SAMPLES[code]).filter((k) => !as!.includes(k))).toEqual([]);
    }
    expect(said.ru).not.toBe(said.kk);
  });

  it('says dates in Asia/Almaty as DD.MM.YYYY and instants with the time there', () => {
    expect(explainApiProblem({ code: 'voting-day.exists', params: { date: '2027-03-19' }, detail: DETAIL }, 'ru')).toBe(
      'День голосования 19.03.2027 уже есть.',
    );
    expect(
      explainApiProblem(
        { code: 'task.completed', params: { completedBy: ID, at: '2026-12-03T10:15:00Z' }, detail: DETAIL },
        'kk',
      ),
    ).toContain('03.12.2026, 15:15');
  });

  it("leaves a generic code, an unknown one, none, or parameters of another shape to the API's English", () => {
    expect(explainApiProblem({ code: 'conflict', params: {}, detail: DETAIL }, 'ru')).toBeNull();
    expect(explainApiProblem({ code: 'voting-day.no-such-thing', params: {}, detail: DETAIL }, 'kk')).toBeNull();
    expect(explainApiProblem({ code: '', params: {}, detail: DETAIL }, 'ru')).toBeNull();
    expect(explainApiProblem({ code: 'access.role-not-allowed', params: {}, detail: DETAIL }, 'ru')).toBeNull();
    expect(explainApiProblem({ code: 'toString', params: {}, detail: DETAIL }, 'ru')).toBeNull();
  });
});
