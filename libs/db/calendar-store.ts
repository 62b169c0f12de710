/**
 * The working-day calendar in PostgreSQL: one validated document per year, every change kept as a
 * revision. The API reads and corrects it; the worker's activity hands it to workflows as data.
 */
import { CalendarYearMissingError, parseCalendarYear, WorkingCalendar, type CalendarYearData } from '../calendar';
import type { Prisma, PrismaClient } from './prisma';

export type CalendarOrigin = 'SHIPPED' | 'ADMIN';

export interface StoredCalendarYear {
  year: number;
  revision: number;
  version: string;
  origin: CalendarOrigin;
  data: CalendarYearData;
  updatedAt: Date;
  updatedBy: string;
}

/** A write based on a revision that is no longer the current one. */
export class StaleCalendarRevisionError extends Error {
  constructor(
    readonly year: number,
    readonly expected: number | null,
    readonly current: number | null,
  ) {
    super(
      current === null
        ? `The calendar of ${year} does not exist yet; create it without If-Match`
        : expected === null
          ? `The calendar of ${year} already exists (revision ${current}); send If-Match: "${current}" to replace it`
          : `The calendar of ${year} has changed since you read it (you sent revision ${expected}, it is now ${current}); read it again and reapply your change`,
    );
    this.name = 'StaleCalendarRevisionError';
  }
}

/** JSON with keys sorted, to compare documents whatever order PostgreSQL's jsonb keeps. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const toStored = (row: {
  year: number;
  revision: number;
  version: string;
  origin: CalendarOrigin;
  data: unknown;
  updatedAt: Date;
  updatedBy: string;
}): StoredCalendarYear => ({ ...row, data: row.data as CalendarYearData });

export interface CalendarWrite {
  data: CalendarYearData;
  actor: string;
  reason: string;
  origin: CalendarOrigin;
  /** The revision the writer read; null to create a year that does not exist yet. */
  expectedRevision: number | null;
}

export type SyncAction = 'inserted' | 'updated' | 'unchanged' | 'kept-admin-correction';

/** The calendar last built for each database client, with the revisions it was built from. */
const BUILT = new WeakMap<PrismaClient, { key: string; calendar: WorkingCalendar }>();

export class CalendarStore {
  constructor(private readonly prisma: PrismaClient) {}

  async get(year: number): Promise<StoredCalendarYear | null> {
    const row = await this.prisma.calendarYear.findUnique({ where: { year } });
    return row ? toStored(row) : null;
  }

  async list(): Promise<StoredCalendarYear[]> {
    return (await this.prisma.calendarYear.findMany({ orderBy: { year: 'asc' } })).map(toStored);
  }

  /** The documents of the given years; a missing year is an error naming it. */
  async years(years: readonly number[]): Promise<CalendarYearData[]> {
    const wanted = [...new Set(years)].sort((a, b) => a - b);
    const rows = await this.prisma.calendarYear.findMany({ where: { year: { in: wanted } }, orderBy: { year: 'asc' } });
    const missing = wanted.find((y) => !rows.some((r) => r.year === y));
    if (missing !== undefined) {
      const available = (
        await this.prisma.calendarYear.findMany({ select: { year: true }, orderBy: { year: 'asc' } })
      ).map((r) => r.year);
      throw new CalendarYearMissingError(missing, available);
    }
    return rows.map((r) => r.data as unknown as CalendarYearData);
  }

  /** The documents of those of the given years that are on record; none is an error. */
  async yearsOnRecord(years: readonly number[]): Promise<CalendarYearData[]> {
    const rows = await this.prisma.calendarYear.findMany({
      where: { year: { in: [...new Set(years)] } },
      orderBy: { year: 'asc' },
    });
    return rows.map((r) => r.data as unknown as CalendarYearData);
  }

