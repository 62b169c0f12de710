/**
 * The audit trail over HTTP: filtered by actor, action (exact or a prefix), subject, outcome and
 * time, newest first, paged by the id cursor; exported as CSV (quoted, formula cells defused), the
 * export audited itself. The events are written under an actor of this run only: suites share the
 * database.
 */
import { randomUUID } from 'node:crypto';
import { OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const stack = useLocalStack();
const { call } = stack;
const actor = `audit-e2e-${randomUUID()}`;
const subjectId = randomUUID();

describe('the audit trail for admins', () => {
  let ids: string[]; // newest first

  beforeAll(async () => {
    const base = Date.parse('2030-03-10T04:00:00Z');
    const events = [
      { action: 'cycle.start', subjectType: 'cycle', subjectId: '2030-07', outcome: 'ok' },
      {
        action: 'cycle-task.complete',
        subjectType: 'cycle-task',
        subjectId,
        outcome: 'refused',
        reason: 'wrong "act", see =SUM(A1)',
      },
      {
        action: 'cycle-task.complete',
        subjectType: 'cycle-task',
        subjectId,
        outcome: 'ok',
        reason: 'act No. 17, signed',
      },
      {
        action: 'file.read',
        subjectType: 'received-file',
        subjectId: randomUUID(),
        outcome: 'ok',
        reason: '=HYPERLINK("http://x")',
      },
      { action: 'file.read', subjectType: 'received-file', subjectId: randomUUID(), outcome: 'not-found' },
      {
        action: 'access.out-of-territory',
        subjectType: 'workflow',
        subjectId: 'cycle-2030-07-district-7101',
        outcome: 'refused',
      },
      { action: 'cycle.start-repeated', subjectType: 'cycle', subjectId: '2030-07', outcome: 'ok' },
    ];
    const rows = [];
    for (const [i, e] of events.entries()) {
      rows.push(
        await stack.prisma.auditEvent.create({
          data: { ...e, actor, at: new Date(base + i * 3_600_000), requestId: `req-${i}-${subjectId}` },
        }),
      );
    }
    ids = rows.map((r) => r.id.toString()).reverse();
  });

  it("lists an actor's events newest first, page by page with the cursor", async () => {
    const all = await call('GET', `/v1/audit?actor=${actor}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual(ids);
    expect(all.body.items[0]).toMatchObject({
      actor,
      action: 'cycle.start-repeated',
      subjectType: 'cycle',
      subjectId: '2030-07',
      outcome: 'ok',
      at: '2030-03-10T10:00:00.000Z',
    });
    expect(all.body.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        'GET',
        `/v1/audit?actor=${actor}&limit=3${cursor ? `&after=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  it('filters by action (exact or prefix*), subject, outcome and time', async () => {
    const actions = async (query: string) =>
      (await call('GET', `/v1/audit?actor=${actor}&${query}`)).body.items.map((e: { action: string }) => e.action);
    expect(await actions('action=cycle.start')).toEqual(['cycle.start']);
    expect(await actions('action=cycle*')).toEqual([
      'cycle.start-repeated',
      'cycle-task.complete',
      'cycle-task.complete',
      'cycle.start',
    ]);
    expect(await actions(`subjectType=cycle-task&subjectId=${subjectId}&outcome=refused`)).toEqual([
      'cycle-task.complete',
    ]);
    expect(await actions('outcome=not-found')).toEqual(['file.read']);
    // The events are an hour apart from 09:00 Almaty (04:00 UTC): from 10:00 inclusive to 12:00 exclusive, two.
    expect(
      await actions(
        `from=${encodeURIComponent('2030-03-10T10:00:00+05:00')}&to=${encodeURIComponent('2030-03-10T12:00:00+05:00')}`,
      ),
    ).toEqual(['cycle-task.complete', 'cycle-task.complete']);
    expect(await actions(`from=2030-03-10T09:00:00Z`)).toEqual(['cycle.start-repeated', 'access.out-of-territory']);
  });

  it('refuses a bad query naming each field', async () => {
    const bad = await call('GET', '/v1/audit?outcome=maybe&from=2030-03-10&after=abc&limit=0&action=a;b');
    expect(bad.status).toBe(400);
    expect(bad.type).toMatch(/^application\/problem\+json/);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'action',
      'after',
      'from',
      'limit',
      'outcome',
    ]);
    const backwards = await call('GET', '/v1/audit?from=2030-03-11T00:00:00Z&to=2030-03-10T00:00:00Z');
    expect(backwards).toMatchObject({ status: 400, body: { code: 'audit.range', detail: 'from must come before to' } });
  });

  it('exports the selection as CSV, quoted and defused, and audits the export', async () => {
    const requestId = `audit-export-${randomUUID()}`;
    const res = await fetch(`${stack.base}/v1/audit/export.csv?actor=${actor}&action=cycle*`, {
      headers: { ...OPERATOR_HEADERS, 'X-Request-Id': requestId },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit.csv"');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,subjectType,subjectId,outcome,requestId,reason');
    expect(lines.slice(1, -1)).toHaveLength(4);
    expect(lines[lines.length - 1]).toBe('');
    expect(lines[1]).toBe(
      `${ids[0]},2030-03-10T10:00:00.000Z,${actor},cycle.start-repeated,cycle,2030-07,ok,req-6-${subjectId},`,
    );
    expect(lines).toContain(
      `${ids[5]},2030-03-10T05:00:00.000Z,${actor},cycle-task.complete,cycle-task,${subjectId},refused,req-1-${subjectId},"wrong ""act"", see =SUM(A1)"`,
    );
    expect(lines).toContain(
      `${ids[6]},2030-03-10T04:00:00.000Z,${actor},cycle.start,cycle,2030-07,ok,req-0-${subjectId},`,
    );

    // A cell a spreadsheet would run as a formula is exported as text.
    const all = (
      await (
        await fetch(`${stack.base}/v1/audit/export.csv?actor=${actor}&action=file.read&outcome=ok`, {
          headers: OPERATOR_HEADERS,
        })
      ).text()
    ).split('\r\n');
    expect(all[1]).toMatch(/,"'=HYPERLINK\(""http:\/\/x""\)"$/);

    const audited = await call('GET', '/v1/audit?actor=operator&action=audit.export&limit=10');
    expect(audited.body.items.find((e: { requestId: string }) => e.requestId === requestId)).toMatchObject({
      subjectType: 'audit-log',
      subjectId: 'csv',
      reason: `actor=${actor}&action=cycle*`,
    });
  });
});

describe("the audit CSV and a spreadsheet's formulas", () => {
  // Every start a spreadsheet reads as a formula, hidden behind whitespace or in full-width forms
  // (issue 23: a leading space, a leading newline and ＝ went through as formulas).
  const REASONS = [
    '=1+1',
    ' =1+1',
    '\n=1+1',
    '\r\n=1+1',
    '\t=1+1',
    '\u00a0\u3000=1+1',
    '＝1+1',
    '  ＋1+1',
    '－1+1',
    '＠SUM(A1)',
    '+1',
    '-1',
    '@SUM(A1)',
    '\tplain text after a tab',
    '\rplain text after a carriage return',
  ];
  const formulaActor = `audit-formula-${randomUUID()}`;

  beforeAll(async () => {
    for (const [i, reason] of REASONS.entries())
      await stack.prisma.auditEvent.create({
        data: {
          actor: formulaActor,
          action: 'export.probe',
          subjectType: 'probe',
          subjectId: String(i),
          outcome: 'ok',
          reason,
          at: new Date(Date.parse('2030-04-01T00:00:00Z') + i * 1000),
        },
      });
    await stack.prisma.auditEvent.create({
      data: {
        actor: formulaActor,
        action: 'export.probe',
        subjectType: 'probe',
        subjectId: 'plain',
        outcome: 'ok',
        reason: 'a=b, c-d and e@f are text',
        at: new Date(Date.parse('2030-04-02T00:00:00Z')),
      },
    });
  });

  /** The reason cell of each exported row, unquoted as a spreadsheet reads it, by subject id. */
  async function exportedReasons(): Promise<Map<string, string>> {
    const res = await fetch(`${stack.base}/v1/audit/export.csv?actor=${formulaActor}`, { headers: OPERATOR_HEADERS });
    expect(res.status).toBe(200);
    const text = await res.text();
    const cells = new Map<string, string>();
    // RFC 4180 read cell by cell: quoted cells may hold commas, quotes and line ends.
    const rows: string[][] = [[]];
    let i = 0;
    while (i < text.length) {
      let cell = '';
      if (text[i] === '"') {
        i += 1;
        for (;;) {
          if (text[i] === '"' && text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else if (text[i] === '"') {
            i += 1;
            break;
          } else cell += text[i++];
        }
      } else while (i < text.length && text[i] !== ',' && text[i] !== '\r') cell += text[i++];
      rows.at(-1)!.push(cell);
      if (text[i] === ',') i += 1;
      else if (text[i] === '\r') {
        i += 2;
        rows.push([]);
      }
    }
    for (const row of rows.slice(1)) if (row.length === 9) cells.set(row[5]!, row[8]!);
    return cells;
  }

  it('prefixes every cell a spreadsheet would run with an apostrophe, and leaves text be', async () => {
    const cells = await exportedReasons();
    for (const [i, reason] of REASONS.entries()) expect([i, cells.get(String(i))]).toEqual([i, `'${reason}`]);
    expect(cells.get('plain')).toBe('a=b, c-d and e@f are text');
  });
});
