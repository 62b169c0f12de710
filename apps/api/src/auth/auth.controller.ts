import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TizimConfig } from '../../../../libs/config/config';
import { ANY_ROLE, Allow, MemberAnyTime, type Actor } from '../core/access';
import { clientAddress, Public, type AuthenticatedRequest } from '../core/auth';
import { RateLimit } from '../core/rate-limit';
import { AuthService } from './auth.service';
import { UsersService } from './users.service';
import { RouteRoles } from '../core/route-roles';
import { SignInDto, ChallengeDto, EdsSignInDto, RefreshDto, SignOutDto } from './auth.dto';
import { CurrentActor } from '../core/current-actor.decorator';

/** Per client address; Redis not answering refuses the request (503) rather than let it through uncounted. */
const SIGN_IN_LIMIT = {
  points: (c: TizimConfig) => c.rateLimit.signInPerMinute,
  windowSeconds: 60,
  key: 'ip',
  failClosed: true,
} as const;

/** The caller as the audit names it: the request, and the client address (app.ts: behind a trusted proxy, the one it names). */
const callerOf = (req: AuthenticatedRequest) => ({
  requestId: req.id,
  address: clientAddress(req),
  userAgent: req.header('user-agent') ?? undefined,
});

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
      'Sign in with username and password. After failures the next attempt waits, longer each time (429 with Retry-After); 503 when the attempts cannot be counted',
  })
  signIn(@Body() dto: SignInDto, @Req() req: AuthenticatedRequest) {
    return this.auth.signIn(dto.username, dto.password, callerOf(req));
  }

  @Post('challenge')
  @Public()
  @RateLimit(SIGN_IN_LIMIT)
  @HttpCode(200)
  @ApiOperation({
    summary: 'The EDS sign-in, step 1: a nonce to sign through NCALayer, valid for five minutes and once',
  })
  challenge(@Body() dto: ChallengeDto) {
    return this.auth.challenge(dto.username);
  }

  @Get('eds-options')
  @Public()
  @ApiOperation({
    summary:
      "What the console needs to sign: where NCALayer listens (TIZIM_EDS_NCALAYER_URL) and whether the developer's key-file signing is on (TIZIM_EDS_KEY_FILE)",
  })
  edsOptions() {
    return this.auth.edsOptions();
  }

  @Post('sign-in-eds')
  @Public()
  @RateLimit(SIGN_IN_LIMIT)
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The EDS sign-in, step 2: username, password (a precinct member's IIN too) and the challenge signed through NCALayer as CMS with the holder's authentication key; the certificate must chain to NCA RK, not be revoked, and carry the account's IIN",
  })
  signInWithEds(@Body() dto: EdsSignInDto, @Req() req: AuthenticatedRequest) {
    return this.auth.signInWithEds(dto, callerOf(req));
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
    return this.auth.refresh(dto.refreshToken, callerOf(req));
  }

  // Public: the access token may have expired by the time the official signs out, and the sign-in
  // must end on the server all the same; the refresh token in the body names it then.
  @Post('sign-out')
  @Public()
  @RateLimit(SIGN_IN_LIMIT)
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({
    summary:
      'End this sign-in, named by the access token (Authorization) or the refresh token (body): both stop working',
  })
  async signOut(@Body() dto: SignOutDto, @Req() req: AuthenticatedRequest) {
    const bearer = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1]?.trim();
    await this.auth.signOut({ accessToken: bearer, refreshToken: dto.refreshToken }, req.id);
  }

  @Get('sessions')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('their own sign-ins')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "The official's own live sign-ins: when each began and was last used, from where, and which is this one",
  })
  async sessions(@CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return { items: await this.auth.sessions(actor, req.sessionId) };
  }

  @Delete('sessions/:id')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('ends their own sign-ins')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: "End one of the official's own sign-ins (404 for any other)" })
  async endSession(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: AuthenticatedRequest) {
    await this.auth.endSession(actor, id, req.id);
  }

  @Get('me')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('their own account and routes')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in official: role and territory' })
  async me(@CurrentActor() actor: Actor) {
    // `routes`: what this official may call, from the guards' own rules (the console shows only that).
    const routes = this.routeRoles.routes(actor.role);
    if (actor.id === 'operator')
      return { id: 'operator', username: 'operator', role: 'ADMIN', fullName: 'Operator token', routes };
    // A precinct member's routes that stay open outside voting hours (the rest answer 403 then).
    if (actor.role === 'PRECINCT_MEMBER')
      return {
        ...(await this.users.view(actor.id)),
        routes,
        routesOutsideVotingHours: this.routeRoles.memberAnyTime(),
      };
    return { ...(await this.users.view(actor.id)), routes };
  }
}
