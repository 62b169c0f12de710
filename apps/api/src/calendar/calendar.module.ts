/**
 * The working-day calendar and the statutory deadlines over HTTP.
 *
 *   GET  /v1/calendar                      years on record
 *   GET  /v1/calendar/:year                a year: days off with their reasons, the document, its revision (ETag)
 *   PUT  /v1/calendar/:year                add or correct a year (If-Match: "<revision>"; audited)
 *   GET  /v1/calendar/:year/revisions      who changed the year, when and why
 *   GET  /v1/deadlines                     when does "N working days after <event>" end
 *   GET  /v1/periods/:period/schedule      the cycle's deadlines: forward, backward, projection
 *
 * Reading needs any signed-in official; changing a year is the admin's.
 */
import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({ controllers: [CalendarController], providers: [CalendarService] })
export class CalendarModule {}
