import { HttpStatus, Injectable } from '@nestjs/common';
import type { SignerCertificateModel } from '../../../../libs/db/prisma';
import { CertificateRegistry } from '../../../../libs/db/eds/registry';
import { type SignerRoleName } from '../../../../libs/eds';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
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

/** The request a second admin has still to decide, if any (TIZIM_CERTIFICATE_APPROVALS=two-admins). */
function pendingOf(row: SignerCertificateModel): 'registration' | 'revocation' | null {
  if (!row.registrationApprovedAt) return 'registration';
  if (row.revocationRequestedAt && !row.revokedAt) return 'revocation';
  return null;
}

function certificateView(row: SignerCertificateModel) {
  const { holderRole, ...rest } = row;
  return {
    ...rest,
    holderRole: ROLE_OUT[holderRole],
    pending: pendingOf(row),
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
    private readonly config: AppConfig,
  ) {
    this.registry = new CertificateRegistry(db.client);
  }

  /** Whether a registration or revocation waits for a second admin (ASVS V1.4/V4.1: no admin decides it alone). */
  private get twoAdmins(): boolean {
    return this.config.value.certificateApprovals === 'two-admins';
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
        approved: !this.twoAdmins,
      }),
    );
    await this.audit.record({
      actor,
      action: this.twoAdmins ? 'certificate.register-requested' : 'certificate.register',
      subjectType: 'signer-certificate',
      subjectId: row.id,
      requestId,
    });
    return certificateView(row);
  }

  /** Every certificate, newest first (500 at most), each with who registered and revoked it by name. */
  async certificates(actor: string, requestId?: string) {
    const rows = await this.db.client.signerCertificate.findMany({ orderBy: { registeredAt: 'desc' }, take: 500 });
    const ids = [
      ...new Set(
        rows.flatMap((r) => [
          r.registeredBy,
          r.revokedBy ?? '',
          r.revocationRequestedBy ?? '',
          r.registrationApprovedBy ?? '',
        ]),
      ),
    ].filter((id) => UUID.test(id));
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
      revocationRequestedByName: row.revocationRequestedBy ? (people.get(row.revocationRequestedBy) ?? null) : null,
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
    if (this.twoAdmins) return this.requestRevocation(id, dto, actor, requestId);
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

  /** Two admins: the revocation is a request; the certificate signs as before until another admin approves it. */
  private async requestRevocation(id: string, dto: RevokeCertificateDto, actor: string, requestId?: string) {
    const row = await this.found(id);
    if (row.revokedAt)
      throw new Problem(
        HttpStatus.CONFLICT,
        'certificate.already-revoked',
        {},
        `Certificate ${id} was already revoked on ${row.revokedAt.toISOString()}`,
      );
    if (!row.registrationApprovedAt)
      throw new Problem(
        HttpStatus.CONFLICT,
        'certificate.registration-pending',
        {},
        `Certificate ${id} is not registered yet: its registration waits for a second admin; reject it instead`,
      );
    const updated = await this.db.client.signerCertificate.updateMany({
      where: { id, revokedAt: null, revocationRequestedAt: null },
      data: { revocationRequestedAt: new Date(), revocationRequestedBy: actor, revocationRequestReason: dto.reason },
    });
    if (updated.count === 0)
      throw new Problem(
        HttpStatus.CONFLICT,
        'certificate.revocation-pending',
        {},
        `The revocation of certificate ${id} already waits for a second admin's approval`,
      );
    await this.audit.record({
      actor,
      action: 'certificate.revoke-requested',
      subjectType: 'signer-certificate',
      subjectId: id,
      reason: dto.reason,
      requestId,
    });
    return certificateView(await this.found(id));
  }

  /** A second admin approves the pending registration (it signs from now on) or revocation (it signs nothing more). */
  async approve(id: string, actor: string, requestId?: string) {
    const { row, pending } = await this.decidable(id, actor, 'certificate.approve', requestId);
    const now = new Date();
    const updated =
      pending === 'registration'
        ? await this.db.client.signerCertificate.updateMany({
            where: { id, registrationApprovedAt: null },
            data: { registrationApprovedAt: now, registrationApprovedBy: actor },
          })
        : await this.db.client.signerCertificate.updateMany({
            where: { id, revokedAt: null, revocationRequestedAt: { not: null } },
            data: {
              revokedAt: now,
              revokedBy: row.revocationRequestedBy,
              revocationReason: row.revocationRequestReason,
              revocationApprovedBy: actor,
            },
          });
    if (updated.count === 0) throw nothingPending(id);
    await this.audit.record({
      actor,
      action: 'certificate.approve',
      subjectType: 'signer-certificate',
      subjectId: id,
      requestId,
    });
    return certificateView(await this.found(id));
  }

  /**
   * A second admin rejects the pending request: a rejected registration is removed (the
   * certificate is not registered; it may be submitted again), a rejected revocation leaves the
   * certificate valid. The reason stays in the audit trail.
   */
  async reject(id: string, dto: RevokeCertificateDto, actor: string, requestId?: string) {
    const { pending } = await this.decidable(id, actor, 'certificate.reject', requestId);
    const updated =
      pending === 'registration'
        ? await this.db.client.signerCertificate.deleteMany({ where: { id, registrationApprovedAt: null } })
        : await this.db.client.signerCertificate.updateMany({
            where: { id, revokedAt: null, revocationRequestedAt: { not: null } },
            data: { revocationRequestedAt: null, revocationRequestedBy: null, revocationRequestReason: null },
          });
    if (updated.count === 0) throw nothingPending(id);
    await this.audit.record({
      actor,
      action: 'certificate.reject',
      subjectType: 'signer-certificate',
      subjectId: id,
      reason: dto.reason,
      requestId,
    });
    if (pending === 'registration') return { id, rejected: pending };
    return { ...certificateView(await this.found(id)), rejected: pending };
  }

  /**
   * The pending request another named admin may decide. The operator token names no person (and
   * whoever holds it may also hold an admin account), so it may ask but never decide; the
   * requester may not decide their own request. Each refusal is audited.
   */
  private async decidable(id: string, actor: string, action: string, requestId?: string) {
    const row = await this.found(id);
    const pending = pendingOf(row);
    if (!pending) throw nothingPending(id);
    const requester = pending === 'registration' ? row.registeredBy : row.revocationRequestedBy;
    const refusal =
      actor === 'operator'
        ? new Problem(
            HttpStatus.FORBIDDEN,
            'certificate.approver-not-named',
            {},
            'A request is approved or rejected by an admin signed in with their own account, not the operator token',
          )
        : actor === requester
          ? new Problem(
              HttpStatus.FORBIDDEN,
              'certificate.same-admin',
              {},
              'You made this request: another admin approves or rejects it',
            )
          : null;
    if (refusal) {
      await this.audit.record({
        actor,
        action,
        subjectType: 'signer-certificate',
        subjectId: id,
        requestId,
        outcome: 'refused',
      });
      throw refusal;
    }
    return { row, pending };
  }

  private async found(id: string): Promise<SignerCertificateModel> {
    const row = await this.db.client.signerCertificate.findUnique({ where: { id } });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'certificate.not-found',
        { certificateId: id },
        `No certificate ${id} is registered`,
      );
    return row;
  }
}

function nothingPending(id: string): Problem {
  return new Problem(
    HttpStatus.CONFLICT,
    'certificate.nothing-pending',
    {},
    `Certificate ${id} has no registration or revocation waiting for approval`,
  );
}
