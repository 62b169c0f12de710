import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService, Allow, type Actor } from '../core/access';
import { NotificationsQueryDto } from './cycles.dto';
import { CurrentActor } from '../core/current-actor.decorator';
import { Problem } from '../core/problem';
import { NotificationsService } from './notifications.service';

@ApiTags('cycles')
@ApiBearerAuth()
@Controller('v1')
export class NotificationsController {
  constructor(
    private readonly inbox: NotificationsService,
    private readonly access: AccessService,
  ) {}

  @Get('notifications')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  // Operation ids as they were while the inbox shared the cycles' controller (generated clients keep them).
  @ApiOperation({
    operationId: 'CyclesController_notifications',
    summary: "Officials' inbox: reminders and escalations by role and territory, newest first",
  })
  notifications(@Query() q: NotificationsQueryDto, @CurrentActor() actor: Actor) {
    return this.inbox.notifications(q, actor, this.access.scope(actor));
  }

  @Post('notifications/:id/read')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'CyclesController_markRead',
    summary: 'Mark a notification read (once; a repeat says alreadyRead)',
  })
  async markRead(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    if (!(await this.inbox.addressedTo(id, actor, this.access))) {
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'notification.not-addressed',
        { notificationId: id },
        'This notification is addressed to another role or territory',
      );
    }
    return this.inbox.markRead(id, actor.id);
  }
}
