/**
 * Liveness (/health: the process answers) and readiness (/ready: PostgreSQL, Redis and Temporal
 * all answer within a short timeout, and a worker polls the workflow and activity task queues).
 * Readiness is 503 with each component's state when any fails; in production the states go to a
 * signed-in caller only, the public gets the status.
 */
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [AuthModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
