// The Temporal core logs every worker state change at INFO; tests keep only warnings and errors.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this worker process
}
