import { HttpStatus, Injectable } from '@nestjs/common';
import {
  districtProgress,
  districtRow,
  filterAndSort,
  regionRow,
  ScheduleCache,
  type BoardContext,
  type DistrictBoardRow,
  type RegionBoardRow,
  type RoundRecord,
  type TaskRecord,
} from '../../../../libs/board/board';
import { rankRegions, regionUrgency, urgencySentence } from '../../../../libs/board/urgency';
import { localDateTimeOf } from '../../../../libs/calendar';
import { CalendarStore } from '../../../../libs/db/calendar-store';
import { AccessService, type Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { ApiLogger, Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { Snapshots } from './board-snapshots';
import { BoardQueryDto } from './board.dto';

/** A period's board before the reader's filters and order: what a snapshot keeps. */
interface ComputedBoard {
  now: number;
  rows: (RegionBoardRow & { urgency: ReturnType<typeof regionUrgency> })[];
}

@Injectable()
export class BoardService {
  private readonly snapshots: Snapshots<ComputedBoard>;

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly access: AccessService,
    log: ApiLogger,
  ) {
    this.snapshots = new Snapshots(config.value.board.snapshotMs, (key, err) =>
      log.logger.warn(
        { board: key, reason: err instanceof Error ? err.message : String(err) },
        'the board could not be refreshed; its readers keep the previous one',
      ),
    );
  }

  private async context(period: string): Promise<BoardContext> {
    // Every year on record (a handful of rows): the slack from today may span two years.
    const calendar = await new CalendarStore(this.db.client).calendar();
    return { calendar, settings: this.config.value.deadlines, period, now: Date.now() };
  }

  /** The period's records, restricted to one region when given: tasks, rounds, open escalations. */
  private async records(period: string, regionCode: string | undefined) {
    const [tasks, open, regions] = await Promise.all([
      this.db.client.cycleTask.findMany({
        where: { period, regionCode },
        select: {
          workflowId: true,
          regionCode: true,
          districtId: true,
          kind: true,
          round: true,
          status: true,
          dueAt: true,
          completedAt: true,
          createdAt: true,
          outcome: true,
        },
      }),
      this.db.client.escalation.findMany({
        where: { period, regionCode, resolvedAt: null },
        select: { regionCode: true, level: true },
      }),
      this.db.client.region.findMany({
        where: { code: regionCode },
        select: { code: true, nameRu: true, nameKk: true },
      }),
    ]);
    // Rounds carry no region: those of the district workflows found (by their indexed workflow id).
    const workflowIds = [...new Set(tasks.flatMap((t) => (t.districtId ? [t.workflowId] : [])))];
    const rounds = await this.db.client.cycleReconciliation.findMany({
      where: { period, workflowId: { in: workflowIds } },
      select: { workflowId: true, round: true, createdAt: true, discrepancies: true },
    });
    const taskRecords: TaskRecord[] = tasks.map(({ outcome, ...t }) => ({
      ...t,
      decision:
        t.kind === 'REVIEW_DISCREPANCIES' && outcome && typeof outcome === 'object' && 'decision' in outcome
          ? String(outcome.decision)
          : null,
    }));
    const roundRecords: RoundRecord[] = rounds.map((r) => ({
      workflowId: r.workflowId,
      round: r.round,
      reconciledAt: r.createdAt,
      hasDiscrepancies: r.discrepancies > 0,
    }));
    return {
      tasks: taskRecords,
      rounds: roundRecords,
      open,
      names: new Map(regions.map((r) => [r.code, { nameRu: r.nameRu, nameKk: r.nameKk }])),
    };
  }

  private districtsOf(
    tasks: TaskRecord[],
    rounds: RoundRecord[],
    schedules: ScheduleCache,
  ): Map<string, DistrictBoardRow[]> {
    const byDistrict = new Map<string, TaskRecord[]>();
    for (const t of tasks)
      if (t.districtId !== null) byDistrict.set(t.districtId, [...(byDistrict.get(t.districtId) ?? []), t]);
    const roundsByWorkflow = new Map<string, RoundRecord[]>();
    for (const r of rounds) roundsByWorkflow.set(r.workflowId, [...(roundsByWorkflow.get(r.workflowId) ?? []), r]);
    const byRegion = new Map<string, DistrictBoardRow[]>();
    for (const [, own] of [...byDistrict].sort(([a], [b]) => a.localeCompare(b))) {
      const progress = districtProgress(own, roundsByWorkflow.get(own[0].workflowId) ?? []);
      if (!progress) continue;
      byRegion.set(progress.regionCode, [
        ...(byRegion.get(progress.regionCode) ?? []),
        districtRow(progress, schedules),
      ]);
    }
    return byRegion;
  }

  async board(q: BoardQueryDto, actor: Actor, requestId?: string) {
    const regionCode = await this.regionFor(actor, requestId, q.regionCode);
    // One board per period and territory, shared by its readers for a few seconds (board-snapshots.ts).
    const { now, rows } = await this.snapshots.read(`${q.period}|${regionCode ?? 'country'}`, () =>
      this.compute(q.period, regionCode),
    );
    const sort = q.sort ?? 'slack';
    const kept = filterAndSort(rows, { stage: q.stage, state: q.state, atRisk: q.atRisk }, sort);
    const ranked = rankRegions(kept);
    const rank = new Map(ranked.map((r) => [r.regionCode, r.urgency.rank]));
    return {
      period: q.period,
      at: new Date(now).toISOString(),
      today: localDateTimeOf(now).date,
      regions:
        sort === 'urgency'
          ? ranked
          : kept.map((r) => ({ ...r, urgency: { ...r.urgency, rank: rank.get(r.regionCode)! } })),
    };
  }

  /** Every region's row of a period (one region's when given), with its urgency: no reader's filters. */
  private async compute(period: string, regionCode: string | undefined): Promise<ComputedBoard> {
    const ctx = await this.context(period);
    const schedules = new ScheduleCache(ctx);
    const { tasks, rounds, open, names } = await this.records(period, regionCode);
    const districts = this.districtsOf(tasks, rounds, schedules);
    const regionCodes = [...new Set(tasks.map((t) => t.regionCode))];
    const rows = regionCodes.map((code) =>
      this.withUrgency(
        ctx,
        {
          ...regionRow(
            ctx,
            schedules,
            code,
            districts.get(code) ?? [],
            tasks.filter((t) => t.regionCode === code && t.districtId === null),
            open,
          ),
          ...names.get(code),
        },
        districts.get(code) ?? [],
      ),
    );
    return { now: ctx.now, rows };
  }

  async region(code: string, period: string, actor: Actor, requestId?: string) {
    await this.access.ensure(actor, { regionCode: code }, { type: 'region', id: code }, requestId);
    const ctx = await this.context(period);
    const schedules = new ScheduleCache(ctx);
    const { tasks, rounds, open, names } = await this.records(period, code);
    if (!tasks.length)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'board.region-not-started',
        { regionCode: code, period },
        `Region ${code} has no cycle records for ${period}; start the period first (POST /v1/cycles)`,
      );
    const districts = this.districtsOf(tasks, rounds, schedules).get(code) ?? [];
    const districtNames = new Map(
      (
        await this.db.client.district.findMany({
          where: { id: { in: districts.map((d) => d.districtId) } },
          select: { id: true, nameRu: true, nameKk: true },
        })
      ).map((d) => [d.id, d]),
    );
    return {
      period,
      at: new Date(ctx.now).toISOString(),
      today: localDateTimeOf(ctx.now).date,
      region: this.withUrgency(
        ctx,
        {
          ...regionRow(
            ctx,
            schedules,
            code,
            districts,
            tasks.filter((t) => t.districtId === null),
            open,
          ),
          ...names.get(code),
        },
        districts,
      ),
      districts: districts.map((d) => ({
        ...d,
        nameRu: districtNames.get(d.districtId)?.nameRu ?? null,
        nameKk: districtNames.get(d.districtId)?.nameKk ?? null,
      })),
    };
  }

  /**
   * A region's row with what to do first: the facts (where the chain ends, the miss, the steps to
   * shorten, the overdue steps) and the sentence in Russian and Kazakh, from the same calendar.
   */
  private withUrgency<T extends RegionBoardRow>(ctx: BoardContext, row: T, districts: DistrictBoardRow[]) {
    const urgency = regionUrgency(ctx.calendar, row, districts);
    return { ...row, urgency, sentence: { ru: urgencySentence(urgency, 'ru'), kk: urgencySentence(urgency, 'kk') } };
  }

  /** The region a board is restricted to: the actor's own for a regional commission (another one is refused, 403). */
  private async regionFor(
    actor: Actor,
    requestId: string | undefined,
    asked: string | undefined,
  ): Promise<string | undefined> {
    if (asked) await this.access.ensure(actor, { regionCode: asked }, { type: 'region', id: asked }, requestId);
    return this.access.scope(actor).regionCode ?? asked;
  }
}
