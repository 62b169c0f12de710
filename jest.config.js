/**
 * Six projects that each run alone (`npx jest --selectProjects unit`), all run by `npm test`.
 * Type-checking is done once by `tsc --noEmit` in scripts/test.sh, so ts-jest only transpiles.
 */
// mdb-reader (the Access reader) ships only as an ES module, which Jest's CommonJS runtime cannot
// load (Node itself can require it, so the built app needs nothing): ts-jest turns it to CommonJS.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  '/node_modules/mdb-reader/.+\\.js$': [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false },
  ],
};
const common = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transformIgnorePatterns: ['/node_modules/(?!mdb-reader/)'],
};

module.exports = {
  // Every suite closes what it opened in afterAll, and test/e2e/clean-exit.spec.ts holds the API
  // and the worker to it; yet the whole run on a clean clone still did not exit once its results
  // were written (a handle some suite leaves: find it with --detectOpenHandles). Until then, exit.
  forceExit: true,
  // Suites start real servers and bundle workflows in beforeAll; a global option (not per project).
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    { ...common, displayName: 'db', testMatch: ['<rootDir>/test/db/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    // The web console in Debian's Chromium (playwright-core) against the local stack.
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    // The README's walk-through in bash against the stack it describes (the built dist/scripts/stack.js).
    { ...common, displayName: 'walkthrough', testMatch: ['<rootDir>/test/walkthrough/**/*.spec.ts'] },
  ],
};
