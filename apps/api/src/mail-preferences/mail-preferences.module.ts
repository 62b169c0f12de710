/**
 * Each official's choice of what reaches them by e-mail (issue 22 part 6): their address at the
 * commission's mail, the language, reminders, and escalations by rung (raised at theirs, climbed to
 * it). The e-mails themselves are queued by the cycle's activities and sent by the worker
 * (libs/db/official-mail.ts, apps/worker/src/consumers/official-mail.ts).
 */
import { Module } from '@nestjs/common';
import { MailPreferencesController } from './mail-preferences.controller';
import { MailPreferencesService } from './mail-preferences.service';

@Module({ controllers: [MailPreferencesController], providers: [MailPreferencesService] })
export class MailPreferencesModule {}
