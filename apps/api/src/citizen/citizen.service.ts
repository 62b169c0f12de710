import { HttpStatus, Injectable } from '@nestjs/common';
import { Problem } from '../core/problem';
import { LocalPropertyRegistry, type PropertyRegistry } from '../../../../libs/gateways/property-registry';
import {
  LocalStateRegistrationService,
  StateRegistrationUnavailableError,
  type StateRegistrationService,
} from '../../../../libs/gateways/state-registration';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import type { Citizen } from '../core/auth';
import { Database } from '../core/infrastructure.module';
import { findRegisterPerson } from '../../../../libs/db/register/read';

/** "980109050588" → "98******0588": enough for a family to recognise its own, not to use it. */
export function maskIin(iin: string): string {
  return `${iin.slice(0, 2)}******${iin.slice(8)}`;
}

const both = (ru: string, kk: string) => `${ru} / ${kk}`;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

@Injectable()
export class CitizenService {
  private readonly registration: StateRegistrationService;
  private readonly properties: PropertyRegistry;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.registration = new LocalStateRegistrationService(db.client);
    this.properties = new LocalPropertyRegistry(db.client, config.value.iinHmacKey);
  }

  private async unavailable<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof StateRegistrationUnavailableError) {
        throw new Problem(
          HttpStatus.SERVICE_UNAVAILABLE,
          'citizen.registration-unavailable',
          {},
          both(
            'Сервис регистрации временно недоступен, повторите позже',
            'Тіркеу қызметі уақытша қолжетімсіз, кейінірек қайталаңыз',
          ),
        );
      }
      throw err;
    }
  }

  async ownAddress(citizen: Citizen, requestId?: string) {
    const found = await this.unavailable(() => this.registration.findRegisteredAddress(citizen.iin, new Date()));
    await this.audit.record({
      actor: citizen.id,
      action: 'citizen.address.read',
      subjectType: 'citizen',
      subjectId: citizen.id,
      reason: 'own address in the e-gov cabinet',
      requestId,
      outcome: found ? 'ok' : 'not-found',
    });
    if (!found)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'citizen.no-registration',
        {},
        both('Постоянная регистрация не найдена', 'Тұрақты тіркеу табылмады'),
      );
    const [region, district, voter] = await Promise.all([
      this.db.client.region.findUnique({ where: { code: found.regionCode }, select: { nameRu: true, nameKk: true } }),
      this.db.client.district.findUnique({ where: { id: found.districtId }, select: { nameRu: true, nameKk: true } }),
      findRegisterPerson(this.db.client, citizen.iin),
    ]);
    return {
      region: { code: found.regionCode, nameRu: region?.nameRu ?? null, nameKk: region?.nameKk ?? null },
      district: { id: found.districtId, nameRu: district?.nameRu ?? null, nameKk: district?.nameKk ?? null },
      locality: found.locality,
      street: found.street,
      house: found.house,
      apartment: found.apartment,
      registeredOn: day(voter?.registeredOn ?? null),
    };
  }

  async residents(citizen: Citizen, cadastralNumber: string, requestId?: string) {
    const property = await this.properties.findProperty(cadastralNumber, citizen.iin);
    const record = (outcome: 'ok' | 'refused' | 'not-found') =>
      this.audit.record({
        actor: citizen.id,
        action: 'citizen.property.residents',
        subjectType: 'property',
        subjectId: cadastralNumber,
        reason: "owner's view of who is registered",
        requestId,
        outcome,
      });
    if (!property) {
      await record('not-found');
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'citizen.property-not-found',
        {},
        both(
          'Недвижимость с таким кадастровым номером не найдена',
          'Мұндай кадастрлық нөмірі бар жылжымайтын мүлік табылмады',
        ),
      );
    }
    if (!property.askerIsOwner) {
      await record('refused');
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'citizen.not-owner',
        {},
        both(
          'Сведения о зарегистрированных лицах доступны только собственнику этой недвижимости',
          'Тіркелген адамдар туралы мәліметтер тек осы жылжымайтын мүліктің меншік иесіне қолжетімді',
        ),
      );
    }
    const residents = await this.unavailable(() => this.registration.findResidents(property));
    await record('ok');
    return {
      property: {
        cadastralNumber,
        locality: property.locality,
        street: property.street,
        house: property.house,
        apartment: property.apartment,
      },
      residents: residents.map((r) => ({ iin: maskIin(r.iin), registeredOn: day(r.registeredOn) })),
    };
  }
}
