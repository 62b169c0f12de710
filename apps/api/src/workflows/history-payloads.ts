/**
 * What a workflow history holds, opened through the public API of the data converter: its codecs
 * (the project's AES-GCM seal), payload converter and failure converter. The history timeline reads
 * payloads, failures and times with these, not with the SDK's internal helpers.
 */
import type { LoadedDataConverter, Payload, ProtoFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

/** Codecs decode in the reverse of the order they encode (DataConverter.payloadCodecs). */
async function openPayloads(converter: LoadedDataConverter, payloads: Payload[]): Promise<Payload[]> {
  let opened = payloads;
  for (const codec of [...converter.payloadCodecs].reverse()) opened = await codec.decode(opened);
  return opened;
}

/** The values of a history's payloads (an input, a result, an Update's arguments). */
export async function decodePayloads(
  converter: LoadedDataConverter,
  payloads: temporal.api.common.v1.IPayloads | null | undefined,
): Promise<unknown[]> {
  const opened = await openPayloads(converter, (payloads?.payloads ?? []) as Payload[]);
  return opened.map((p) => converter.payloadConverter.fromPayload(p));
}

/**
 * A history's failure as the error it stands for, its message and stack opened from the sealed
 * attributes (the failure converter's encodeCommonAttributes), along its chain of causes. Its
 * details are left out: nothing here reads them, and a sealed detail would fail the conversion.
 */
export async function decodeFailure(converter: LoadedDataConverter, failure: ProtoFailure): Promise<Error> {
  return converter.failureConverter.failureToError(await openFailure(converter, failure), converter.payloadConverter);
}

async function openFailure(converter: LoadedDataConverter, failure: ProtoFailure): Promise<ProtoFailure> {
  return {
    ...failure,
    encodedAttributes: failure.encodedAttributes
      ? (await openPayloads(converter, [failure.encodedAttributes as Payload]))[0]
      : undefined,
    cause: failure.cause ? await openFailure(converter, failure.cause) : undefined,
    applicationFailureInfo: failure.applicationFailureInfo
      ? { ...failure.applicationFailureInfo, details: undefined }
      : undefined,
    timeoutFailureInfo: failure.timeoutFailureInfo
      ? { ...failure.timeoutFailureInfo, lastHeartbeatDetails: undefined }
      : undefined,
    canceledFailureInfo: failure.canceledFailureInfo
      ? { ...failure.canceledFailureInfo, details: undefined }
      : undefined,
    resetWorkflowFailureInfo: failure.resetWorkflowFailureInfo
      ? { ...failure.resetWorkflowFailureInfo, lastHeartbeatDetails: undefined }
      : undefined,
  };
}

/** A protobuf Timestamp in milliseconds since the epoch (its seconds may be a Long). */
export function timestampMs(ts: TimestampLike | null | undefined): number | undefined {
  if (!ts) return undefined;
  const seconds = ts.seconds == null ? 0 : typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1_000_000);
}

interface TimestampLike {
  seconds?: number | { toNumber(): number } | null;
  nanos?: number | null;
}
