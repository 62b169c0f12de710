/**
 * Files from the akimats: upload (multipart, streamed to disk, size-limited) of a voter file
 * (Appendix 1), a station list (Appendix 2) or boundaries (Appendix 3), the verdict with the rows
 * read so far while the import runs, and the rejection report. The upload is kept by its SHA-256
 * and recorded before the answer; the import runs in the worker (BullMQ), so a 1.5-million-row
 * file never holds a request.
 */
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../core/app-config';
import { uploadOptions } from '../core/uploads';
import { FilesService } from './files.service';
import { FilesController } from './files.controller';

@Module({
  imports: [
    MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => uploadOptions(config.value) }),
  ],
  controllers: [FilesController],
  providers: [FilesService],
})
export class FilesModule {}
