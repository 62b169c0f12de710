/**
 * Submissions as the commission follows them: one per accepted voter file, with what has joined it
 * (the station list and the boundaries, in whatever state their import is), the transfer acts that
 * name it and the reconciliation rounds that read it. No personal data: names and counts only.
 */
import { Module } from '@nestjs/common';
import { SubmissionsService } from './submissions.service';
import { SubmissionsController } from './submissions.controller';

@Module({ controllers: [SubmissionsController], providers: [SubmissionsService] })
export class SubmissionsModule {}
