import { iinProblem, isValidIin, withCheckDigit } from '../../libs/iin/iin';
import { makeIin } from '../../prisma/seed';

describe('IIN check digit (DOMAIN.md §6)', () => {
  it('accepts the published check vectors', () => {
    expect(isValidIin('980109050588')).toBe(true);
    expect(isValidIin('061211600012')).toBe(true); // valid on the second pass of weights
  });

  it('refuses a wrong check digit and says why', () => {
    expect(iinProblem('123456789012')).toBe('check-digit');
    expect(iinProblem('980109050589')).toBe('check-digit');
  });

  it('refuses anything but twelve digits', () => {
    for (const bad of ['', '98010905058', '9801090505880', '98010905058a', ' 980109050588']) {
      expect(iinProblem(bad)).toBe('not-12-digits');
    }
  });

  it('knows numbers that are never issued (both passes give 10)', () => {
    // Search the space for an 11-digit prefix whose both passes give 10; such IINs must be refused.
    let found: string | null = null;
    for (let n = 0; n < 200000 && !found; n += 1) {
      const prefix = `9801090${String(n).padStart(4, '0')}`;
      if (withCheckDigit(prefix) === null) found = prefix;
    }
    expect(found).not.toBeNull();
    for (let d = 0; d <= 9; d += 1) expect(iinProblem(`${found}${d}`)).toBe('never-issued');
  });

  it('does not tie validity to the birth-date digits (since 2013 they need not match)', () => {
    const withZeroCentury = withCheckDigit('98010900000');
    expect(withZeroCentury).not.toBeNull();
    expect(isValidIin(withZeroCentury!)).toBe(true);
  });

  it('makes valid IINs for the synthetic register', () => {
    const iin = makeIin(new Date(Date.UTC(2004, 1, 29)), false, 1234);
    expect(iin.slice(0, 7)).toBe('0402296');
    expect(isValidIin(iin)).toBe(true);
  });
});
