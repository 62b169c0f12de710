/**
 * Starting the workflow of a row the API has just written (an application, a check), idempotent
 * by workflow id. The row is written first and names its workflow (the id derives from the row's
 * id), so the row is the record of the request: a start that fails never deletes it.
 *
 * - Started: `{ started: true }`.
 * - A workflow with this id exists already (running, or closed under the REJECT_DUPLICATE reuse
 *   policy): `{ started: false }`. Starting the same row's workflow again is a no-op, so a caller
 *   that finds its row on a repeated request can always call this again.
 * - Temporal could not be reached and nothing was sent (provablyNotSent): 503, the row is saved
 *   and its workflow not started; the same request again starts it (where the caller finds its row).
 * - Anything else after the request may have left (a deadline, a cut connection): 504, the row is
 *   saved and its workflow may have started; where to look.
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import {
  capitalised,
  isTemporalCallFailure,
  provablyNotSent,
  withDeadline,
  WorkflowOutcomeUnknownException,
  WorkflowUnreachableException,
} from './workflow-messages';

export interface RowWorkflow {
  /** The row, in the API's words: `registration check 5f0c…`, `application No. 3 at precinct No. 12`. */
  subject: string;
  /** The API's path that shows the row's state. */
  readAt: string;
  /** What the caller does to start it after a 503, e.g. "send the same request again: it starts this application's workflow". */
  again: string;
  /** How long to wait for Temporal (default WORKFLOW_MESSAGE_DEADLINE_MS). */
  deadlineMs?: number;
  /** The answers in the caller's own words (a citizen's are in Russian and Kazakh), instead of the ones made from `subject`. */
  words?: { notStarted: string; mayHaveStarted: string };
}

/** 503 for a row whose workflow could not be started; the row stays. */
export class WorkflowNotStartedException extends WorkflowUnreachableException {}

export async function startRowWorkflow<W extends Workflow>(
  client: Client,
  workflow: string | W,
  options: WorkflowStartOptions<W>,
  row: RowWorkflow,
): Promise<{ workflowId: string; started: boolean }> {
  try {
    await withDeadline(client, row, () =>
      client.workflow.start(workflow, {
        // A closed workflow of the row is not run again: the row's outcome is its history.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        ...options,
        // A running one is not replaced nor joined: the start fails with "already started", a no-op here.
        workflowIdConflictPolicy: 'FAIL',
      }),
    );
    return { workflowId: options.workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId: options.workflowId, started: false };
    if (provablyNotSent(err))
      throw new WorkflowNotStartedException(
        'workflow.not-started',
        { workflowId: options.workflowId, readAt: row.readAt },
        row.words?.notStarted ??
          `${capitalised(row.subject)} is saved, but its workflow is not started yet: the workflow service could not be reached. ` +
            `${capitalised(row.again)}`,
      );
    if (isTemporalCallFailure(err))
      throw new WorkflowOutcomeUnknownException(
        'workflow.may-have-started',
        { workflowId: options.workflowId, readAt: row.readAt },
        row.words?.mayHaveStarted ??
          `${capitalised(row.subject)} is saved, and its workflow may have started: the workflow service did not answer in time. ` +
            `Read ${row.readAt}, or the history of workflow ${options.workflowId} (GET /v1/workflows/${options.workflowId}/history, ` +
            `or the Temporal console), before sending the request again`,
      );
    throw err;
  }
}
