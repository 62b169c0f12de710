/**
 * EDS through NCALayer (issue 27): one CmsSignatures for the API, built from config.eds, and the
 * console's EDS options (GET /v1/auth/eds-options: where NCALayer is, whether the developer's key
 * file is allowed). Global, so sign-in, transfer acts and ID-card approvals take the same one.
 */
import { Global, Injectable, Module } from '@nestjs/common';
import { iinHmac } from '../../../../libs/auth/iin-hmac';
import { CmsSignatures } from '../../../../libs/db/eds/cms-signatures';
import { createCmsVerifier } from '../../../../libs/eds/cms';
import type { CmsVerifier } from '../../../../libs/eds/cms/types';
import { AppConfig } from '../core/app-config';
import { Database } from '../core/infrastructure.module';
import { EdsChecksController } from './eds-checks.controller';

@Injectable()
export class EdsSignatures extends CmsSignatures {
  constructor(config: AppConfig, db: Database) {
    const eds = config.value.eds;
    super(
      db.client,
      lazyVerifier(() => createCmsVerifier(eds)),
      eds,
      (iin) => iinHmac(config.value.iinHmacKey, iin),
    );
  }
}

/**
 * The verifier reads its trust folders when first asked, not at start-up: an API whose folder is
 * not filled yet starts, and every signature refused until it is names the folder.
 */
function lazyVerifier(make: () => CmsVerifier): CmsVerifier {
  let verifier: CmsVerifier | undefined;
  return { verify: (request) => (verifier ??= make()).verify(request) };
}

@Global()
@Module({ controllers: [EdsChecksController], providers: [EdsSignatures], exports: [EdsSignatures] })
export class EdsModule {}
