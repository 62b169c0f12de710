/**
 * Acceptance-transfer acts (Rules para 5) and the signers' certificates they are signed with:
 * registering, reading and revoking a certificate; declaring an act, recording its receipt (the
 * files checked against the act), the act as canonical JSON (the bytes each side signs) and as a
 * PDF, and each side's detached signature, verified before it is recorded.
 *
 * An act holds no voter's personal data, but it names the two sides' representatives, and a
 * certificate names its holder: reads are audited like personal data.
 */
import { Module } from '@nestjs/common';
import { CertificatesService } from './certificates.service';
import { TransferActsService } from './transfer-acts.service';
import { CertificatesController } from './certificates.controller';
import { TransferActsController } from './transfer-acts.controller';

@Module({
  controllers: [CertificatesController, TransferActsController],
  providers: [CertificatesService, TransferActsService],
})
export class TransferActsModule {}
