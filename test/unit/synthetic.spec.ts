/**
 * The synthetic data generator the reconciliation tests and benchmarks stand on: valid, unique
 * IINs at scale, the same people on every run, ids that never collide, injection plans that pick
 * distinct voters.
 */
import { isValidIin } from '../../libs/iin/iin';
import { addYears, MAX_TURNING_18_PER_DAY, person, personTurning18 } from '../../libs/synthetic/people';
import { injectionPlan, syntheticId, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';

const options = { seed: 7, referenceDate: '2027-01-04' };

describe('synthetic people', () => {
  it('gives valid IINs, unique across slots and the minors, for 150,000 people', () => {
    const seen = new Set<string>();
    let made = 0;
    let invalid = 0;
    for (const [slot, minor, count] of [
      [0, false, 60_000],
      [1, false, 60_000],
      [0, true, 15_000],
      [127, false, 15_000],
    ] as const) {
      for (let i = 0; i < count; i += 1) {
        const p = person(options, slot, i, minor);
        if (!p) continue;
        made += 1;
        if (!isValidIin(p.iin)) invalid += 1;
        seen.add(p.iin);
      }
    }
    expect(invalid).toBe(0);
    expect(seen.size).toBe(made);
    expect(made).toBeGreaterThan(149_900);
  });

  it('makes adults 18 or older and minors under 18 on the reference date, with a document valid on it', () => {
    for (let i = 0; i < 2000; i += 1) {
      const adult = person(options, 3, i * 97)!;
      expect(addYears(adult.birthDate, 18) <= options.referenceDate).toBe(true);
      expect(adult.documentIssuedOn < options.referenceDate && adult.documentExpiresOn > options.referenceDate).toBe(
        true,
      );
      const minor = person(options, 3, i, true)!;
      expect(addYears(minor.birthDate, 18) > options.referenceDate).toBe(true);
    }
  });

  it('makes people who turn 18 exactly on the reference date or the day after, with IINs no adult or minor has', () => {
    const others = new Set<string>();
    for (let i = 0; i < 30_000; i += 1)
      others.add(person(options, 3, i)!.iin).add(person(options, 3, i % 18_000, true)!.iin);
    const made = new Set<string>();
    for (const daysAfter of [0, 1] as const) {
      for (let k = 0; k < MAX_TURNING_18_PER_DAY; k += 1) {
        const p = personTurning18(options, 3, k, daysAfter);
        if (!p) continue;
        expect(addYears(p.birthDate, 18)).toBe(daysAfter === 0 ? options.referenceDate : '2027-01-05');
        expect(isValidIin(p.iin)).toBe(true);
        expect(others.has(p.iin) || made.has(p.iin)).toBe(false);
        made.add(p.iin);
      }
    }
    expect(made.size).toBeGreaterThan(2 * MAX_TURNING_18_PER_DAY - 2);
    expect(() => personTurning18(options, 3, MAX_TURNING_18_PER_DAY, 0)).toThrow(RangeError);
  });

  it('is deterministic: the same person for the same seed, slot and index', () => {
    expect(person(options, 5, 12345)).toEqual(person(options, 5, 12345));
    expect(person(options, 5, 12345)).not.toEqual(person({ ...options, seed: 8 }, 5, 12345));
  });

  it('refuses a slot or index outside its range', () => {
    expect(() => person(options, 128, 0)).toThrow(RangeError);
    expect(() => person(options, 0, 10_000_000)).toThrow(RangeError);
  });
});

describe('synthetic scenario', () => {
  it('writes distinct parts as distinct ids', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50_000; i += 1) ids.add(syntheticId(1, 2, i, 0)).add(syntheticId(1, 2, i, 1));
    expect(ids.size).toBe(100_000);
    expect(syntheticId(1, 2, 3)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  const spec: ScenarioSpec = {
    ...options,
    period: '2027-01',
    regions: [
      {
        code: '55',
        stationBase: 0,
        districts: [
          {
            id: 'd1',
            nameRu: 'Р',
            nameKk: 'А',
            locality: 'П',
            slot: 0,
            stations: [100, 100],
            inject: { 'c3-same-station': 5, 'c9-deceased': 0.05 },
          },
        ],
      },
    ],
  };

  it('picks distinct voters for the injections, by count or by share', () => {
    const plan = injectionPlan(spec, spec.regions[0].districts[0]);
    expect([...plan.values()].filter((k) => k === 'c3-same-station')).toHaveLength(5);
    expect([...plan.values()].filter((k) => k === 'c9-deceased')).toHaveLength(10);
  });

  it('numbers the voter file 1..n and appends the injected duplicates at the end', () => {
    const rows = [...voterFile(spec, 'd1')];
    expect(rows.map((r) => r.cod)).toEqual(rows.map((_, i) => i + 1));
    const tail = rows.slice(-5);
    for (const dup of tail)
      expect(rows.filter((r) => r.iin === dup.iin && r.stationCode === dup.stationCode)).toHaveLength(2);
  });
});
