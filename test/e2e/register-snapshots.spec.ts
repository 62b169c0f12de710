/**
 * The register snapshots over HTTP (issue 20), on a database of the suite's own (a snapshot made
 * current changes the one global register): an administrator uploads the shipped sample extract,
 * the worker imports it, progress is polled until the snapshot is CURRENT, its held-back rows'
 * problems are read by page; the same file again answers with the same snapshot; a non-admin is
 * refused; every call is audited without personal data.
 */
import { Client } from 'pg';
import { eventually, OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';
import { registerExtractSample, SAMPLE_EXTRACT_AS_OF } from '../../libs/synthetic/register-extract';

const { stack, databaseUrl: url } = useLocalStackOnOwnDatabase('register_e2e');

const sample = registerExtractSample();

async function upload(content: Buffer, asOf: string, token = OPERATOR_HEADERS.Authorization) {
  const form = new FormData();
  form.set('asOf', asOf);
  form.set('file', new Blob([new Uint8Array(content)]), 'register-extract-sample.csv');
  const res = await fetch(`${stack.base}/v1/register/snapshots`, {
    method: 'POST',
    headers: { Authorization: token },
    body: form,
  });
  return { status: res.status, location: res.headers.get('location'), body: (await res.json()) as ApiAnswer['body'] };
}

describe('register snapshots API', () => {
  let id: string;

  it('takes the extract, answers 202 with the snapshot, and the worker makes it current', async () => {
    const sent = await upload(sample.content, SAMPLE_EXTRACT_AS_OF);
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({
      version: 1,
      asOf: SAMPLE_EXTRACT_AS_OF,
      fileName: 'register-extract-sample.csv',
      format: 'tizim-register-extract/1',
      alreadyImported: false,
    });
    id = sent.body.id;
    expect(sent.location).toBe(`/v1/register/snapshots/${id}`);
    const seen: string[] = [];
    const done = await eventually(
      `snapshot ${id} current`,
      async () => {
        const r = await stack.call('GET', `/v1/register/snapshots/${id}`);
        seen.push(r.body.status);
        return r.body.status === 'IMPORTING' ? null : r.body;
      },
      60_000,
    );
    expect(done).toMatchObject({
      status: 'CURRENT',
      current: true,
      rowsRead: sample.rows,
      rowsAccepted: sample.rows - 3,
      rowsHeldBack: 3,
      bytesRead: sample.content.length,
      sizeBytes: sample.content.length,
      percent: 100,
    });
    expect(done.report.heldBack.rows).toBe(3);

    const list = await stack.call('GET', '/v1/register/snapshots');
    expect(
      list.body.map((s: { version: number; status: string; current: boolean }) => [s.version, s.status, s.current]),
    ).toEqual([
      [1, 'CURRENT', true],
      [0, 'SUPERSEDED', false],
    ]);
  });

  it('reads the held-back rows by row, field and rule, a page at a time', async () => {
    const page = await stack.call('GET', `/v1/register/snapshots/${id}/problems?page=1`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, total: 3, pages: 1 });
    expect(page.body.problems).toEqual(
      sample.heldBack.map((p) => ({ ...p, firstRow: p.rule === 'repeated' ? 1 : null })),
    );
    expect((await stack.call('GET', `/v1/register/snapshots/${id}/problems?page=0`)).status).toBe(400);
  });

  it('answers the same file with the same as-of date with that snapshot', async () => {
    const again = await upload(sample.content, SAMPLE_EXTRACT_AS_OF);
    expect(again).toMatchObject({ status: 200, body: { id, alreadyImported: true, status: 'CURRENT' } });
  });

  it('refuses a non-admin (403) and a bad as-of date (400)', async () => {
    const created = await stack.call('POST', '/v1/users', {
      username: 'coordinator.register',
      fullName: 'Координатор',
      password: 'coordinator password 1',
      role: 'CEC_COORDINATOR',
    });
    expect(created.status).toBe(201);
    const signed = await stack.call(
      'POST',
      '/v1/auth/sign-in',
      { username: 'coordinator.register', password: 'coordinator password 1' },
      { 'Content-Type': 'application/json' },
    );
    const token = `Bearer ${signed.body.accessToken}`;
    expect((await upload(sample.content, SAMPLE_EXTRACT_AS_OF, token)).status).toBe(403);
    expect((await stack.call('GET', '/v1/register/snapshots', undefined, { Authorization: token })).status).toBe(403);
    expect(
      (await stack.call('GET', `/v1/register/snapshots/${id}/problems`, undefined, { Authorization: token })).status,
    ).toBe(403);
    expect((await upload(sample.content, '01.01.2027')).status).toBe(400);
  });

  it("shows an administrator one person's record with a reason, audited under a keyed hash of the IIN, and nobody else", async () => {
    const iin = sample.content.toString('utf8').split('\r\n')[1].split(';')[0];
    const read = await stack.call('POST', '/v1/register/people/lookup', { iin, reason: 'appeal No. 14' });
    expect(read).toMatchObject({
      status: 200,
      body: {
        register: { snapshotId: id, version: 1, asOf: SAMPLE_EXTRACT_AS_OF },
        person: { iin, regionCode: expect.any(String) },
      },
    });
    expect(read.body.person.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await stack.call('POST', '/v1/register/people/lookup', { iin })).status).toBe(400);
    expect(
      (await stack.call('POST', '/v1/register/people/lookup', { iin: '000000000000', reason: 'appeal No. 14' })).status,
    ).toBe(404);
    const signed = await stack.call(
      'POST',
      '/v1/auth/sign-in',
      { username: 'coordinator.register', password: 'coordinator password 1' },
      { 'Content-Type': 'application/json' },
    );
    expect(
      (
        await stack.call(
          'POST',
          '/v1/register/people/lookup',
          { iin, reason: 'curious' },
          { Authorization: `Bearer ${signed.body.accessToken}`, 'Content-Type': 'application/json' },
        )
      ).status,
    ).toBe(403);

    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ subject_id: string; reason: string; outcome: string }>(
        "SELECT subject_id, reason, outcome FROM audit_event WHERE action = 'register.person.read' ORDER BY id",
      );
      expect(rows.map((r) => [r.reason, r.outcome])).toEqual([
        ['appeal No. 14', 'ok'],
        ['appeal No. 14', 'not-found'],
      ]);
      expect(rows[0].subject_id).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(rows)).not.toContain(iin);
    } finally {
      await client.end();
    }
  });

  it('audits every call, naming the snapshot and no personal data', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ action: string; subject_id: string }>(
        "SELECT action, subject_id FROM audit_event WHERE action LIKE 'register-snapshot.%' ORDER BY at",
      );
      expect(rows.map((r) => r.action)).toEqual(
        expect.arrayContaining([
          'register-snapshot.upload',
          'register-snapshot.read',
          'register-snapshot.list',
          'register-snapshot.problems.read',
          'register-snapshot.upload-again',
        ]),
      );
      const text = JSON.stringify(rows);
      for (const v of [sample.content.toString('utf8').split('\r\n')[1].split(';')[0]]) expect(text).not.toContain(v);
    } finally {
      await client.end();
    }
  });
});
