import { HttpStatus, Injectable } from '@nestjs/common';
import { Problem } from '../core/problem';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Database } from '../core/infrastructure.module';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Audit actions that read an applicant's personal data: counted for the security-incident alarm. */
const PERSONAL_DATA_ACTIONS = [
  'voting-day.application.register',
  'voting-day.application.personal-data.read',
  'voting-day.rejection-copy.read',
  'voting-day.supplementary-list.read',
];

/** Security incidents: too many personal-data reads by one official, and their report to the authority. */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts the actor's personal-data reads in the window; beyond the limit, records (once per
   * window) a security incident for the report to the personal data protection authority.
   */
  async watchLookups(actor: Actor): Promise<void> {
    const { lookupIncidentLimit: limit, lookupIncidentWindowMinutes: minutes } = this.config.value.votingDay;
    const windowMs = minutes * 60_000;
    const now = Date.now();
    const since = new Date(now - windowMs);
    const count = await this.db.client.auditEvent.count({
      where: { actor: actor.id, action: { in: PERSONAL_DATA_ACTIONS }, outcome: 'ok', at: { gte: since } },
    });
    if (count <= limit) return;
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
    const dedupeKey = `personal-data-reads:${actor.id}:${windowStart.toISOString()}`;
    const incident = await this.db.client.securityIncident.upsert({
      where: { dedupeKey },
      create: {
        id: randomUUID(),
        dedupeKey,
        kind: 'excessive-personal-data-reads',
        userId: actor.id,
        regionCode: actor.regionCode,
        districtId: actor.districtId,
        stationId: actor.stationId,
        windowStart,
        count,
        detectedAt: new Date(now),
        detail: { limit, windowMinutes: minutes, role: actor.role },
      },
      update: { count },
    });
    if (incident.detectedAt.getTime() === now) {
      await this.audit.record({
        actor: 'system',
        action: 'security-incident.raised',
        subjectType: 'security-incident',
        subjectId: incident.id,
        reason: `${count} personal-data reads by ${actor.id} within ${minutes} minutes`,
      });
    }
  }

  /**
   * The incidents, newest first, each with the official by name and role (and who reported it):
   * the console shows people, never their ids. The read names officials, so it is audited.
   */
  async incidents(actor: Actor, requestId?: string) {
    const rows = await this.db.client.securityIncident.findMany({ orderBy: { detectedAt: 'desc' }, take: 500 });
    const ids = [...new Set(rows.flatMap((r) => [r.userId, r.reportedBy ?? '']))].filter((id) => UUID.test(id));
    const people = new Map(
      (
        await this.db.client.user.findMany({
          where: { id: { in: ids } },
          select: { id: true, fullName: true, role: true },
        })
      ).map((u) => [u.id, u]),
    );
    await this.audit.record({
      actor: actor.id,
      action: 'security-incident.list',
      subjectType: 'security-incident',
      subjectId: '*',
      requestId,
    });
    return rows.map((r) => ({
      ...r,
      userName: people.get(r.userId)?.fullName ?? null,
      userRole: people.get(r.userId)?.role ?? null,
      reportedByName: r.reportedBy ? (people.get(r.reportedBy)?.fullName ?? null) : null,
    }));
  }

  async markReported(id: string, actor: Actor, requestId?: string) {
    const found = await this.db.client.securityIncident.findUnique({ where: { id } });
    if (!found)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'incident.not-found',
        { incidentId: id },
        `No security incident has the id ${id}`,
      );
    if (found.reportedAt)
      throw new Problem(
        HttpStatus.CONFLICT,
        'incident.already-reported',
        { at: found.reportedAt.toISOString() },
        `This incident was reported at ${found.reportedAt.toISOString()} by ${found.reportedBy}`,
      );
    const row = await this.db.client.securityIncident.update({
      where: { id },
      data: { reportedAt: new Date(), reportedBy: actor.id },
    });
    await this.audit.record({
      actor: actor.id,
      action: 'security-incident.reported',
      subjectType: 'security-incident',
      subjectId: id,
      requestId,
    });
    return row;
  }
}
