// Lint guards what the type checker cannot: workflow code must stay deterministic (STYLE.md), and
// imports run down the layers, never up (README, "Layout"; the last blocks below).
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
  'libs/contracts/**/*.ts',
  'libs/id-card/**/*.ts',
  'libs/calendar/**/*.ts',
  'libs/iin/**/*.ts',
  'libs/matching/**/*.ts',
  'test/workflows/fixtures/**/*.ts',
];
const PURE_LIBS = [
  'libs/contracts/**/*.ts',
  'libs/calendar/**/*.ts',
  'libs/board/**/*.ts',
  'libs/iin/**/*.ts',
  'libs/matching/**/*.ts',
];

// The layers (README, "Layout"), bottom up: contracts → domain libs → data layer → activities and
// queue consumers → workflows → apps and scripts. An import may run down the layers, never up.
// Relative specifiers are matched by the folder names they reach (`../db/…`, `../../activities`);
// the base rule is used so the workflow block's @typescript-eslint rule above stays as it is.
const CONTRACTS = ['libs/contracts/**/*.ts'];
const DATA_LAYER = ['libs/db/**/*.ts', 'libs/gateways/**/*.ts', 'libs/queues/**/*.ts'];
const CONSUMERS = ['apps/worker/src/consumers/**/*.ts'];
const up = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const LAYER_RULES = {
  contracts: {
    regex: '^\\.\\./',
    message:
      'Layers: libs/contracts imports nothing of the project (packages only); move what it needs into libs/contracts.',
  },
  domainToData: {
    regex: up(['db', 'gateways', 'queues']),
    message:
      'Layers: a domain lib may not import the data layer (libs/db, libs/gateways, libs/queues); take the data as arguments, or move the module into libs/db.',
  },
  domainPackages: {
    group: [
      'pg',
      'pg-copy-streams',
      '@prisma/*',
      'bullmq',
      'ioredis',
      '@nestjs/*',
      '@temporalio/client',
      '@temporalio/worker',
      '@temporalio/activity',
    ],
    message:
      'Layers: a domain lib stays pure: no database, queue, Nest or Temporal client/worker/activity package (that belongs in libs/db, libs/queues, activities/ or apps/).',
  },
  dataPackages: {
    group: ['@nestjs/*', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
    message:
      'Layers: the data layer serves the API and the activities alike: no Nest or Temporal client/worker/activity package (ApplicationFailure is in @temporalio/common).',
  },
  libsUp: {
    regex: up(['activities', 'workflows', 'apps', 'scripts']),
    message: 'Layers: libs/ may not import activities/, workflows/, apps/ or scripts/ (they sit above it).',
  },
  seed: {
    regex: '(^|/)prisma/seed$',
    message: 'Layers: prisma/seed.ts is a script; nothing below the apps imports it.',
  },
  activitiesUp: {
    regex: up(['workflows', 'apps', 'scripts']),
    message:
      'Layers: activities and queue consumers may not import workflows/, apps/ or scripts/ (they sit above them).',
  },
  consumerUp: {
    regex: '^(\\.\\./){1,3}[^./]',
    message: 'Layers: a queue consumer may not import the worker app around it (the worker imports the consumers).',
  },
  workflowsToData: {
    regex: up(['libs/db', 'libs/gateways', 'libs/queues']),
    message: 'Layers: workflows may not import the data layer (libs/db, libs/gateways, libs/queues): call an activity.',
  },
  workflowsUp: {
    regex: up(['apps', 'scripts']),
    message: 'Layers: workflows may not import apps/ or scripts/ (they sit above them).',
  },
  apiUp: {
    regex: up(['activities', 'scripts', 'worker']),
    message:
      'Layers: apps/api may not import activities/, scripts/ or the worker app: use the data layer (libs/db), libs/queues or libs/gateways.',
  },
};
const layerRule = (...names) => ['error', { patterns: names.map((n) => LAYER_RULES[n]) }];

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
  // ---- The layers (see LAYER_RULES above); one block per layer, so each file gets one set.
  { files: CONTRACTS, rules: { 'no-restricted-imports': layerRule('contracts') } },
  {
    files: ['libs/**/*.ts'],
    ignores: [...CONTRACTS, ...DATA_LAYER],
    rules: { 'no-restricted-imports': layerRule('domainToData', 'domainPackages', 'libsUp', 'seed') },
  },
  { files: DATA_LAYER, rules: { 'no-restricted-imports': layerRule('dataPackages', 'libsUp', 'seed') } },
  { files: ['activities/**/*.ts'], rules: { 'no-restricted-imports': layerRule('activitiesUp', 'seed') } },
  { files: CONSUMERS, rules: { 'no-restricted-imports': layerRule('activitiesUp', 'consumerUp', 'seed') } },
  {
    files: ['workflows/**/*.ts'],
    rules: { 'no-restricted-imports': layerRule('workflowsToData', 'workflowsUp', 'seed') },
  },
  { files: ['apps/api/**/*.ts'], rules: { 'no-restricted-imports': layerRule('apiUp') } },
);
