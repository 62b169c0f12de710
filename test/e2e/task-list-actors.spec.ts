/**
 * The task list names the official of a send-back by the account that made it. A send-back made
 * by the operator's token (an admin acting for a commission), whose actor id is `operator` and not
 * an account's UUID, made the whole list answer 500 for everyone who could see that district: the
 * names were looked up with that id in the accounts' UUID column, which PostgreSQL refuses (the files
 * list likewise for a file the operator uploaded). CI met it on the shared database, where suites
 * complete tasks as test actors (`commission-7101`).
 */
import { randomUUID } from 'node:crypto';
import { OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const { stack } = useLocalStackOnOwnDatabase('task_list_actors');
const period = '2031-01';
const workflowId = `district-cycle-${period}-7101-${randomUUID().slice(0, 8)}`;

it('lists a corrections task whose send-back the operator made, with no official named for it', async () => {
  const now = new Date();
  const task = (
    kind: 'REVIEW_DISCREPANCIES' | 'SUBMIT_CORRECTIONS',
    role: 'DISTRICT_COMMISSION' | 'AKIMAT_REGISTRAR',
  ) => ({
    id: randomUUID(),
    workflowId,
    period,
    regionCode: '71',
    districtId: '7101',
    kind,
    round: 1,
    assigneeRole: role,
    dueAt: new Date(now.getTime() + 86_400_000),
    createdAt: now,
  });
  await stack.prisma.cycleTask.create({
    data: {
      ...task('REVIEW_DISCREPANCIES', 'DISTRICT_COMMISSION'),
      status: 'COMPLETED',
      completedBy: 'operator',
      completedAt: now,
      outcome: { kind: 'REVIEW_DISCREPANCIES', decision: 'send-back', comment: 'Проверьте адреса' },
    },
  });
  const corrections = task('SUBMIT_CORRECTIONS', 'AKIMAT_REGISTRAR');
  await stack.prisma.cycleTask.create({ data: corrections });

  const res = await stack.call('GET', `/v1/tasks?period=${period}&districtId=7101`, undefined, OPERATOR_HEADERS);
  expect(res.status).toBe(200);
  const listed = (res.body.items as { id: string; sentBack?: unknown }[]).find((t) => t.id === corrections.id);
  expect(listed?.sentBack).toMatchObject({ by: null, comment: 'Проверьте адреса' });
});

it('lists a file the operator’s token uploaded, with no official named as its uploader', async () => {
  const form = new FormData();
  for (const [k, v] of Object.entries({ period, districtId: '7101', kind: 'stations' })) form.set(k, v);
  form.set('file', new Blob([new Uint8Array(Buffer.from('not,a,station,file\n'))]), 'uchastki.csv');
  const sent = await fetch(`${stack.base}/v1/files`, {
    method: 'POST',
    headers: { Authorization: OPERATOR_HEADERS.Authorization },
    body: form,
  });
  expect(sent.status).toBe(202);
  const id = ((await sent.json()) as { id: string }).id;
  const res = await stack.call('GET', `/v1/files?period=${period}&districtId=7101`, undefined, OPERATOR_HEADERS);
  expect(res.status).toBe(200);
  expect((res.body.items as { id: string; uploader: unknown }[]).find((f) => f.id === id)).toMatchObject({
    uploader: null,
  });
});
