import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANY_ROLE, Allow, MemberAnyTime, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { etag, requiredIfMatch } from '../core/if-match';
import { UsersService } from './users.service';
import { CreateUserDto, UpdateUserDto, PasswordDto, UsersQueryDto } from './users.dto';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Allow('ADMIN', 'DISTRICT_COMMISSION')
  @ApiOperation({
    summary:
      "Create an official's account with its role and territory (admins); a district commission designates its precincts' members (two per precinct)",
  })
  async create(
    @Body() dto: CreateUserDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const user = await this.users.create(dto, actor, req.id);
    res.setHeader('ETag', etag(user.version));
    return user;
  }

  @Get()
  @ApiOperation({
    summary: 'Accounts by role and territory, by username, paged by cursor (admins; audited: it names officials)',
  })
  list(@Query() q: UsersQueryDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.users.list(q, actor, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account; its ETag is the version to send in If-Match (admins)' })
  async view(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response) {
    const user = await this.users.view(id);
    res.setHeader('ETag', etag(user.version));
    return user;
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change the name, role and territory, disable or unlock an account (If-Match required; admins)',
  })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const user = await this.users.update(id, requiredIfMatch(ifMatch, 'account'), dto, actor, req.id);
    res.setHeader('ETag', etag(user.version));
    return user;
  }

  @Post(':id/password')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('their own password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a password: an admin for anyone; an official for themself, with the current one. Ends the sign-ins',
  })
  async password(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PasswordDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.users.setPassword(id, dto, actor, req.id);
  }
}
