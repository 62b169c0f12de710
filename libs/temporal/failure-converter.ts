/**
 * Loaded by path (DataConverter.failureConverterPath) on the client, the worker and inside the
 * workflow bundle. Failure messages and stack traces move into an encoded attribute, so the
 * payload codec seals them too: an error can quote the data it failed on.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
