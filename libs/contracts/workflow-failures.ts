/**
 * Failure types an Update handler uses to tell the API what happened, beside its refusals (which
 * are the workflow's own, e.g. TASK_REFUSED: the API answers 409 with their words).
 * Imported by workflow code, so it holds plain data only.
 */

/**
 * The handler accepted the change but could not apply it (a record it had to write could not be
 * written for good), and left the workflow and its records as they were before the Update: nothing
 * changed, the same request may be sent again. The API answers 503 `workflow.not-applied`.
 */
export const CHANGE_NOT_APPLIED = 'ChangeNotApplied';
