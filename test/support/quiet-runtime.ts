/**
 * One Temporal core runtime per test file: quiet (the core logs every worker state change at
 * INFO), and shut down when the file ends. The runtime's native thread keeps the process alive,
 * and on a 2-core machine Jest runs every file in its own main process (in band), so without
 * this the run would never exit.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });

afterAll(async () => {
  await Runtime.instance().shutdown();
});
