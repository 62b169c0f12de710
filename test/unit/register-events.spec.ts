/**
 * The check every state registry's event passes (libs/register/events.ts): each kind's good event
 * from its own source; each malformed field named by its field and never echoed; a source sending
 * another's kind refused. And the feeds' credentials in the configuration (libs/config/config.ts).
 */
import { loadConfig } from '../../libs/config/config';
import { withCheckDigit } from '../../libs/iin/iin';
import { generateCodecKey } from '../../libs/temporal/codec-keys';
import {
  checkRegisterEvent,
  EVENT_KINDS,
  type RegisterEventKind,
  type RegisterSourceName,
} from '../../libs/register/events';

function iin(n: number): string {
  for (let i = n; ; i++) {
    const v = withCheckDigit(`850412${String(400 + (i % 600)).padStart(3, '0')}${String(i % 100).padStart(2, '0')}`);
    if (v) return v;
  }
}
const IIN = iin(7);

const GOOD: Record<RegisterEventKind, Record<string, unknown>> = {
  death: { basis: 'актовая запись № 123' },
  incapacity: { basis: 'решение суда № 2-15/2026' },
  'capacity-restored': {},
  sentence: { until: '2031-03-01', basis: 'приговор № 1-77/2026' },
  release: { basis: 'УДО' },
  emigration: {},
  'citizenship-lost': { basis: 'указ' },
  'citizenship-acquired': {},
  document: { number: '045123987', issuedOn: '2026-02-01', expiresOn: '2036-02-01' },
  registration: {
    regionCode: '71',
    districtId: '7101',
    kato: '710100000',
    locality: 'Астана',
    street: 'Кенесары',
    house: '12',
    apartment: '4',
    stationNumber: 15,
  },
  deregistration: {},
};

const body = (kind: RegisterEventKind, over: Record<string, unknown> = {}) => ({
  sourceEventId: `evt-${kind}-1`,
  kind,
  iin: IIN,
  effectiveOn: '2026-03-01',
  data: GOOD[kind],
  ...over,
});

function problemsOf(source: RegisterSourceName, b: unknown) {
  const r = checkRegisterEvent(source, b);
  if (!('problems' in r)) throw new Error('expected the event to be refused');
  return r.problems;
}

