/**
 * The sample files of prisma/samples/ are what the generator makes from the demo register, byte
 * for byte: regenerated here in memory and compared with the committed files, so a change to the
 * demo register, a writer or the error set cannot leave the samples (and the README's
 * walk-through) behind. Mismatches are named by path and digest, never by content (the files
 * hold synthetic personal data).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { APPENDIX1_FIELD_NAMES } from '../../libs/files/appendix1';
import { isValidIin } from '../../libs/iin/iin';
import { demoRegister } from '../../libs/synthetic/demo';
import {
  demoSamples,
  SAMPLE_RECORD_ERRORS,
  sampleBoundaries,
  sampleFindings,
  SAMPLES_DIR,
  sampleVoterFieldsWithErrors,
  type SampleFile,
} from '../../libs/synthetic/samples';
import { ROOT } from '../../scripts/lib/paths';

const DIR = join(ROOT, SAMPLES_DIR);
const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );

let samples: SampleFile[];
beforeAll(async () => {
  samples = await demoSamples();
});

describe('the sample files of the demo districts', () => {
  it('are committed exactly as the generator makes them (run `npm run samples` after changing it)', () => {
    const committed = filesUnder(DIR)
      .map((f) => relative(DIR, f))
      .sort();
    expect(committed).toEqual(samples.map((s) => s.path).sort());
    const drifted = samples
      .filter((s) => !existsSync(join(DIR, s.path)) || !readFileSync(join(DIR, s.path)).equals(s.content))
      .map((s) => `${s.path}: generated ${s.content.length} bytes, sha256 ${digest(s.content).slice(0, 12)}…`);
    expect(drifted).toEqual([]);
  });

  it('come out the same whatever the clock says (fixed dates in the workbooks, their ZIP entries and the databases)', async () => {
    // Only Date is faked: exceljs and the ZIP writer still need real timers and ticks.
    jest.useFakeTimers({
      now: new Date('2031-07-15T13:37:42Z'),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      expect(new Date().getUTCFullYear()).toBe(2031);
      const again = await demoSamples();
      expect(again.map((s) => [s.path, digest(s.content)])).toEqual(samples.map((s) => [s.path, digest(s.content)]));
    } finally {
      jest.useRealTimers();
    }
  });

  it('hold each district of the demo: its voters, stations and a boundary row for every street they live on', () => {
    const register = demoRegister();
    expect(register.districts.map((d) => d.id)).toEqual(['7101', '7102', '7501', '7502', '6201', '6101']);
    for (const d of register.districts) {
      const csv = samples.find((s) => s.path === `${d.id}/izbirateli_${d.id}.csv`)!.content.toString('utf8');
      const lines = csv.split('\r\n').filter(Boolean);
      expect(lines[0]).toBe(APPENDIX1_FIELD_NAMES.join(';'));
      const voters = register.voters.filter((v) => v.districtId === d.id);
      expect(lines).toHaveLength(voters.length + 1);
      // Each voter once, on the station the register gives them.
      const iins = lines.slice(1).map((l) => l.split(';')[1]);
      expect(new Set(iins).size).toBe(voters.length);
      expect(iins.every(isValidIin)).toBe(true);
      expect(lines.slice(1).map((l) => l.split(';')[5])).toEqual(voters.map((v) => String(v.stationNumber)));
      const boundaries = sampleBoundaries(register, d.id);
      for (const v of voters) {
        expect(
          boundaries.some(
            (b) =>
              b.stationNumber === v.stationNumber && b.street === v.street && b.houses.split(', ').includes(v.house),
          ),
        ).toBe(true);
      }
    }
  });

  it('make each record error of the with-errors set on its own row, and list the findings it must give', () => {
    const register = demoRegister();
    const changed = (format: 'csv' | 'mdb') => {
      const rows = sampleVoterFieldsWithErrors(register, '7101', format);
      const base = samples
        .find((s) => s.path === '7101/izbirateli_7101.csv')!
        .content.toString('utf8')
        .split('\r\n')
        .slice(1, -1);
      return rows
        .map((r, i) => (APPENDIX1_FIELD_NAMES.map((f) => r[f] ?? '').join(';') === base[i] ? null : i + 1))
        .filter((n) => n !== null);
    };
    expect(changed('csv')).toEqual(SAMPLE_RECORD_ERRORS.map((e) => e.row));
    expect(changed('mdb')).toEqual(SAMPLE_RECORD_ERRORS.filter((e) => !e.notInMdb).map((e) => e.row));
    expect(sampleFindings('csv').map((f) => [f.row, f.cod, f.category, f.subcategory])).toEqual([
      [5, 5, 1, 'Cod_izber:check-digit'],
      [10, 10, 1, 'Cod_izber:empty'],
      [15, 15, 1, 'Date_rogd:impossible'],
      [20, 20, 1, 'Soname:empty'],
      [25, 25, 10, 'Korpus:placeholder'],
      [30, 30, 10, 'Note:too-long'],
      [35, 35, 10, 'Dopol3:without-flag'],
      [40, 40, 10, 'Date_vidach:after-receipt'],
      [45, null, 10, 'Cod:repeated'],
    ]);
    expect(sampleFindings('mdb').map((f) => f.row)).toEqual([5, 10, 15, 20, 25, 35, 40, 45]);
  });
});
