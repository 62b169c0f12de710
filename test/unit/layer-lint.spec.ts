/**
 * The layer rules of eslint.config.js (README, "Layout") refuse an import that runs up a layer,
 * in each layer, and let the legal ones through; the project itself has no such import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { ROOT } from '../../scripts/lib/paths';

// The config is CommonJS: loaded here and handed over, since ESLint's own loader needs native ESM.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(join(ROOT, 'eslint.config.js')) as ESLint.Options['overrideConfig'];
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });

/** The import-rule findings of `code` linted as if it were the file at `filePath`. */
async function importFindings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`${filePath}: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages
    .filter((m) => m.ruleId?.endsWith('no-restricted-imports'))
    .map((m) => `${m.line}: ${m.message}`);
}

const lines = (...l: string[]) => `${l.join('\n')}\nexport {};\n`;

describe('layer lint rules', () => {
  it('keep libs/contracts free of the project', async () => {
    const found = await importFindings(
      'libs/contracts/probe.ts',
      lines("import { isLocalDate } from '../calendar';", "export { isLocalDate } from '../calendar/local-date';"),
    );
    expect(found).toEqual([
      expect.stringMatching(/^1: .*libs\/contracts imports nothing of the project/),
      expect.stringMatching(/^2: .*libs\/contracts imports nothing of the project/),
    ]);
  });

  it('keep the domain libs off the data layer, its packages and everything above', async () => {
    const found = await importFindings(
      'libs/files/probe.ts',
      lines(
        "import type { PrismaClient } from '../db/prisma';",
        "import { Client } from 'pg';",
        "import { Queue } from 'bullmq';",
        "import { LocalEgovCabinet } from '../gateways/egov-cabinet';",
        "import { createActivities } from '../../activities';",
        "import { ROOT } from '../../scripts/lib/paths';",
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(/^1: .*a domain lib may not import the data layer/),
      expect.stringMatching(/^2: .*a domain lib stays pure/),
      expect.stringMatching(/^3: .*a domain lib stays pure/),
      expect.stringMatching(/^4: .*a domain lib may not import the data layer/),
      expect.stringMatching(/^5: .*libs\/ may not import activities\/, workflows\/, apps\/ or scripts\//),
      expect.stringMatching(/^6: .*libs\/ may not import activities\/, workflows\/, apps\/ or scripts\//),
    ]);
    // A folder deeper down reaches the data layer through more steps up: still refused.
    expect(
      await importFindings('libs/files/jet4/probe.ts', lines("import { copyRows } from '../../db/copy';")),
    ).toEqual([expect.stringMatching(/^1: .*a domain lib may not import the data layer/)]);
  });

  it('keep the data layer off Nest, the Temporal runtime, the activities and the apps', async () => {
    const found = await importFindings(
      'libs/db/register/probe.ts',
      lines(
        "import { Injectable } from '@nestjs/common';",
        "import { ApplicationFailure } from '@temporalio/activity';",
        "import { createActivities } from '../../../activities';",
        "import { AppConfig } from '../../../apps/api/src/core/app-config';",
        "import { seed } from '../../../prisma/seed';",
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(/^1: .*the data layer serves the API and the activities alike/),
      expect.stringMatching(/^2: .*the data layer serves the API and the activities alike/),
      expect.stringMatching(/^3: .*libs\/ may not import activities\//),
      expect.stringMatching(/^4: .*libs\/ may not import activities\/, workflows\/, apps\//),
      expect.stringMatching(/^5: .*prisma\/seed.ts is a script/),
    ]);
  });

  it('keep activities and queue consumers below the workflows and the worker app', async () => {
    expect(
      await importFindings(
        'activities/probe.ts',
        lines(
          "import { registrationCheck } from '../workflows/registration-check';",
          "import { x } from '../apps/worker/src/worker';",
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^1: .*activities and queue consumers may not import workflows\//),
      expect.stringMatching(/^2: .*activities and queue consumers may not import workflows\/, apps\//),
    ]);
    expect(
      await importFindings(
        'apps/worker/src/consumers/probe.ts',
        lines("import { createTizimWorker } from '../worker';"),
      ),
    ).toEqual([expect.stringMatching(/^1: .*a queue consumer may not import the worker app around it/)]);
  });

  it('keep workflows to contracts, domain libs and activity types', async () => {
    // An existing workflow file's path: the workflow rules lint with types, so the file must be in the project.
    const found = await importFindings(
      'workflows/cycle/task-book.ts',
      lines(
        "import { createActivities } from '../../activities';",
        "import { recordRegistrationCheck } from '../../libs/db/registration-checks';",
        "import { createNotificationQueue } from '../../libs/queues/egov-notifications';",
        "import { ROOT } from '../../scripts/lib/paths';",
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(/^1: .*Import activity types only/),
      expect.stringMatching(/^2: .*may not touch databases, queues/),
      expect.stringMatching(/^2: .*workflows may not import the data layer/),
      expect.stringMatching(/^3: .*workflows may not import the data layer/),
      expect.stringMatching(/^4: .*workflows may not import apps\/ or scripts\//),
    ]);
  });

  it('keep apps/api off activities/, scripts/ and the worker', async () => {
    const found = await importFindings(
      'apps/api/src/files/probe.ts',
      lines(
        "import { createActivities } from '../../../../activities';",
        "import { ROOT } from '../../../../scripts/lib/paths';",
        "import { startFileImportWorker } from '../../../worker/src/consumers/file-imports';",
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(/^1: .*apps\/api may not import activities\/, scripts\/ or the worker app/),
      expect.stringMatching(/^2: .*apps\/api may not import activities\/, scripts\/ or the worker app/),
      expect.stringMatching(/^3: .*apps\/api may not import activities\/, scripts\/ or the worker app/),
    ]);
  });

  it('let imports that run down the layers through', async () => {
    const legal: [string, string[]][] = [
      [
        'libs/contracts/probe.ts',
        ["import { defineUpdate } from '@temporalio/workflow';", "import type { LocalDate } from './calendar';"],
      ],
      [
        'libs/files/probe.ts',
        [
          "import type { CycleRole } from '../contracts/roles';",
          "import { isLocalDate } from '../calendar';",
          "import { APPENDIX1_FIELD_NAMES } from './appendix1';",
        ],
      ],
      [
        'libs/db/files/probe.ts',
        [
          "import type { ClientBase } from 'pg';",
          "import type { PrismaClient } from '../prisma';",
          "import { APPENDIX1_FIELD_NAMES } from '../../files/appendix1';",
          "import { TASK_RULES } from '../../contracts/cycle';",
          "import { ApplicationFailure } from '@temporalio/common';",
        ],
      ],
      [
        'activities/probe.ts',
        [
          "import { openTask } from '../libs/db/cycle';",
          "import { enqueueNotification } from '../libs/queues/egov-notifications';",
        ],
      ],
      [
        'apps/worker/src/consumers/probe.ts',
        [
          "import { importReceivedVoterFile } from '../../../../libs/db/files/voter-import';",
          "import { QUEUES } from '../../../../libs/queues/queues';",
        ],
      ],
      [
        'workflows/cycle/task-book.ts',
        [
          "import type { Activities } from '../../activities';",
          "import { TASK_RULES } from '../../libs/contracts/cycle';",
          "import { isLocalDate } from '../../libs/calendar';",
        ],
      ],
      [
        'apps/api/src/files/probe.ts',
        [
          "import { receiveFile } from '../../../../libs/db/files/received';",
          "import { enqueueFileImport } from '../../../../libs/queues/file-imports';",
          "import { LocalPropertyRegistry } from '../../../../libs/gateways/property-registry';",
          "import { completeTaskUpdate } from '../../../../libs/contracts/cycle';",
          "import { AccessService } from '../core/access';",
        ],
      ],
    ];
    for (const [filePath, imports] of legal) {
      expect({ filePath, found: await importFindings(filePath, lines(...imports)) }).toEqual({ filePath, found: [] });
    }
  });

  it('find no import up a layer in the project', async () => {
    const files = ['libs', 'activities', 'workflows', 'apps/api/src', 'apps/worker/src'].flatMap((dir) =>
      typeScriptFiles(join(ROOT, dir)),
    );
    const up: string[] = [];
    for (const file of files) {
      const [result] = await eslint.lintText(readFileSync(file, 'utf8'), { filePath: file });
      for (const m of result.messages)
        if (m.fatal || m.ruleId === 'no-restricted-imports') up.push(`${file}:${m.line} ${m.message}`);
    }
    expect(up).toEqual([]);
    expect(files.length).toBeGreaterThan(150);
  }, 180_000);
});

/** The .ts files under a folder (the Prisma client generated into libs/db/generated left out). */
function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
