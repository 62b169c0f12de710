/**
 * The real-estate register (the justice ministry's). Tizim cannot reach the real one;
 * LocalPropertyRegistry answers from property_record in our own PostgreSQL, where the owner is
 * kept as the keyed hash of their IIN (README, "Personal data"): the registry answers whether the
 * citizen who asks owns the property, and never hands out who does.
 */
import { iinHmac } from '../auth/iin-hmac';
import type { PrismaClient } from '../db/prisma';
import type { AddressOnRecord } from './state-registration';

export interface PropertyOnRecord extends AddressOnRecord {
  cadastralNumber: string;
  /** Whether the citizen who asked is its owner. */
  askerIsOwner: boolean;
}

export interface PropertyRegistry {
  /** The property, and whether `askerIin` (the citizen asking, personal data) owns it. */
  findProperty(cadastralNumber: string, askerIin: string): Promise<PropertyOnRecord | null>;
}

/** A property as the local stand-in records it (the seed and tests write them). */
export interface PropertyToRecord extends AddressOnRecord {
  cadastralNumber: string;
  /** Personal data: kept as its keyed hash only. */
  ownerIin: string;
}

export class LocalPropertyRegistry implements PropertyRegistry {
  /** `iinKey`: the key of the IINs' keyed hash (TIZIM_IIN_HMAC_KEY). */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly iinKey: string,
  ) {}

  async findProperty(cadastralNumber: string, askerIin: string): Promise<PropertyOnRecord | null> {
    const row = await this.prisma.propertyRecord.findUnique({ where: { cadastralNumber } });
    if (!row) return null;
    const { ownerIinHmac, ...property } = row;
    return { ...property, askerIsOwner: ownerIinHmac === iinHmac(this.iinKey, askerIin) };
  }

  /** Records a property (idempotent by cadastral number: a known one is left as it is). */
  async record(p: PropertyToRecord): Promise<void> {
    const { ownerIin, ...rest } = p;
    await this.prisma.propertyRecord.upsert({
      where: { cadastralNumber: p.cadastralNumber },
      create: { ...rest, ownerIinHmac: iinHmac(this.iinKey, ownerIin) },
      update: {},
    });
  }
}
