/**
 * The API's helpers for Updates, signals and row workflows (apps/api/src/core/workflow-messages.ts,
 * workflow-starts.ts) against a real Temporal dev server, each outcome provoked for real: a
 * validator and a handler that refuse, a workflow that has ended, an address where nothing
 * listens, a deadline that passes while an Update's handler waits, and a proxy that loses the
 * server's answers or cuts the connection after the request went through. Where the outcome is
 * "not known", the test also shows the change did arrive, so "nothing changed" would have been false.
 */
import { randomUUID } from 'node:crypto';
import type { HttpException } from '@nestjs/common';
import { Client, Connection, defaultGrpcRetryOptions } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import {
  deliveryAwareRetry,
  signalWorkflow,
  updateWorkflow,
  WorkflowEndedException,
  WorkflowOutcomeUnknownException,
  WorkflowRefusedException,
  WorkflowUnreachableException,
  type WorkflowTarget,
} from '../../apps/api/src/core/workflow-messages';
import {
  startRowWorkflow,
  WorkflowNotStartedException,
  type RowWorkflow,
} from '../../apps/api/src/core/workflow-starts';
import { closedAddress, FaultyProxy } from '../support/faulty-proxy';
import { eventually } from '../support/fixtures';
import { TEMPORAL_CLI } from '../support/test-env';
import {
  addValueUpdate,
  finishSignal,
  holdUpdate,
  messageProbeWorkflow,
  noteSignal,
  probeStateQuery,
  releaseSignal,
} from '../workflows/fixtures/message-probe.workflow';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let taskQueue: string;
/** The client as the API builds it: its connection retries with deliveryAwareRetry. */
let client: Client;
const opened: { close(): Promise<void> }[] = [];

/** A client of `address` with the API's retries, fewer attempts where a test waits them all out. */
async function clientOf(address: string, maxAttempts?: number): Promise<Client> {
  const retry = deliveryAwareRetry(maxAttempts ? defaultGrpcRetryOptions({ maxAttempts }) : undefined);
  const connection = Connection.lazy({ address, interceptors: [retry] });
  opened.push(connection);
  return new Client({ connection });
}

async function startProbe(): Promise<string> {
  const workflowId = `message-probe-${randomUUID()}`;
  await client.workflow.start(messageProbeWorkflow, { taskQueue, workflowId });
  return workflowId;
}

const state = (workflowId: string) => client.workflow.getHandle(workflowId).query(probeStateQuery);
const target = (workflowId: string, deadlineMs?: number): WorkflowTarget => ({
  workflowId,
  subject: 'probe 7',
  readAt: '/v1/probes/7',
  deadlineMs,
});

async function failure(p: Promise<unknown>): Promise<HttpException> {
  try {
    await p;
  } catch (err) {
    return err as HttpException;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: TEMPORAL_CLI } },
  });
  taskQueue = `messages-${randomUUID()}`;
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({
      logger: new DefaultLogger('WARN'),
      workflowsPath: require.resolve('../workflows/fixtures/message-probe.workflow'),
    }),
  });
  running = worker.run();
  client = await clientOf(env.address);
});

