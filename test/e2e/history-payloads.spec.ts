/**
 * The history timeline's decoding (apps/api/src/workflows/history-payloads.ts) on a real history
 * sealed as the project seals it: the AES-GCM codec and the failure converter that moves failure
 * messages into the sealed part. An Update refused by its handler leaves a failure in the history;
 * its words, the Update's argument and result, and the events' times are read back through the
 * data converter's public API.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { decodeFailure, decodePayloads, timestampMs } from '../../apps/api/src/workflows/history-payloads';
import { ENCRYPTED_ENCODING, FAILURE_CONVERTER_PATH, tizimDataConverter } from '../../libs/temporal/codec';
import { TEMPORAL_CLI, testConfig } from '../support/test-env';
import { addValueUpdate, finishSignal, messageProbeWorkflow } from '../workflows/fixtures/message-probe.workflow';

const EventType = temporal.api.enums.v1.EventType;

it('opens sealed payloads and failures and reads event times, through the public data converter', async () => {
  const { codec } = testConfig();
  const dataConverter = tizimDataConverter(codec.keys, codec.activeKeyId);
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: TEMPORAL_CLI } },
    client: { dataConverter },
  });
  try {
    const taskQueue = `history-payloads-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      dataConverter,
      workflowBundle: await bundleWorkflowCode({
        logger: new DefaultLogger('WARN'),
        workflowsPath: require.resolve('../workflows/fixtures/message-probe.workflow'),
        failureConverterPath: FAILURE_CONVERTER_PATH,
      }),
    });
    const before = Date.now();
    const history = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(messageProbeWorkflow, {
        taskQueue,
        workflowId: `history-payloads-${randomUUID()}`,
      });
      await handle.executeUpdate(addValueUpdate, { args: [5] });
      await expect(handle.executeUpdate(addValueUpdate, { args: [13] })).rejects.toThrow();
      await handle.signal(finishSignal);
      await handle.result();
      return handle.fetchHistory();
    });
    const after = Date.now();
    const converter = env.client.options.loadedDataConverter;
    const events = history.events ?? [];

    const accepted = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    // Sealed in the history: the raw payload is the codec's, not JSON.
    const encoding =
      accepted[0].workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0].metadata
        ?.encoding;
    expect(Buffer.from(encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    const args = await Promise.all(
      accepted.map((e) =>
        decodePayloads(converter, e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args),
      ),
    );
    expect(args).toEqual([[5], [13]]);

    const completed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    const [done, refused] = completed.map((e) => e.workflowExecutionUpdateCompletedEventAttributes!.outcome!);
    expect(await decodePayloads(converter, done.success)).toEqual([[5]]);
    // The failure's message is in its sealed attributes, not in the history's clear text.
    expect(refused.failure?.message).not.toContain('Thirteen');
    const error = await decodeFailure(converter, refused.failure!);
    expect(error.message).toBe('Thirteen is refused by the handler');
    expect((error as { type?: string }).type).toBe('PROBE_REFUSED');

    for (const e of events) {
      const ms = timestampMs(e.eventTime)!;
      expect(ms).toBeGreaterThanOrEqual(before - 1000);
      expect(ms).toBeLessThanOrEqual(after + 1000);
    }
    expect(timestampMs({ seconds: 1_700_000_000, nanos: 987_654_321 })).toBe(1_700_000_000_987);
    expect(timestampMs(null)).toBeUndefined();
  } finally {
    await env.teardown();
  }
});
