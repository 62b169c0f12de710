/**
 * Sign-in and accounts over HTTP:
 *   POST /v1/auth/sign-in      username and password → access and refresh tokens (public)
 *   POST /v1/auth/refresh      a refresh token → a new pair (public; the old token is spent)
 *   POST /v1/auth/sign-out     ends the sign-in the access or refresh token belongs to (public)
 *   GET  /v1/auth/me           who the token stands for
 *   GET  /v1/auth/sessions     the official's own live sign-ins; DELETE …/:id ends one
 *   /v1/users                  admins keep the accounts (If-Match on changes)
 */
import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { SignInThrottle } from './sign-in-throttle';
import { UsersService } from './users.service';
import { RouteRoles } from '../core/route-roles';
import { DiscoveryModule } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, RouteRoles, SignInThrottle],
  exports: [AuthService],
})
export class AuthModule {}
