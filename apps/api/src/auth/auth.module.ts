/**
 * Sign-in and accounts over HTTP:
 *   POST /v1/auth/sign-in      username and password → access and refresh tokens (public)
 *   POST /v1/auth/refresh      a refresh token → a new pair (public; the old token is spent)
 *   POST /v1/auth/sign-out     ends the sign-in the access token belongs to
 *   GET  /v1/auth/me           who the token stands for
 *   /v1/users                  admins keep the accounts (If-Match on changes)
 */
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Module,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import type { TizimConfig } from '../../../../libs/config/config';
import { ANY_ROLE, Allow, ROLES, type Role } from '../core/access';
import { Public, type AuthenticatedRequest } from '../core/auth';
import { RateLimit } from '../core/rate-limit';
import { etag, requiredIfMatch } from '../core/if-match';
import { AuthService } from './auth.service';
import { UsersService } from './users.service';
import { RouteRoles } from '../core/route-roles';
import { DiscoveryModule } from '@nestjs/core';

export class SignInDto {
  @ApiProperty({ example: 'registrar.7101' })
  @IsString()
  @Length(1, 100, { message: 'username is required' })
  username!: string;
  @ApiProperty() @IsString() @Length(1, 256, { message: 'password is required' }) password!: string;
}

export class ChallengeDto {
  @ApiProperty({ example: 'member.7101.1' })
  @IsString()
  @Length(1, 100, { message: 'username is required' })
  username!: string;
}

export class EdsSignInDto extends SignInDto {
  @ApiProperty({ description: "The member's IIN (12 digits)" })
  @Matches(/^\d{12}$/, { message: 'iin must be 12 digits' })
  iin!: string;
  @ApiProperty({ description: 'challengeId of POST /v1/auth/challenge' })
  @IsUUID('all', { message: 'challengeId must be the id of a challenge' })
  challengeId!: string;
  @ApiProperty({ description: "The member's registered certificate: its id or SHA-256 fingerprint" })
  @IsString()
  @Length(1, 100)
  certificateId!: string;
  @ApiProperty({
    description:
      "Base64 of the raw signature over the challenge's nonce (its UTF-8 text), made with the certificate's key",
  })
  @IsString()
  @Length(1, 2000)
  signature!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refreshToken of the last sign-in or refresh' })
  @IsString()
  @Length(1, 200)
  refreshToken!: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,62}$/i;

class TerritoryDto {
  @ApiPropertyOptional({ example: '71', description: "A regional commission's region" })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional({ example: '7101', description: "A district commission's or akimat registrar's district" })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  districtId?: string;
  @ApiPropertyOptional({ description: "A precinct member's polling station (its id)" })
  @IsOptional()
  @IsUUID('all', { message: 'stationId must be the id of a polling station' })
  stationId?: string;
}

export class CreateUserDto extends TerritoryDto {
  @ApiProperty({
    example: 'registrar.7101',
    description: '3-63 letters, digits, dots, dashes, underscores; kept in lower case',
  })
  @Matches(USERNAME, { message: 'username must be 3-63 letters, digits, dots, dashes or underscores' })
  username!: string;
  @ApiProperty({ example: 'Ахметова Айгуль Сериковна' })
  @IsString()
  @Length(1, 200, { message: 'fullName is required' })
  fullName!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }) role!: Role;
  @ApiProperty({ description: 'At least 12 characters, not containing the username' })
  @IsString()
  @Length(1, 256)
  password!: string;
  @ApiPropertyOptional({ description: "A precinct member's IIN: they sign in with it (stored only as an HMAC)" })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'iin must be 12 digits' })
  iin?: string;
}

