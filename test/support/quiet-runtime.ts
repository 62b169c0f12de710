/**
 * A quiet Temporal core runtime (the core logs every worker state change at INFO), made only when
 * a test file first needs one.
 *
 * The runtime is not installed here, and not shut down in an afterAll: hooks of a setup file run
 * before the test file's own afterAll hooks (Jest runs hooks of one block in the order they were
 * declared), so a shutdown here pulled the native runtime from under the file's still-open worker,
 * connections and dev server (NativePromiseDroppedError at env.teardown(), and a native thread that
 * kept the process alive). Instead the SDK shuts the runtime down by itself once the last native
 * object made on it (worker, native connection, test server) is released, and makes it again, with
 * these options, when the next is made. A file that leaves one open hangs the run: that is a leak to
 * mend, not to force past (test/e2e/clean-exit.spec.ts holds the API and the worker to it).
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.defaultOptions = { logger: new DefaultLogger('WARN') };
