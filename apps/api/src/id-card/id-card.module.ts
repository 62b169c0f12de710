/**
 * The online ID-card exchange (DOMAIN §4, seed id-card-online-exchange-pilot.ru.txt) over the API.
 *
 * Citizens, through the e-gov portal (@ForCitizens): the state fee as the payment gateway confirmed
 * it (local stand-in), an application (one idCardExchangeWorkflow each), their own applications.
 * Officers of a region's migration service (MIGRATION_OFFICER, their region only): the queue of
 * applications with their review deadlines, the approval text to sign, approval with EDS (verified
 * here against the officer's registered certificate before the workflow hears of it) or annulment,
 * and handing the card out by ticket number. The central production node (the operator, ADMIN)
 * reports a card produced. Every read of an application is audited; refusals to citizens are in
 * Russian and Kazakh, as the portal shows them.
 */
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../core/app-config';
import { uploadOptions } from '../core/uploads';
import { CitizenIdCardService } from './citizen-id-card.service';
import { IdCardRowsService } from './id-card-rows.service';
import { IdCardService } from './id-card.service';
import { CitizenIdCardController } from './citizen-id-card.controller';
import { IdCardController } from './id-card.controller';

@Module({
  // The citizen's photo and signature arrive as multipart uploads, streamed to disk (as the akimats' files).
  imports: [
    MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => uploadOptions(config.value) }),
  ],
  controllers: [CitizenIdCardController, IdCardController],
  providers: [IdCardRowsService, CitizenIdCardService, IdCardService],
})
export class IdCardModule {}