export class UpdateUserDto extends TerritoryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) fullName?: string;
  @ApiPropertyOptional({ enum: ROLES, description: 'A new role: send the territory it acts for with it' })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;
  @ApiPropertyOptional({ description: 'true disables the account and ends its sign-ins' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
  @ApiPropertyOptional({ description: 'true lifts a lock-out after failed sign-ins' })
  @IsOptional()
  @IsBoolean()
  unlock?: boolean;
}

export class PasswordDto {
  @ApiProperty() @IsString() @Length(1, 256) password!: string;
  @ApiPropertyOptional({ description: 'Required when changing your own password' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  currentPassword?: string;
}

export class UsersQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 16) districtId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  after?: string;
}

const SIGN_IN_LIMIT = {
  points: (c: TizimConfig) => c.rateLimit.signInPerMinute,
  windowSeconds: 60,
  key: 'ip',
} as const;

@ApiTags('sign-in')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly routeRoles: RouteRoles,
  ) {}

  @Post('sign-in')
  @Public()
  @RateLimit(SIGN_IN_LIMIT)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in with username and password. Repeated failures lock the account for a while (429 with Retry-After)',
  })
  signIn(@Body() dto: SignInDto, @Req() req: AuthenticatedRequest) {
    return this.auth.signIn(dto.username, dto.password, req.id);
  }

  @Post('challenge')
  @Public()
  @RateLimit(SIGN_IN_LIMIT)
  @HttpCode(200)
  @ApiOperation({
    summary: "A precinct member's sign-in, step 1: a nonce to sign with the EDS key, valid for five minutes and once",
  })
  challenge(@Body() dto: ChallengeDto) {
    return this.auth.challenge(dto.username);
  }

  @Post('sign-in-eds')
  @Public()
  @RateLimit(SIGN_IN_LIMIT)
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A precinct member's sign-in, step 2: username, password, IIN and the challenge signed with the registered certificate's key",
  })
  signInWithEds(@Body() dto: EdsSignInDto, @Req() req: AuthenticatedRequest) {
    return this.auth.signInWithEds(dto, req.id);
  }

  @Post('refresh')
  @Public()
  @RateLimit(SIGN_IN_LIMIT)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A new access token and refresh token for a refresh token; the one sent is spent (sent again, it ends the sign-in)',
  })
  refresh(@Body() dto: RefreshDto, @Req() req: AuthenticatedRequest) {
    return this.auth.refresh(dto.refreshToken, req.id);
  }

  @Post('sign-out')
  @Allow(...ANY_ROLE)
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'End this sign-in: its refresh token and access token stop working' })
  async signOut(@Req() req: AuthenticatedRequest) {
    await this.auth.signOut(req.actor!, req.sessionId, req.id);
  }

  @Get('me')
  @Allow(...ANY_ROLE)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in official: role and territory' })
  async me(@Req() req: AuthenticatedRequest) {
    // `routes`: what this official may call, from the guards' own rules (the console shows only that).
    const routes = this.routeRoles.routes(req.actor!.role);
    if (req.actor!.id === 'operator')
      return { id: 'operator', username: 'operator', role: 'ADMIN', fullName: 'Operator token', routes };
    return { ...(await this.users.view(req.actor!.id)), routes };
  }
}

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
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const user = await this.users.create(dto, req.actor!, req.id);
    res.setHeader('ETag', etag(user.version));
    return user;
  }

  @Get()
  @ApiOperation({ summary: 'Accounts by role and territory, by username, paged by cursor (admins)' })
  list(@Query() q: UsersQueryDto) {
    return this.users.list(q);
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
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const user = await this.users.update(id, requiredIfMatch(ifMatch, 'account'), dto, req.actor!, req.id);
    res.setHeader('ETag', etag(user.version));
    return user;
  }

  @Post(':id/password')
  @Allow(...ANY_ROLE)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a password: an admin for anyone; an official for themself, with the current one. Ends the sign-ins',
  })
  async password(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PasswordDto,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.users.setPassword(id, dto, req.actor!, req.id);
  }
}

@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, RouteRoles],
  exports: [AuthService],
})
export class AuthModule {}
