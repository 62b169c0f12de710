/**
 * Prebuilds the workflow bundle the worker loads (dist/workflow-bundle.js), so workers start
 * without webpack. Exits non-zero when bundling fails.
 */
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../libs/temporal/codec';
import { WORKFLOW_BUNDLE_PATH } from '../apps/worker/src/worker';

export async function bundleWorkflows() {
  return bundleWorkflowCode({
    logger: new DefaultLogger('WARN'),
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
  });
}

if (require.main === module) {
  bundleWorkflows()
    .then(async ({ code }) => {
      await writeFile(WORKFLOW_BUNDLE_PATH, code);
      process.stdout.write(
        `workflow bundle written to ${WORKFLOW_BUNDLE_PATH} (${(code.length / 1024).toFixed(0)} KiB)\n`,
      );
    })
    .catch((err: Error) => {
      process.stderr.write(`bundling workflows failed: ${err.stack ?? err.message}\n`);
      process.exit(1);
    });
}
