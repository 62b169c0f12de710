/**
 * A voting-day place of a suite's own: a new district in the given region (never one the cycle
 * suites use) with three polling stations, an Appendix 3 boundary list staged for it, and register
 * voters whose addresses fall inside station 1, inside station 2, outside every boundary row, or
 * who are barred (deceased) or deregistered. Every IIN is new and valid.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { localDateTimeOf } from '../../libs/calendar';
import type { PrismaClient } from '../../libs/db/prisma';
import { makeIin } from '../../prisma/seed';

export interface PlaceVoter {
  iin: string;
  surname: string;
}

export interface VotingDayPlace {
  regionCode: string;
  districtId: string;
  stations: { id: string; number: number }[];
  boundarySubmissionId: string;
  /** Registered inside station 1's boundaries (Абая 1-25 odd). */
  inside: () => Promise<PlaceVoter>;
  /** Registered inside station 2's boundaries (Абая 2-30 even). */
  inStation2: () => Promise<PlaceVoter>;
  /** Registered in the district at an address no boundary row describes. */
  undescribed: () => Promise<PlaceVoter>;
  /** Registered inside station 1, but the register records a death. */
  deceased: () => Promise<PlaceVoter>;
  /** Deregistered: no permanent registration. */
  deregistered: () => Promise<PlaceVoter>;
  /** A valid IIN the register does not hold. */
  unknownIin: () => Promise<string>;
}

async function freshIin(prisma: PrismaClient): Promise<string> {
  for (;;) {
    const birth = new Date(Date.UTC(1950 + randomInt(50), randomInt(12), 1 + randomInt(28)));
    const iin = makeIin(birth, randomInt(2) === 0, randomInt(10000));
    if (!(await prisma.registerVoter.findFirst({ where: { iin }, select: { iin: true } }))) return iin;
  }
}

export async function votingDayPlace(prisma: PrismaClient, regionCode: string): Promise<VotingDayPlace> {
  const districtId = `${regionCode}${randomInt(100000, 999999)}`;
  await prisma.district.create({
    data: { id: districtId, regionCode, nameRu: `Тестовый район ${districtId}`, nameKk: `Сынақ ауданы ${districtId}` },
  });
  const base = randomInt(1000, 9000) * 10;
  const stations: { id: string; number: number }[] = [];
  for (const offset of [1, 2, 3]) {
    const s = await prisma.pollingStation.create({
      data: {
        regionCode,
        districtId,
        number: base + offset,
        premises: `Школа № ${offset}`,
        locality: 'Костанай',
        street: 'Абая',
        house: String(offset),
      },
    });
    stations.push({ id: s.id, number: s.number });
  }
  const submissionId = randomUUID();
  await prisma.voterSubmission.create({
    data: {
      id: submissionId,
      period: '2026-07',
      regionCode,
      districtId,
      voterFile: 'voters.csv',
      voterRecords: 0,
      boundaryFile: 'boundaries.xlsx',
      boundaryRecords: 3,
      receivedAt: new Date(),
      boundaries: {
        create: [
          {
            row: 5,
            stationNumber: stations[0].number,
            localityType: 'город',
            locality: 'г. Костанай',
            boundaries: 'нечётная сторона',
            addressType: 'улица',
            address: 'ул. Абая',
            house: '1-25 нечетные',
          },
          {
            row: 6,
            stationNumber: stations[1].number,
            localityType: 'город',
            locality: 'Костанай',
            boundaries: 'чётная сторона',
            addressType: 'улица',
            address: 'Абая',
            house: '2-30 четные',
          },
          {
            row: 7,
            stationNumber: stations[2].number,
            localityType: 'город',
            locality: 'Қостанай',
            boundaries: 'вся улица',
            addressType: 'улица',
            address: 'Байтұрсынұлы',
            house: null,
          },
        ],
      },
    },
  });

  const voter = async (
    street: string,
    house: string,
    station: number,
    extra: (iin: string) => Promise<void> = async () => {},
  ): Promise<PlaceVoter> => {
    const iin = await freshIin(prisma);
    const surname = `Тестов${randomInt(1000)}`;
    await prisma.registerVoter.create({
      data: {
        iin,
        surname,
        firstName: 'Ерлан',
        patronymic: 'Серикович',
        birthDate: new Date(Date.UTC(1980, 4, 17)),
        sex: 'MALE',
        regionCode,
        districtId,
        stationId: stations[station].id,
        locality: 'Костанай',
        street,
        house,
        apartment: '12',
      },
    });
    await extra(iin);
    return { iin, surname };
  };
  const fact = (kind: 'DECEASED' | 'DEREGISTERED') => async (iin: string) => {
    await prisma.registerStatusFact.create({
      data: { iin, kind, since: new Date(Date.UTC(2020, 0, 1)), basis: 'test' },
    });
  };
  return {
    regionCode,
    districtId,
    stations,
    boundarySubmissionId: submissionId,
    inside: () => voter('Абая', '7', 0),
    inStation2: () => voter('улица Абая', '8', 1),
    undescribed: () => voter('Кенесары', '40', 0),
    deceased: () => voter('Абая', '9', 0, fact('DECEASED')),
    deregistered: () => voter('Абая', '11', 0, fact('DEREGISTERED')),
    unknownIin: () => freshIin(prisma),
  };
}

/** A voting day row with the given hours (the date is the opening's day in Asia/Almaty). */
export async function votingDayRow(prisma: PrismaClient, opensAt: Date, closesAt: Date): Promise<string> {
  const date = new Date(localDateTimeOf(opensAt).date);
  const existing = await prisma.votingDay.findUnique({ where: { date } });
  if (existing) {
    await prisma.votingDay.update({ where: { id: existing.id }, data: { opensAt, closesAt } });
    return existing.id;
  }
  const id = randomUUID();
  await prisma.votingDay.create({
    data: {
      id,
      date,
      name: 'Республиканский референдум (тест)',
      opensAt,
      closesAt,
      createdBy: 'test',
      createdAt: new Date(),
    },
  });
  return id;
}
