/**
 * The central register's snapshots (issue 20), for administrators: upload of the CEC's register
 * extract (multipart, streamed to disk), kept by its SHA-256 and recorded as an IMPORTING
 * snapshot before the answer; the import runs in the worker (BullMQ), so 12.5 million rows never
 * hold a request. Progress (rows and bytes read), the verdict, the report and the held-back rows'
 * problems (row, field, rule: never a value) are read back. Every call is audited, without
 * personal data.
 */
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../core/app-config';
import { uploadOptions } from '../core/uploads';
import { RegisterPeopleService } from './register-people.service';
import { RegisterSnapshotsService } from './register-snapshots.service';
import { RegisterSnapshotsController } from './register-snapshots.controller';
import { RegisterPeopleController } from './register-people.controller';

@Module({
  imports: [
    MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => uploadOptions(config.value) }),
  ],
  controllers: [RegisterSnapshotsController, RegisterPeopleController],
  providers: [RegisterSnapshotsService, RegisterPeopleService],
})
export class RegisterModule {}
