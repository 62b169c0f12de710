/**
 * The citizen's personal cabinet on the e-government portal. Tizim cannot reach the real portal;
 * LocalEgovCabinet keeps the messages in our own PostgreSQL (table egov_cabinet_message).
 * Delivery is idempotent per delivery key, so a retried job never shows a message twice. While
 * `local_service_outage` holds a row for 'egov-cabinet' whose `until` is ahead, it is unavailable.
 * The real portal is addressed by the citizen's IIN; our stand-in keeps only its keyed hash
 * (README, "Personal data"), which is all it needs to find a citizen's messages.
 */
import { iinHmac } from '../auth/iin-hmac';
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
  /** `iinKey`: the key of the IINs' keyed hash (TIZIM_IIN_HMAC_KEY). */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly iinKey: string,
  ) {}

  async deliver(message: CabinetMessage): Promise<{ deliveredAt: Date; duplicate: boolean }> {
    const outage = await this.prisma.localServiceOutage.findUnique({ where: { service: EGOV_CABINET_SERVICE } });
    if (outage && outage.until > new Date()) throw new EgovCabinetUnavailableError();
    const { recipientIin, ...rest } = message;
    const row = await this.prisma.egovCabinetMessage.upsert({
      where: { deliveryKey: message.deliveryKey },
      create: { ...rest, recipientIinHmac: iinHmac(this.iinKey, recipientIin) },
      update: { attempts: { increment: 1 } },
    });
    return { deliveredAt: row.deliveredAt, duplicate: row.attempts > 1 };
  }

  /** The messages a citizen's cabinet shows, newest first (the portal's view; tests read it). */
  async messagesFor(iin: string) {
    return this.prisma.egovCabinetMessage.findMany({
      where: { recipientIinHmac: iinHmac(this.iinKey, iin) },
      orderBy: { deliveredAt: 'desc' },
    });
  }
}
