/**
 * Liveness (/health: the process answers) and readiness (/ready: PostgreSQL, Redis and Temporal
 * all answer within a short timeout). Readiness is 503 with each component's state when any fails.
 */
import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

@Module({ controllers: [HealthController] })
export class HealthModule {}
