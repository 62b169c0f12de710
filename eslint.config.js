// Lint guards what the type checker cannot: workflow code must stay deterministic (STYLE.md).
//  - Workflow-side code (workflows/, the pure libs they import, test workflow fixtures) may not
//    import Node built-ins, database, queue, Nest or Temporal client/worker/activity packages,
//    nor activity implementations (their types only, through proxyActivities).
//  - The pure libraries may not read the clock or draw random numbers: the calendar takes its
//    moments as arguments, so the same inputs always give the same deadlines.
//  - Workflows fail on promises left floating.
const { builtinModules } = require('node:module');
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

const WORKFLOW_SIDE = [
  'workflows/**/*.ts',
  'libs/calendar/**/*.ts',
  'libs/iin/**/*.ts',
  'libs/matching/**/*.ts',
  'test/workflows/fixtures/**/*.ts',
];
const PURE_LIBS = ['libs/calendar/**/*.ts', 'libs/board/**/*.ts', 'libs/iin/**/*.ts', 'libs/matching/**/*.ts'];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.venv/**', '.local/**', 'libs/db/generated/**', 'test-output/**'] },
  // ESLint's and typescript-eslint's recommended sets over all the code, the console's .tsx too.
  { files: ['**/*.{ts,tsx,js,mjs,cjs,mts}'], ...js.configs.recommended },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.{ts,tsx,mts}'] })),
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // An unused name is a type error already (tsconfig's noUnusedLocals/Parameters); `_` marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Prettier breaks code at 120 columns; what it cannot break (strings, SQL, patterns) may run longer.
      'max-len': [
        'error',
        {
          code: 160,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
    },
  },
  // The console runs in the browser; config files and plain scripts run in Node (CommonJS).
  { files: ['apps/web/**/*.{ts,tsx}'], languageOptions: { globals: globals.browser } },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: WORKFLOW_SIDE,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in a deterministic sandbox: no Node built-ins (do I/O in an activity).',
          })),
          patterns: [
            {
              group: [
                '@prisma/*',
                '**/db/*',
                'pg',
                'bullmq',
                'ioredis',
                '@nestjs/*',
                'pino',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message:
                'Workflow code may not touch databases, queues, Nest or the Temporal client/worker: call an activity.',
            },
            {
              group: ['**/activities', '**/activities/*', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activity types only (import type) and call them through proxyActivities.',
            },
          ],
        },
      ],
    },
  },
  {
    files: PURE_LIBS,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Pure code takes the moment as an argument; do not read the clock.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Pure code takes the moment as an argument; do not read the clock.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Pure code is deterministic: no Math.random.',
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts', 'test/workflows/fixtures/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
);
