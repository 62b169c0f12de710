/**
 * Uploads to the API (the akimats' files, the CEC's register extracts): written by multer straight
 * to disk under the file store, and the temporary file removed once the request is answered.
 */
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { diskStorage } from 'multer';
import { finalize, type Observable } from 'rxjs';
import type { TizimConfig } from '../../../../libs/config/config';

/**
 * The upload's temporary file goes once the request is answered, whatever the answer (a refused
 * field included): by then the store holds its own copy.
 */
@Injectable()
export class DiscardUpload implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<{ file?: Express.Multer.File }>();
    return next.handle().pipe(
      finalize(() => {
        if (req.file?.path) void rm(req.file.path, { force: true });
      }),
    );
  }
}

/**
 * Multer writes the upload straight to disk (never whole in memory), refusing it past the limit.
 * A file's name comes as UTF-8 bytes (browsers and curl send it so, as the HTML standard says);
 * busboy would read them as Latin-1 unless told, and «избиратели_7101.csv» would be stored as
 * mojibake that no transfer act names. A name sent RFC 5987 style (filename*=UTF-8''…) is decoded
 * by the charset it names, and wins over a plain filename beside it.
 */
export function uploadOptions(config: TizimConfig) {
  const dir = join(config.files.storeDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  return {
    storage: diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, randomUUID()) }),
    limits: { fileSize: config.files.maxUploadBytes, files: 1 },
    defParamCharset: 'utf8',
  };
}
