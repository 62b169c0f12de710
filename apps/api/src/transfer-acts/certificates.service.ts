import { HttpStatus, Injectable } from '@nestjs/common';
import type { SignerCertificateModel } from '../../../../libs/db/prisma';
import { CertificateRegistry } from '../../../../libs/db/eds/registry';
import { type SignerRoleName } from '../../../../libs/eds';
import { AuditService } from '../audit/audit.service';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { ReasonQueryDto, RegisterCertificateDto, RevokeCertificateDto, type HolderRole } from './transfer-acts.dto';
import { translated } from './transfer-acts.service';

const ROLE_IN: Record<HolderRole, SignerRoleName> = {
  akimat: 'AKIMAT',
  commission: 'COMMISSION',
  'precinct-member': 'PRECINCT_MEMBER',
  'migration-officer': 'MIGRATION_OFFICER',
  admin: 'ADMIN',
};
const ROLE_OUT: Record<SignerRoleName, HolderRole> = {
  AKIMAT: 'akimat',
  COMMISSION: 'commission',
  PRECINCT_MEMBER: 'precinct-member',
  MIGRATION_OFFICER: 'migration-officer',
  ADMIN: 'admin',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function certificateView(row: SignerCertificateModel) {
  const { holderRole, ...rest } = row;
  return {
    ...rest,
    holderRole: ROLE_OUT[holderRole],
    // GOST 34.10 keys are registered, but their signatures cannot be verified here yet.
    verifiable: !row.publicKeyAlgorithm.startsWith('GOST'),
  };
}

/** The signers' certificates the commissions' and akimats' representatives sign transfer acts with. */
@Injectable()
export class CertificatesService {
  private readonly registry: CertificateRegistry;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {
    this.registry = new CertificateRegistry(db.client);
  }

  async registerCertificate(dto: RegisterCertificateDto, actor: string, requestId?: string) {
    const row = await translated(
      this.registry.register({
        pem: dto.pem,
        holder: dto.holder,
        holderName: dto.holderName,
        holderRole: ROLE_IN[dto.holderRole],
        registeredBy: actor,
        at: new Date().toISOString(),
      }),
    );
    await this.audit.record({
      actor,
      action: 'certificate.register',
      subjectType: 'signer-certificate',
      subjectId: row.id,
      requestId,
    });
    return certificateView(row);
  }

  /** Every certificate, newest first (500 at most), each with who registered and revoked it by name. */
  async certificates(actor: string, requestId?: string) {
    const rows = await this.db.client.signerCertificate.findMany({ orderBy: { registeredAt: 'desc' }, take: 500 });
    const ids = [...new Set(rows.flatMap((r) => [r.registeredBy, r.revokedBy ?? '']))].filter((id) => UUID.test(id));
    const people = new Map(
      (await this.db.client.user.findMany({ where: { id: { in: ids } }, select: { id: true, fullName: true } })).map(
        (u) => [u.id, u.fullName],
      ),
    );
    await this.audit.record({
      actor,
      action: 'certificate.list',
      subjectType: 'signer-certificate',
      subjectId: '*',
      requestId,
    });
    return rows.map((row) => ({
      ...certificateView(row),
      registeredByName: people.get(row.registeredBy) ?? null,
      revokedByName: row.revokedBy ? (people.get(row.revokedBy) ?? null) : null,
    }));
  }

  async certificate(id: string, q: ReasonQueryDto, actor: string, requestId?: string) {
    const row = await this.db.client.signerCertificate.findUnique({ where: { id } });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'certificate.not-found',
        { certificateId: id },
        `No certificate ${id} is registered`,
      );
    await this.audit.record({
      actor,
      action: 'certificate.read',
      subjectType: 'signer-certificate',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    return certificateView(row);
  }

  async revokeCertificate(id: string, dto: RevokeCertificateDto, actor: string, requestId?: string) {
    const row = await translated(
      this.registry.revoke(id, { reason: dto.reason, revokedBy: actor, at: new Date().toISOString() }),
    );
    await this.audit.record({
      actor,
      action: 'certificate.revoke',
      subjectType: 'signer-certificate',
      subjectId: id,
      reason: dto.reason,
      requestId,
    });
    return certificateView(row);
  }
}
