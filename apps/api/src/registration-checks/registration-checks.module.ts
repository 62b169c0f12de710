/**
 * Registration checks: the first end-to-end slice, now an administrator's tool. POST starts a
 * Temporal workflow that looks the citizen up in the register, records the outcome and notifies the
 * citizen's e-gov cabinet through BullMQ; GET reads the recorded outcome. Both are audited.
 * Precinct members do not look IINs up here: they register an application
 * (/v1/voting-day/applications), and the lookup is made for it.
 */
import { Module } from '@nestjs/common';
import { RegistrationChecksService } from './registration-checks.service';
import { RegistrationChecksController } from './registration-checks.controller';

@Module({ controllers: [RegistrationChecksController], providers: [RegistrationChecksService] })
export class RegistrationChecksModule {}
