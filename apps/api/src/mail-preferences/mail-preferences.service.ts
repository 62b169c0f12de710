import { HttpStatus, Injectable } from '@nestjs/common';
import { mailPreferencesOf, setMailPreferences } from '../../../../libs/db/official-mail';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import type { MailPreferencesDto } from './mail-preferences.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class MailPreferencesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  private async account(actor: Actor) {
    const user = await this.db.client.user.findUnique({
      // The operator token acts as `operator`, which is no account's id.
      where: { id: UUID.test(actor.id) ? actor.id : NO_ACCOUNT },
      select: { id: true, email: true, language: true },
    });
    if (!user)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'mail-preferences.no-account',
        {},
        'The operator token has no account to keep e-mail choices on',
      );
    return user;
  }

  private async view(userId: string, email: string | null, language: string) {
    return {
      /** Whether the relay is configured: without it nothing is e-mailed, whatever is chosen. */
      mailEnabled: this.config.value.mail.smtp !== null,
      email,
      language,
      ...(await mailPreferencesOf(this.db.client, userId)),
    };
  }

  /** The official's own choices and address (a read of their own address: audited). */
  async read(actor: Actor, requestId?: string) {
    const user = await this.account(actor);
    await this.audit.record({
      actor: actor.id,
      action: 'mail-preferences.read',
      subjectType: 'user',
      subjectId: user.id,
      requestId,
    });
    return this.view(user.id, user.email, user.language);
  }

  async update(actor: Actor, dto: MailPreferencesDto, requestId?: string) {
    const user = await this.account(actor);
    const email = dto.email?.trim().toLowerCase() || null;
    await this.db.client.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { email, language: dto.language, updatedAt: new Date() } });
      await setMailPreferences(
        tx,
        user.id,
        {
          reminders: dto.reminders,
          escalationsRaised: dto.escalationsRaised,
          escalationsClimbed: dto.escalationsClimbed,
        },
        new Date(),
      );
    });
    await this.audit.record({
      actor: actor.id,
      action: 'mail-preferences.update',
      subjectType: 'user',
      subjectId: user.id,
      requestId,
    });
    return this.view(user.id, email, dto.language);
  }
}
