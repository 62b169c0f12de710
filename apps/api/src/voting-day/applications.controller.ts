import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, MemberAnyTime, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import {
  ApplicationsQueryDto,
  ApplicationView,
  CallCentreDto,
  DecisionDto,
  PersonalDataView,
  ReasonQuery,
  RegisterApplicationDto,
  RejectionPdfQuery,
} from './voting-day.dto';
import { CurrentActor } from '../core/current-actor.decorator';
import { ApplicationsService } from './applications.service';

export const READERS = [
  'ADMIN',
  'CEC_COORDINATOR',
  'REGIONAL_COMMISSION',
  'DISTRICT_COMMISSION',
  'PRECINCT_MEMBER',
] as const;

@ApiTags('voting-day')
@ApiBearerAuth()
@Controller('v1/voting-day')
export class VotingDayController {
  constructor(private readonly service: ApplicationsService) {}

  @Post('applications')
  @Allow('PRECINCT_MEMBER')
  @HttpCode(202)
  @ApiOperation({
    summary: "Register a citizen's written application at the member's precinct; the registration lookup starts",
  })
  @ApiAcceptedResponse({ type: ApplicationView })
  @ApiForbiddenResponse({ description: 'No voting is under way' })
  @ApiConflictResponse({ description: 'The citizen already has an open application today' })
  register(
    @Body() dto: RegisterApplicationDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<ApplicationView> {
    return this.service.register(dto, actor, req.id);
  }

  @Get('applications')
  @Allow(...READERS)
  @MemberAnyTime("applications' numbers and statuses: no applicant's personal data")
  @ApiOperation({ summary: "Applications of a voting day in the official's territory (no personal data)" })
  @ApiOkResponse({ type: [ApplicationView] })
  list(@Query() q: ApplicationsQueryDto, @CurrentActor() actor: Actor): Promise<ApplicationView[]> {
    return this.service.list(q, actor);
  }

  @Get('applications/:id')
  @Allow(...READERS)
  @MemberAnyTime("an application's number and status: no applicant's personal data")
  @ApiOkResponse({ type: ApplicationView })
  read(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<ApplicationView> {
    return this.service.read(id, actor, req.id);
  }

  @Get('applications/:id/personal-data')
  @Allow(...READERS)
  @ApiOperation({ summary: "The applicant's IIN, names and registration as the service returned them (audited)" })
  @ApiOkResponse({ type: PersonalDataView })
  personalData(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReasonQuery,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<PersonalDataView> {
    return this.service.personalData(id, q, actor, req.id);
  }

  @Get('applications/:id/history')
  @Allow(...READERS)
  @MemberAnyTime("what happened to an application, when, by whom: no applicant's personal data")
  @ApiOperation({ summary: "The application's history: what happened, when, by whom (no personal data)" })
  history(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.history(id, actor, req.id);
  }

  @Post('applications/:id/call-centre')
  @Allow('PRECINCT_MEMBER', 'DISTRICT_COMMISSION')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the precinct number the regional call centre gave' })
  @ApiOkResponse({ type: ApplicationView })
  callCentre(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CallCentreDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<ApplicationView> {
    return this.service.callCentre(id, dto, actor, req.id);
  }

  @Post('applications/:id/decision')
  @Allow('PRECINCT_MEMBER', 'DISTRICT_COMMISSION')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record the commission's decision: include in the supplementary list, or a reasoned rejection",
  })
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'The decision is not possible now (the reason says why)' })
  decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DecisionDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<ApplicationView> {
    return this.service.decide(id, dto, actor, req.id);
  }

  @Post('applications/:id/retry-lookup')
  @Allow('PRECINCT_MEMBER', 'DISTRICT_COMMISSION')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the state registration service again, after it did not answer' })
  @ApiOkResponse({ type: ApplicationView })
  retryLookup(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<ApplicationView> {
    return this.service.retryLookup(id, actor, req.id);
  }

  @Get('applications/:id/rejection.pdf')
  @Allow(...READERS)
  @ApiOperation({ summary: "The applicant's copy of the reasoned rejection, to print (Russian or Kazakh)" })
  @ApiProduces('application/pdf')
  async rejectionCopy(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: RejectionPdfQuery,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { bytes, fileName } = await this.service.rejectionCopy(id, q, actor, req.id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
    return new StreamableFile(bytes);
  }

  @Get('stations/:stationId/supplementary-list')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'PRECINCT_MEMBER')
  @ApiOperation({ summary: "The precinct's supplementary list of the voting day (personal data, audited)" })
  supplementaryList(
    @Param('stationId', new ParseUUIDPipe()) stationId: string,
    @Query() q: ReasonQuery,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.supplementaryList(stationId, q, actor, req.id);
  }
}
