import { Injectable } from '@nestjs/common';
import { Database } from '../core/infrastructure.module';
import type { PersonName } from './directory.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be an official's account (a UUID): `operator`, `worker` or a test actor cannot. */
export const isAccountId = (id: string | null | undefined): id is string => !!id && UUID.test(id);

@Injectable()
export class DirectoryService {
  constructor(private readonly db: Database) {}

  /**
   * The officials among `ids` by name and role, keyed by id: what a history or the audit log shows
   * in «Кто». Ids that are not accounts (`operator`, `worker`, a citizen's pseudonym) are left out;
   * the console words them itself.
   */
  async people(ids: Iterable<string | null | undefined>): Promise<Record<string, PersonName>> {
    const wanted = [...new Set([...ids].filter(isAccountId))];
    if (!wanted.length) return {};
    const rows = await this.db.client.user.findMany({
      where: { id: { in: wanted } },
      select: { id: true, fullName: true, role: true },
    });
    return Object.fromEntries(rows.map((r) => [r.id, { fullName: r.fullName, role: r.role }]));
  }
}
