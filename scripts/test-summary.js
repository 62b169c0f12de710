// Prints the closing line of `npm test` from Jest's JSON results: "N passed, N failed".
// A suite that failed to run at all (syntax error, setup crash) counts as a failure.
const { existsSync, readFileSync } = require('node:fs');

const file = process.argv[2];
if (!existsSync(file)) {
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(0);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
const skipped = r.numPendingTests + r.numTodoTests;
process.stdout.write(`${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