afterAll(async () => {
  for (const c of opened) await c.close().catch(() => undefined);
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('an Update', () => {
  it('returns the workflow’s result when it is accepted', async () => {
    const id = await startProbe();
    await expect(updateWorkflow(client, target(id), addValueUpdate, 5)).resolves.toEqual([5]);
  });

  it('refused by the validator is 409 with the workflow’s own words, and changes nothing', async () => {
    const id = await startProbe();
    const err = await failure(updateWorkflow(client, target(id), addValueUpdate, -1));
    expect(err).toBeInstanceOf(WorkflowRefusedException);
    expect(err.getStatus()).toBe(409);
    expect(err.message).toBe('A negative value (-1) is refused');
    expect((err as WorkflowRefusedException).failureType).toBe('PROBE_REFUSED');
    expect(err).toMatchObject({ code: 'workflow.refused', params: { workflowId: id, failureType: 'PROBE_REFUSED' } });
    expect((await state(id)).values).toEqual([]);
  });

  it('refused by the handler is 409 with the workflow’s own words', async () => {
    const id = await startProbe();
    const err = await failure(updateWorkflow(client, target(id), addValueUpdate, 13));
    expect(err).toBeInstanceOf(WorkflowRefusedException);
    expect(err.message).toBe('Thirteen is refused by the handler');
  });

  it('to a workflow that has ended is 409 saying so; to no workflow at all, 409 saying that', async () => {
    const id = await startProbe();
    await client.workflow.getHandle(id).signal(finishSignal);
    await client.workflow.getHandle(id).result();
    const ended = await failure(updateWorkflow(client, target(id), addValueUpdate, 1));
    expect(ended).toBeInstanceOf(WorkflowEndedException);
    expect(ended.getStatus()).toBe(409);
    expect(ended.message).toBe('The workflow of probe 7 has ended; it takes no more changes');
    expect(ended).toMatchObject({ code: 'workflow.ended', params: { workflowId: id, completed: true } });
    const none = await failure(updateWorkflow(client, target(`message-probe-${randomUUID()}`), addValueUpdate, 1));
    expect(none).toBeInstanceOf(WorkflowEndedException);
    expect(none.message).toBe('Probe 7 has no workflow running; it takes no changes');
    expect(none).toMatchObject({ code: 'workflow.ended', params: { completed: false } });
  });

  it('with Temporal unreachable is 503, nothing sent, and the workflow’s state is unchanged', async () => {
    const id = await startProbe();
    const nowhere = await clientOf(await closedAddress(), 3);
    const err = await failure(updateWorkflow(nowhere, target(id), addValueUpdate, 5));
    expect(err).toBeInstanceOf(WorkflowUnreachableException);
    expect(err.getStatus()).toBe(503);
    expect(err).toMatchObject({ code: 'workflow.not-sent', params: { workflowId: id }, retryAfterSeconds: 5 });
    expect(err.message).toMatch(
      /^The workflow service could not be reached; nothing was sent and nothing changed: try again \(UNAVAILABLE/,
    );
    expect((await state(id)).values).toEqual([]);
  });

  it('whose deadline passes after the workflow accepted it is 504, outcome unknown, never "nothing changed"', async () => {
    const id = await startProbe();
    const err = await failure(updateWorkflow(client, target(id, 1500), holdUpdate, 'first'));
    expect(err).toBeInstanceOf(WorkflowOutcomeUnknownException);
    expect(err.getStatus()).toBe(504);
    expect(err).toMatchObject({ code: 'workflow.outcome-unknown', params: { workflowId: id, readAt: '/v1/probes/7' } });
    expect(err.message).toMatch(
      /^The change to probe 7 was sent to its workflow, but its outcome is not known \(DEADLINE_EXCEEDED: [^)]+\): it may have been made\. /,
    );
    expect(err.message).toContain(
      `Read /v1/probes/7, or the history of workflow ${id} (GET /v1/workflows/${id}/history, or the Temporal console), before sending it again`,
    );
    // It was delivered, and the workflow goes on with it (its worker may take it up after the deadline).
    await eventually('the held Update taken up', async () => (await state(id)).held.length === 1);
    expect((await state(id)).held).toEqual(['first']);
    await client.workflow.getHandle(id).signal(releaseSignal);
  });

  it('whose connection is cut after it was sent is 504, even though the client’s retries then find no connection', async () => {
    const id = await startProbe();
    const proxy = await FaultyProxy.start(env.address);
    opened.push(proxy);
    const cutting = await clientOf(proxy.address, 3);
    await updateWorkflow(cutting, target(id), addValueUpdate, 1); // the connection is up
    proxy.mode = 'cut';
    const err = await failure(updateWorkflow(cutting, target(id), addValueUpdate, 2));
    expect(err).toBeInstanceOf(WorkflowOutcomeUnknownException);
    expect(err.getStatus()).toBe(504);
    // It did arrive (the server finishes what it received after the client's connection is gone).
    await eventually('the cut Update applied', async () => (await state(id)).values.length === 2);
    expect((await state(id)).values).toEqual([1, 2]);
  });
});

describe('a signal', () => {
  it('is delivered', async () => {
    const id = await startProbe();
    await signalWorkflow(client, target(id), noteSignal, 'hello');
    expect((await state(id)).notes).toEqual(['hello']);
  });

  it('to a workflow that has ended, or to none, is 409', async () => {
    const id = await startProbe();
    await client.workflow.getHandle(id).signal(finishSignal);
    await client.workflow.getHandle(id).result();
    const ended = await failure(signalWorkflow(client, target(id), noteSignal, 'late'));
    expect(ended).toBeInstanceOf(WorkflowEndedException);
    expect(ended.message).toBe('The workflow of probe 7 has ended; it takes no more changes');
    const none = await failure(signalWorkflow(client, target(`message-probe-${randomUUID()}`), noteSignal, 'x'));
    expect(none).toBeInstanceOf(WorkflowEndedException);
  });

  it('with Temporal unreachable is 503 within the API’s deadline, the client’s retries waited out', async () => {
    const id = await startProbe();
    const nowhere = await clientOf(await closedAddress()); // the API's own retries: about 20 s of them
    const err = await failure(signalWorkflow(nowhere, target(id), noteSignal, 'lost'));
    expect(err).toBeInstanceOf(WorkflowUnreachableException);
    expect(err.getStatus()).toBe(503);
    expect((await state(id)).notes).toEqual([]);
  }, 60_000);

  it('whose answer is lost is 504, and the signal did arrive', async () => {
    const id = await startProbe();
    const proxy = await FaultyProxy.start(env.address);
    opened.push(proxy);
    const losing = await clientOf(proxy.address, 3);
    await signalWorkflow(losing, target(id), noteSignal, 'before');
    proxy.mode = 'swallow';
    const err = await failure(signalWorkflow(losing, target(id, 1500), noteSignal, 'unanswered'));
    expect(err).toBeInstanceOf(WorkflowOutcomeUnknownException);
    expect(err.getStatus()).toBe(504);
    expect((await state(id)).notes).toEqual(['before', 'unanswered']);
  });

  it('whose connection is cut after it was sent is 504, and the signal did arrive', async () => {
    const id = await startProbe();
    const proxy = await FaultyProxy.start(env.address);
    opened.push(proxy);
    const cutting = await clientOf(proxy.address, 3);
    await signalWorkflow(cutting, target(id), noteSignal, 'before');
    proxy.mode = 'cut';
    const err = await failure(signalWorkflow(cutting, target(id), noteSignal, 'cut'));
    expect(err).toBeInstanceOf(WorkflowOutcomeUnknownException);
    await eventually('the cut signal delivered', async () => (await state(id)).notes.length === 2);
    expect((await state(id)).notes).toEqual(['before', 'cut']);
  });
});

describe('the workflow of a new row', () => {
  const row = (id: string): RowWorkflow => ({
    subject: `probe ${id}`,
    readAt: `/v1/probes/${id}`,
    again: 'send the same request again: it starts this probe’s workflow',
  });
  const executions = async (workflowId: string) => {
    const runs = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w.runId);
    return runs;
  };

  it('started twice is one workflow: the second start is a no-op', async () => {
    const rowId = randomUUID();
    const workflowId = `message-probe-${rowId}`;
    const options = { taskQueue, workflowId };
    expect(await startRowWorkflow(client, messageProbeWorkflow, options, row(rowId))).toEqual({
      workflowId,
      started: true,
    });
    expect(await startRowWorkflow(client, messageProbeWorkflow, options, row(rowId))).toEqual({
      workflowId,
      started: false,
    });
    // Visibility is eventually consistent: wait until the run is listed, then there is one.
    for (let i = 0; i < 50 && (await executions(workflowId)).length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await executions(workflowId)).toHaveLength(1);
  });

  it('is not run again once it has ended', async () => {
    const rowId = randomUUID();
    const workflowId = `message-probe-${rowId}`;
    await startRowWorkflow(client, messageProbeWorkflow, { taskQueue, workflowId }, row(rowId));
    await client.workflow.getHandle(workflowId).signal(finishSignal);
    const first = await client.workflow.getHandle(workflowId).describe();
    await client.workflow.getHandle(workflowId).result();
    expect(await startRowWorkflow(client, messageProbeWorkflow, { taskQueue, workflowId }, row(rowId))).toEqual({
      workflowId,
      started: false,
    });
    expect((await client.workflow.getHandle(workflowId).describe()).runId).toBe(first.runId);
  });

  it('with Temporal unreachable is 503 "saved, not yet started", and the same start again starts it', async () => {
    const rowId = randomUUID();
    const workflowId = `message-probe-${rowId}`;
    const nowhere = await clientOf(await closedAddress(), 3);
    const err = await failure(startRowWorkflow(nowhere, messageProbeWorkflow, { taskQueue, workflowId }, row(rowId)));
    expect(err).toBeInstanceOf(WorkflowNotStartedException);
    expect(err.getStatus()).toBe(503);
    expect(err).toMatchObject({ code: 'workflow.not-started', params: { workflowId, readAt: `/v1/probes/${rowId}` } });
    expect(err.message).toBe(
      `Probe ${rowId} is saved, but its workflow is not started yet: the workflow service could not be reached. ` +
        'Send the same request again: it starts this probe’s workflow',
    );
    await expect(client.workflow.getHandle(workflowId).describe()).rejects.toThrow(/not found/);
    expect(await startRowWorkflow(client, messageProbeWorkflow, { taskQueue, workflowId }, row(rowId))).toEqual({
      workflowId,
      started: true,
    });
  });

  it('whose answer is lost is 504 "may have started", it has, and starting again does not start a second', async () => {
    const rowId = randomUUID();
    const workflowId = `message-probe-${rowId}`;
    const proxy = await FaultyProxy.start(env.address);
    opened.push(proxy);
    const losing = await clientOf(proxy.address, 3);
    await signalWorkflow(losing, target(await startProbe()), noteSignal, 'the connection is up');
    proxy.mode = 'swallow';
    const err = await failure(
      startRowWorkflow(losing, messageProbeWorkflow, { taskQueue, workflowId }, { ...row(rowId), deadlineMs: 1500 }),
    );
    expect(err).toBeInstanceOf(WorkflowOutcomeUnknownException);
    expect(err.getStatus()).toBe(504);
    expect(err).toMatchObject({ code: 'workflow.may-have-started', params: { workflowId } });
    expect(err.message).toBe(
      `Probe ${rowId} is saved, and its workflow may have started: the workflow service did not answer in time. ` +
        `Read /v1/probes/${rowId}, or the history of workflow ${workflowId} (GET /v1/workflows/${workflowId}/history, ` +
        'or the Temporal console), before sending the request again',
    );
    const started = await client.workflow.getHandle(workflowId).describe();
    expect(started.status.name).toBe('RUNNING');
    expect(await startRowWorkflow(client, messageProbeWorkflow, { taskQueue, workflowId }, row(rowId))).toEqual({
      workflowId,
      started: false,
    });
    expect((await client.workflow.getHandle(workflowId).describe()).runId).toBe(started.runId);
  });
});
