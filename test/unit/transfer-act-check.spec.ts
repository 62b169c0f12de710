/**
 * The commission's check of a transfer act against the files received (libs/files/transfer-act.ts,
 * checkDeclaredFiles): file by file, with which of name, size, records and SHA-256 agree, judged
 * by the same rule as the receipt itself (matchDeclaredFiles), so the screen never says «совпадает»
 * of an act whose receipt would be refused, nor the other way round.
 */
import {
  checkDeclaredFiles,
  matchDeclaredFiles,
  type DeclaredFile,
  type ReceivedCandidate,
} from '../../libs/files/transfer-act';

const sha = (c: string) => c.repeat(64);
const received = (over: Partial<ReceivedCandidate>): ReceivedCandidate => ({
  id: over.id ?? 'f1',
  kind: 'voters',
  fileName: 'izbirateli.csv',
  sizeBytes: 1000,
  records: 10,
  sha256: sha('a'),
  status: 'ACCEPTED',
  problemCount: 0,
  submissionId: 'f1',
  receivedAt: new Date('2026-12-01T10:00:00Z'),
  onAct: null,
  ...over,
});
const declared = (over: Partial<DeclaredFile> = {}): DeclaredFile => ({
  kind: 'voters',
  name: 'izbirateli.csv',
  sizeBytes: 1000,
  records: 10,
  ...over,
});

describe('checking a transfer act against the files received', () => {
  it('says each declared file matches when the receipt would link it', () => {
    const files = [received({}), received({ id: 'f2', kind: 'stations', fileName: 'uchastki.csv', sha256: sha('b') })];
    const act = [declared({ sha256: sha('a') }), declared({ kind: 'stations', name: 'uchastki.csv', records: 10 })];
    const check = checkDeclaredFiles(act, files);
    expect(check.map((c) => c.verdict)).toEqual(['matches', 'matches']);
    expect(check[0].same).toEqual({ kind: true, name: true, sizeBytes: true, records: true, sha256: true });
    expect(check[1].same?.sha256).toBeNull(); // the act declares none
    expect(matchDeclaredFiles(act, files, 'district').problems).toEqual([]);
  });

  it('names what differs, field by field, where the receipt would refuse', () => {
    const files = [received({})];
    const act = [declared({ sizeBytes: 999, records: 11 })];
    const [c] = checkDeclaredFiles(act, files);
    expect(c).toMatchObject({
      verdict: 'differs',
      received: { fileName: 'izbirateli.csv', sizeBytes: 1000, records: 10 },
      same: { kind: true, name: true, sizeBytes: false, records: false, sha256: null },
    });
    expect(matchDeclaredFiles(act, files, 'district').problems.map((p) => p.field)).toEqual([
      'files[0].sizeBytes',
      'files[0].records',
    ]);
    // A declared SHA-256 nobody sent: the file of that name shows what differs.
    expect(checkDeclaredFiles([declared({ sha256: sha('c') })], files)[0]).toMatchObject({
      verdict: 'differs',
      same: { sha256: false, name: true },
    });
  });

  it('says why no received file can be on the act', () => {
    const verdict = (files: ReceivedCandidate[], d = declared()) => checkDeclaredFiles([d], files)[0];
    expect(verdict([])).toMatchObject({ verdict: 'not-received', received: null, same: null });
    expect(verdict([received({ status: 'REJECTED' })]).verdict).toBe('rejected');
    expect(verdict([received({ status: 'RECEIVED' })]).verdict).toBe('being-checked');
    expect(verdict([received({ status: 'FAILED' })]).verdict).toBe('failed');
    expect(verdict([received({ onAct: '7101-2027-01-1' })])).toMatchObject({
      verdict: 'on-another-act',
      onAct: '7101-2027-01-1',
    });
    expect(checkDeclaredFiles([declared(), declared()], [received({})]).map((c) => c.verdict)).toEqual([
      'matches',
      'listed-twice',
    ]);
  });

  it('of several files that fit, compares the one that agrees, as the receipt does', () => {
    const older = received({ id: 'old', sizeBytes: 1000, receivedAt: new Date('2026-12-01T09:00:00Z') });
    const newer = received({ id: 'new', sizeBytes: 1200, sha256: sha('d') });
    expect(checkDeclaredFiles([declared()], [older, newer])[0]).toMatchObject({
      verdict: 'matches',
      received: { id: 'old' },
    });
    expect(checkDeclaredFiles([declared({ sizeBytes: 5 })], [older, newer])[0]).toMatchObject({
      verdict: 'differs',
      received: { id: 'new' },
    });
  });
});
