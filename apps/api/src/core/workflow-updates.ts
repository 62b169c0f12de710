/**
 * An official's change to a running workflow, sent as a Temporal Update, with its failures in the
 * API's terms: refused by the workflow (its validator or handler) is 409 with the workflow's own
 * reason; a workflow that has ended is 409; Temporal unreachable is 503, and nothing changed.
 */
import { ConflictException, ServiceUnavailableException } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';

export async function updateWorkflow<R, A>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<R, [A]>,
  arg: A,
): Promise<R> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause) throw new ConflictException(err.cause.message);
    if (err instanceof WorkflowNotFoundError)
      throw new ConflictException('The workflow of this application is no longer running; it cannot be changed');
    throw new ServiceUnavailableException(
      `The workflow service did not take the change; nothing changed, try again (${(err as Error).name})`,
    );
  }
}