  /**
   * Every year on record, as a calendar. Built again only when a year's revision changed since the
   * last call on this client (every write makes a revision): the board and the task list read it
   * on each request, and building one compiles each year's days.
   */
  async calendar(): Promise<WorkingCalendar> {
    const heads = await this.prisma.calendarYear.findMany({
      select: { year: true, revision: true, updatedAt: true },
      orderBy: { year: 'asc' },
    });
    // The time of the write too: a year deleted and written again starts its revisions anew.
    const keyOf = (hs: { year: number; revision: number; updatedAt: Date }[]) =>
      hs.map((h) => `${h.year}:${h.revision}:${h.updatedAt.getTime()}`).join(',');
    const key = keyOf(heads);
    const built = BUILT.get(this.prisma);
    if (built?.key === key) return built.calendar;
    const rows = await this.list();
    const calendar = new WorkingCalendar(rows.map((y) => y.data));
    // Kept only when nothing changed between the two reads.
    if (keyOf(rows) === key) BUILT.set(this.prisma, { key, calendar });
    return calendar;
  }

  async revisions(year: number) {
    return this.prisma.calendarYearRevision.findMany({
      where: { year },
      orderBy: { revision: 'desc' },
      select: { revision: true, version: true, origin: true, changedAt: true, changedBy: true, reason: true },
    });
  }

  /**
   * Creates or replaces a year, validated first, in one transaction with its revision record.
   * Refused with StaleCalendarRevisionError when the year changed since the writer read it.
   */
  async write(input: CalendarWrite): Promise<StoredCalendarYear> {
    const data = parseCalendarYear(input.data);
    const year = data.year;
    const json = data as unknown as Prisma.InputJsonValue;
    return this.prisma.$transaction(async (tx) => {
      const now = new Date();
      let row;
      if (input.expectedRevision === null) {
        const existing = await tx.calendarYear.findUnique({ where: { year }, select: { revision: true } });
        if (existing) throw new StaleCalendarRevisionError(year, null, existing.revision);
        row = await tx.calendarYear.create({
          data: {
            year,
            revision: 1,
            version: data.version,
            origin: input.origin,
            data: json,
            updatedAt: now,
            updatedBy: input.actor,
          },
        });
      } else {
        const updated = await tx.calendarYear.updateMany({
          where: { year, revision: input.expectedRevision },
          data: {
            revision: { increment: 1 },
            version: data.version,
            origin: input.origin,
            data: json,
            updatedAt: now,
            updatedBy: input.actor,
          },
        });
        if (updated.count === 0) {
          const current = await tx.calendarYear.findUnique({ where: { year }, select: { revision: true } });
          throw new StaleCalendarRevisionError(year, input.expectedRevision, current?.revision ?? null);
        }
        row = await tx.calendarYear.findUniqueOrThrow({ where: { year } });
      }
      await tx.calendarYearRevision.create({
        data: {
          year,
          revision: row.revision,
          version: data.version,
          origin: input.origin,
          data: json,
          changedAt: now,
          changedBy: input.actor,
          reason: input.reason,
        },
      });
      return toStored(row);
    });
  }

  /**
   * Loads the shipped years: a year not on record is inserted; a shipped year whose document
   * changed in a new release is updated; a year an admin corrected is left as the admin left it.
   * Safe to run on every deploy.
   */
  async syncShipped(
    shipped: readonly CalendarYearData[],
    actor = 'tizim-release',
  ): Promise<{ year: number; action: SyncAction }[]> {
    const out: { year: number; action: SyncAction }[] = [];
    for (const data of shipped) {
      const current = await this.get(data.year);
      let action: SyncAction;
      if (!current) action = 'inserted';
      else if (current.origin === 'ADMIN') action = 'kept-admin-correction';
      else if (canonicalJson(current.data) === canonicalJson(data)) action = 'unchanged';
      else action = 'updated';
      if (action === 'inserted' || action === 'updated') {
        try {
          await this.write({
            data,
            actor,
            origin: 'SHIPPED',
            expectedRevision: current?.revision ?? null,
            reason: `calendar ${data.version} shipped with Tizim`,
          });
        } catch (err) {
          // Another process loaded the same year at the same moment: its write stands.
          if (!(err instanceof StaleCalendarRevisionError)) throw err;
          action = 'unchanged';
        }
      }
      out.push({ year: data.year, action });
    }
    return out;
  }
}
