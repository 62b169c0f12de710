/** Test data on the real test database: the demo territory plus a few synthetic voters. */
import { randomInt, randomUUID } from 'node:crypto';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { CalendarYearData } from '../../libs/calendar';
import { SHIPPED_CALENDAR_YEARS } from '../../libs/calendar/shipped';
import { CalendarStore } from '../../libs/db/calendar-store';
import { createPrismaClient, type PrismaClient } from '../../libs/db/prisma';
import { isValidIin } from '../../libs/iin/iin';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { makeIin, seedDemo } from '../../prisma/seed';
import { TEST_OPERATOR_TOKEN, testConfig, testDatabaseUrl } from './test-env';
import { withStations } from './register';

let shared: Promise<PrismaClient> | undefined;

/** One Prisma client per test file over the run's database, with the demo territory seeded. */
export function testPrisma(): Promise<PrismaClient> {
  shared ??= (async () => {
    const prisma = createPrismaClient(testDatabaseUrl(), { maxConnections: 4 });
    await seedDemo(prisma, { votersPerStation: 3, stationsPerDistrict: 1 });
    return prisma;
  })();
  return shared;
}

/** A valid IIN that the register does not hold. */
export async function unregisteredIin(prisma: PrismaClient): Promise<string> {
  for (;;) {
    const iin = makeIin(
      new Date(Date.UTC(1970 + randomInt(30), randomInt(12), 1 + randomInt(28))),
      randomInt(2) === 0,
      randomInt(10000),
    );
    if (isValidIin(iin) && !(await prisma.registerVoter.findFirst({ where: { iin } }))) return iin;
  }
}

/** Any voter of the register who has a polling station. */
export async function registeredVoter(prisma: PrismaClient) {
  const [voter] = await withStations(prisma, [
    await prisma.registerVoter.findFirstOrThrow({ where: { stationId: { not: null } } }),
  ]);
  return voter;
}

export async function newCheckRow(prisma: PrismaClient, iin: string) {
  const id = randomUUID();
  return prisma.registrationCheck.create({
    data: {
      id,
      workflowId: `registration-check-${id}`,
      iin,
      iinHmac: iinHmac(testConfig().iinHmacKey, iin),
      requestedBy: 'test',
    },
  });
}

/** Polls until `read` returns a truthy value; fails with `what` after the timeout. */
export async function eventually<T>(
  what: string,
  read: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The operator credential every test configuration carries (test-env.ts). */
export const OPERATOR_HEADERS = { Authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'Content-Type': 'application/json' };

export interface ApiAnswer {
  status: number;
  type: string;
  requestId: string | null;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON whose shape each test asserts
}

/** Calls the API under test over HTTP; `base` is read at call time (the port is known after listen). */
export function apiCaller(base: () => string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = OPERATOR_HEADERS,
  ): Promise<ApiAnswer> => {
    const res = await fetch(`${base()}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      requestId: res.headers.get('x-request-id'),
      headers: res.headers,
      body: text ? JSON.parse(text) : null,
    };
  };
}

/**
 * A calendar document for a year that is not shipped, made from the newest shipped year: its
 * fixed-date holidays moved to `year`, no movable holiday (Kurban Ait), no transfers. Test data.
 */
export function derivedCalendarYear(year: number): CalendarYearData {
  const template = SHIPPED_CALENDAR_YEARS[SHIPPED_CALENDAR_YEARS.length - 1];
  const doc = JSON.parse(JSON.stringify(template).replaceAll(`"${template.year}-`, `"${year}-`)) as CalendarYearData;
  doc.year = year;
  doc.version = `${year}.test`;
  doc.holidays = doc.holidays.filter((h) => h.id !== 'kurban-ait');
  doc.transfers = [];
  doc.notes = `Derived for tests from ${template.year}`;
  return doc;
}

/**
 * Makes sure the run's database has the calendar of these years, deriving the ones not shipped,
 * so tests that follow the real clock keep working after the shipped years run out.
 */
export async function ensureCalendarYears(prisma: PrismaClient, years: number[]): Promise<void> {
  const store = new CalendarStore(prisma);
  for (const year of years) {
    if (await store.get(year)) continue;
    await store.write({
      data: derivedCalendarYear(year),
      actor: 'test',
      reason: 'derived for a test',
      origin: 'ADMIN',
      expectedRevision: null,
    });
  }
}

/**
 * A workflow's history straight from the server's gRPC API, bypassing the client's data
 * converter, with its wire bytes: what the Temporal server actually stores.
 */
export async function rawHistory(connection: Connection, workflowId: string) {
  const raw = await connection.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId },
  });
  const history = raw.history!;
  return { history, bytes: Buffer.from(temporal.api.history.v1.History.encode(history).finish()) };
}
