/**
 * Escalations (issue 7, part 2): listed by period, territory, rung and status with a cursor;
 * one read with its version as ETag; acknowledged (an official answers for it: the ladder stops
 * climbing) and resolved (with a note) by a CEC coordinator or the regional commission of its
 * region, each change naming the version it read in If-Match (412 when stale, 428 when missing).
 *
 * The cycle workflows raise, climb and resolve escalations too (libs/db/cycle.ts).
 * An official's change is written first, under the version check; the workflow is then told by a
 * signal (escalationHandled) so its ladder stops and its state says so. Should the signal not
 * arrive (the workflow ended, Temporal unreachable), the record still stops climbing: the climb
 * activity leaves an acknowledged or resolved escalation where it is.
 */
import { Module } from '@nestjs/common';
import { EscalationsController } from './escalations.controller';
import { EscalationsService } from './escalations.service';

@Module({ controllers: [EscalationsController], providers: [EscalationsService] })
export class EscalationsModule {}
