import { Injectable } from '@nestjs/common';
import type {
  IdCardApplicationModel as IdCardApplication,
  StateFeePaymentModel as StateFeePayment,
} from '../../../../libs/db/prisma';
import { Database } from '../core/infrastructure.module';

export type Row = IdCardApplication & { fee: StateFeePayment | null };

/** SUBMITTED while the workflow has not yet checked the window and taken the fee. */
export function statusOf(row: IdCardApplication): string {
  return row.status === 'PENDING_REVIEW' && !row.ticketNumber ? 'SUBMITTED' : row.status;
}

export function refusalOf(row: IdCardApplication): { code: string; ru: string; kk: string } | null {
  if (!row.refusal) return null;
  const cut = row.refusal.indexOf(' / ');
  return {
    code: row.refusalCode ?? 'refused',
    ru: cut < 0 ? row.refusal : row.refusal.slice(0, cut),
    kk: cut < 0 ? row.refusal : row.refusal.slice(cut + 3),
  };
}

/** How long an answer waits for the workflow to record a step (the window and the fee, a decision, production, pickup). */
const STEP_WAIT_MS = 10_000;

/** An application's row, and the row once the workflow's activity has written a step. */
@Injectable()
export class IdCardRowsService {
  constructor(private readonly db: Database) {}

  async row(id: string): Promise<Row | null> {
    return this.db.client.idCardApplication.findUnique({ where: { id }, include: { fee: true } });
  }

  /** The row once `done` holds (the workflow's activity has written it), or as it is after a few seconds. */
  async settled(id: string, done: (r: Row) => boolean): Promise<Row> {
    const deadline = Date.now() + STEP_WAIT_MS;
    for (;;) {
      const row = (await this.row(id))!;
      if (done(row) || Date.now() > deadline) return row;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
