/**
 * The semiannual cycle over HTTP: start a period, find its workflows by period, territory and
 * stage (Temporal visibility on the Tizim* search attributes), read a district's or region's
 * live state (a workflow query), and the officials' inbox. Tasks (list, claim, complete) are in
 * tasks/, escalations in escalations/, the deadline board in board/.
 *
 * Each route names its roles and checks territory (core/access.ts); every change is audited.
 */
import { Module } from '@nestjs/common';
import { CyclesService } from './cycles.service';
import { CyclesController } from './cycles.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ controllers: [CyclesController, NotificationsController], providers: [CyclesService, NotificationsService] })
export class CyclesModule {}
