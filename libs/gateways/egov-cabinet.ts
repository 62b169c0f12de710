/**
 * The citizen's personal cabinet on the e-government portal. Tizim cannot reach the real portal;
 * LocalEgovCabinet keeps the messages in our own PostgreSQL (table egov_cabinet_message).
 * Delivery is idempotent per delivery key, so a retried job never shows a message twice. While
 * `local_service_outage` holds a row for 'egov-cabinet' whose `until` is ahead, it is unavailable.
 */
import type { PrismaClient } from '../db/prisma';

export interface CabinetMessage {
  deliveryKey: string;
  recipientIin: string;
  kind: string;
  body: string;
}

export interface EgovCabinet {
  deliver(message: CabinetMessage): Promise<{ deliveredAt: Date; duplicate: boolean }>;
}

export const EGOV_CABINET_SERVICE = 'egov-cabinet';

export class EgovCabinetUnavailableError extends Error {
  constructor() {
    super('The e-gov portal did not accept the message');
    this.name = 'EgovCabinetUnavailableError';
  }
}

export class LocalEgovCabinet implements EgovCabinet {
  constructor(private readonly prisma: PrismaClient) {}

  async deliver(message: CabinetMessage): Promise<{ deliveredAt: Date; duplicate: boolean }> {
    const outage = await this.prisma.localServiceOutage.findUnique({ where: { service: EGOV_CABINET_SERVICE } });
    if (outage && outage.until > new Date()) throw new EgovCabinetUnavailableError();
    const row = await this.prisma.egovCabinetMessage.upsert({
      where: { deliveryKey: message.deliveryKey },
      create: message,
      update: { attempts: { increment: 1 } },
    });
    return { deliveredAt: row.deliveredAt, duplicate: row.attempts > 1 };
  }
}
