import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../core/access';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { MEMBERS_PER_PRECINCT } from '../auth/users.service';
import type { PrecinctMembersView } from './precinct-members.dto';

/** The district commission's own district: its stations and the members designated at each. */
@Injectable()
export class PrecinctMembersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, requestId?: string): Promise<PrecinctMembersView> {
    const district = actor.districtId
      ? await this.db.client.district.findUnique({ where: { id: actor.districtId } })
      : null;
    if (!district)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'precinct-members.no-district',
        {},
        "The commission's account names no district on record",
      );
    const [stations, members] = await Promise.all([
      this.db.client.pollingStation.findMany({
        where: { districtId: district.id },
        select: { id: true, number: true, premises: true, locality: true, street: true, house: true },
        orderBy: { number: 'asc' },
      }),
      this.db.client.user.findMany({
        where: { role: 'PRECINCT_MEMBER', districtId: district.id },
        select: { id: true, username: true, fullName: true, stationId: true, disabledAt: true },
        orderBy: { fullName: 'asc' },
      }),
    ]);
    // The members' names are an official's data: the read is on the audit trail like any other.
    await this.audit.record({
      actor: actor.id,
      action: 'precinct-members.read',
      subjectType: 'district',
      subjectId: district.id,
      reason: 'the precinct commissions of the district',
      requestId,
    });
    return {
      districtId: district.id,
      districtNameRu: district.nameRu,
      districtNameKk: district.nameKk,
      seats: MEMBERS_PER_PRECINCT,
      stations: stations.map((s) => ({
        ...s,
        members: members
          .filter((m) => m.stationId === s.id)
          .map((m) => ({ id: m.id, username: m.username, fullName: m.fullName, enabled: m.disabledAt === null })),
      })),
    };
  }
}
