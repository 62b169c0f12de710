import { HttpStatus, Injectable } from '@nestjs/common';
import { iinHmac } from '../../../../libs/auth/iin-hmac';
import { findRegisterPerson } from '../../../../libs/db/register/read';
import { currentPin } from '../../../../libs/db/register/snapshots';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { PersonLookupDto } from './register.dto';

/** One person's register record, as the current snapshot and the registries' events give it (audited). */
@Injectable()
export class RegisterPeopleService {
  private readonly tokenSecret: string;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.tokenSecret = config.value.iinHmacKey;
  }

  /**
   * One person's record as every reader sees it (the current snapshot with the registries' events
   * on top), for an administrator with a reason. The audit names the person by a keyed hash of the
   * IIN (HMAC under TIZIM_IIN_HMAC_KEY): the same person, the same subject id, which an auditor
   * can compute from an IIN, while the log holds no IIN.
   */
  async person(dto: PersonLookupDto, actor: string, requestId?: string) {
    const pin = await currentPin(this.db.client);
    const person = await findRegisterPerson(this.db.client, dto.iin, pin);
    await this.audit.record({
      actor,
      action: 'register.person.read',
      subjectType: 'register-person',
      subjectId: iinHmac(this.tokenSecret, dto.iin).slice(0, 32),
      reason: dto.reason.trim(),
      requestId,
      outcome: person ? 'ok' : 'not-found',
    });
    if (!person)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'register.person-not-found',
        { version: pin.version, asOf: pin.asOf },
        `The register (snapshot No. ${pin.version} as of ${pin.asOf}) holds no person with this IIN`,
      );
    const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
    return {
      register: pin,
      person: {
        ...person,
        birthDate: day(person.birthDate),
        registeredOn: day(person.registeredOn),
        documentIssuedOn: day(person.documentIssuedOn),
        documentExpiresOn: day(person.documentExpiresOn),
        facts: person.facts.map((f) => ({ ...f, since: day(f.since), until: day(f.until) })),
      },
    };
  }
}
