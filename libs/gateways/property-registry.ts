/**
 * The real-estate register (the justice ministry's). Tizim cannot reach the real one;
 * LocalPropertyRegistry answers from property_record in our own PostgreSQL.
 */
import type { PrismaClient } from '../db/prisma';
import type { AddressOnRecord } from './state-registration';

export interface PropertyOnRecord extends AddressOnRecord {
  cadastralNumber: string;
  /** Personal data. */
  ownerIin: string;
}

export interface PropertyRegistry {
  findProperty(cadastralNumber: string): Promise<PropertyOnRecord | null>;
}

export class LocalPropertyRegistry implements PropertyRegistry {
  constructor(private readonly prisma: PrismaClient) {}

  async findProperty(cadastralNumber: string): Promise<PropertyOnRecord | null> {
    return this.prisma.propertyRecord.findUnique({ where: { cadastralNumber } });
  }
}
