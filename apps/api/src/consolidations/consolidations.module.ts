/**
 * The region's consolidated Appendix 1 voter file for the CEC: requested here, written in the
 * worker (apps/worker/src/consumers/file-exports.ts) from each district's latest staged submission, then
 * downloaded as an MS Access .mdb. The download holds every voter's personal data: it is audited
 * with its reason.
 */
import { Module } from '@nestjs/common';
import { ConsolidationsService } from './consolidations.service';
import { ConsolidationsController } from './consolidations.controller';

@Module({ controllers: [ConsolidationsController], providers: [ConsolidationsService] })
export class ConsolidationsModule {}