describe('checkRegisterEvent', () => {
  it.each(Object.keys(EVENT_KINDS) as RegisterEventKind[])(
    'takes a good %s event from its own source, details trimmed',
    (kind) => {
      const source = EVENT_KINDS[kind].source;
      const r = checkRegisterEvent(source, { ...body(kind), sourceEventId: `  evt-${kind}-1 ` });
      expect(r).toEqual({
        event: { source, sourceEventId: `evt-${kind}-1`, kind, iin: IIN, effectiveOn: '2026-03-01', data: GOOD[kind] },
      });
    },
  );

  it.each(Object.keys(EVENT_KINDS) as RegisterEventKind[])(
    'refuses a %s event from any other source, naming the kind',
    (kind) => {
      for (const other of [
        'CIVIL_REGISTRY',
        'COURTS',
        'MIGRATION_SERVICE',
        'ADDRESS_REGISTRY',
      ] as RegisterSourceName[]) {
        if (other === EVENT_KINDS[kind].source) continue;
        const problems = problemsOf(other, body(kind));
        expect(problems).toEqual([
          {
            field: 'kind',
            message: expect.stringContaining(
              `a ${kind} event comes from the ${EVENT_KINDS[kind].source.toLowerCase().replaceAll('_', ' ')}`,
            ),
          },
        ]);
      }
    },
  );

  it('refuses the civil registry sending a document', () => {
    expect(problemsOf('CIVIL_REGISTRY', body('document')).map((p) => p.field)).toEqual(['kind']);
  });

  const malformed: [string, RegisterSourceName, Record<string, unknown>][] = [
    ['sourceEventId', 'CIVIL_REGISTRY', body('death', { sourceEventId: '' })],
    ['sourceEventId', 'CIVIL_REGISTRY', body('death', { sourceEventId: 'x'.repeat(201) })],
    ['iin', 'CIVIL_REGISTRY', body('death', { iin: `${IIN.slice(0, 11)}${(Number(IIN[11]) + 1) % 10}` })],
    ['iin', 'CIVIL_REGISTRY', body('death', { iin: '12345' })],
    ['effectiveOn', 'CIVIL_REGISTRY', body('death', { effectiveOn: '2026-02-30' })],
    ['effectiveOn', 'CIVIL_REGISTRY', body('death', { effectiveOn: '01.03.2026' })],
    ['kind', 'CIVIL_REGISTRY', body('death', { kind: 'marriage' })],
    ['data', 'CIVIL_REGISTRY', body('death', { data: ['Иванов'] })],
    ['data.surname', 'CIVIL_REGISTRY', body('death', { data: { surname: 'Иванов' } })],
    ['data.basis', 'CIVIL_REGISTRY', body('death', { data: { basis: 'x'.repeat(501) } })],
    ['data.until', 'COURTS', body('sentence', { data: { basis: 'b' } })],
    ['data.until', 'COURTS', body('sentence', { data: { until: '2026-02-01' } })],
    ['data.number', 'MIGRATION_SERVICE', body('document', { data: { ...GOOD.document, number: 'n 12' } })],
    ['data.issuedOn', 'MIGRATION_SERVICE', body('document', { data: { ...GOOD.document, issuedOn: '2026-13-01' } })],
    ['data.expiresOn', 'MIGRATION_SERVICE', body('document', { data: { ...GOOD.document, expiresOn: undefined } })],
    ['data.expiresOn', 'MIGRATION_SERVICE', body('document', { data: { ...GOOD.document, expiresOn: '2020-01-01' } })],
    ['data.regionCode', 'ADDRESS_REGISTRY', body('registration', { data: { ...GOOD.registration, regionCode: '7' } })],
    ['data.districtId', 'ADDRESS_REGISTRY', body('registration', { data: { ...GOOD.registration, districtId: '71' } })],
    ['data.kato', 'ADDRESS_REGISTRY', body('registration', { data: { ...GOOD.registration, kato: '750100000' } })],
    ['data.locality', 'ADDRESS_REGISTRY', body('registration', { data: { ...GOOD.registration, locality: ' ' } })],
    ['data.house', 'ADDRESS_REGISTRY', body('registration', { data: { ...GOOD.registration, house: 'x'.repeat(21) } })],
    [
      'data.stationNumber',
      'ADDRESS_REGISTRY',
      body('registration', { data: { ...GOOD.registration, stationNumber: '15' } }),
    ],
    [
      'data.stationNumber',
      'ADDRESS_REGISTRY',
      body('registration', { data: { ...GOOD.registration, stationNumber: 0 } }),
    ],
  ];

  it.each(malformed)('names %s and nothing else when only it is wrong, never echoing the value', (field, source, b) => {
    const problems = problemsOf(source, b);
    expect(problems.map((p) => p.field)).toEqual([field]);
    const sent = [b.iin, b.effectiveOn, ...Object.values((b.data ?? {}) as object)].filter(
      (v) => typeof v === 'string' && v.length > 3,
    ) as string[];
    for (const value of sent) expect(problems[0]!.message).not.toContain(value);
  });

  it('refuses a body that is not an object, and lists every problem at once', () => {
    expect(problemsOf('COURTS', [1, 2]).map((p) => p.field)).toContain('(body)');
    expect(problemsOf('COURTS', null).map((p) => p.field)).toContain('(body)');
    expect(
      problemsOf('COURTS', {})
        .map((p) => p.field)
        .sort(),
    ).toEqual(['effectiveOn', 'iin', 'kind', 'sourceEventId']);
  });
});

describe('the feeds credentials in the configuration', () => {
  const base = {
    DATABASE_URL: 'postgresql://localhost/t',
    REDIS_URL: 'redis://localhost:6379',
    TIZIM_CODEC_KEYS: generateCodecKey('k1'),
    API_ADMIN_TOKEN: 'operator-token-0123456789abcdef',
    TIZIM_TOKEN_SECRET: 'token-secret-0123456789abcdef0123456789',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
      return [];
    } catch (err) {
      return (err as { problems?: string[] }).problems ?? [(err as Error).message];
    }
  };

  it('takes one token per source, each optional', () => {
    expect(loadConfig(base).feeds.tokens).toEqual({});
    expect(loadConfig({ ...base, TIZIM_FEED_TOKEN_COURTS: 'courts-token-0123456789abcdef' }).feeds.tokens).toEqual({
      COURTS: 'courts-token-0123456789abcdef',
    });
  });

  it('refuses a short token, a token shared by two sources, and one shared with another credential, without echoing them', () => {
    const shared = 'shared-feed-token-0123456789abcdef';
    const found = problems({
      TIZIM_FEED_TOKEN_CIVIL_REGISTRY: 'short',
      TIZIM_FEED_TOKEN_COURTS: shared,
      TIZIM_FEED_TOKEN_MIGRATION_SERVICE: shared,
      TIZIM_FEED_TOKEN_ADDRESS_REGISTRY: base.API_ADMIN_TOKEN,
    });
    expect(found).toEqual([
      'TIZIM_FEED_TOKEN_CIVIL_REGISTRY is too short; use at least 24 random characters',
      'TIZIM_FEED_TOKEN_MIGRATION_SERVICE must differ from TIZIM_FEED_TOKEN_COURTS',
      'TIZIM_FEED_TOKEN_ADDRESS_REGISTRY must differ from API_ADMIN_TOKEN',
    ]);
    expect(found.join(' ')).not.toContain(shared);
  });
});
