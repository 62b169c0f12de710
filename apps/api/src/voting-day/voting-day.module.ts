/**
 * Voting day (DOMAIN §3): the referendum days, the precinct members' applications and their
 * decisions, the territorial commission's escalations, the supplementary lists, the security
 * incidents for the personal-data authority, and the e-gov deliveries.
 *
 * Who may act:
 *  - a precinct member, for their own precinct, only while voting is under way (opensAt to closesAt);
 *    they see an applicant's personal data only through an open application of their precinct;
 *  - the district (territorial) commission, for its district, once an application has escalated
 *    (open too long, or still open at the close of voting): it decides it, during or after voting;
 *  - regional commissions, CEC coordinators and admins read, within their territory.
 * Every read of personal data is audited with who, when, what and why; an official's many reads
 * in a short time raise a security-incident record.
 */
import { Module } from '@nestjs/common';
import { VotingDayController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { EgovDeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { VotingDayEscalationsController } from './escalations.controller';
import { VotingDayEscalationsService } from './escalations.service';
import { PersonalDataController } from './incidents.controller';
import { IncidentsService } from './incidents.service';
import { VotingDayStationsController } from './stations.controller';
import { VotingDayStationsService } from './stations.service';
import { VotingDaysController } from './voting-days.controller';
import { VotingDaysService } from './voting-days.service';

@Module({
  controllers: [
    VotingDaysController,
    VotingDayController,
    VotingDayEscalationsController,
    PersonalDataController,
    EgovDeliveriesController,
    VotingDayStationsController,
  ],
  providers: [
    VotingDaysService,
    ApplicationsService,
    VotingDayEscalationsService,
    IncidentsService,
    DeliveriesService,
    VotingDayStationsService,
  ],
})
export class VotingDayModule {}
