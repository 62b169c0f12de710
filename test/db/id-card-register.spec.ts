/**
 * The register learns the new identity card (issue 11, part 3): before pickup a voter whose card
 * expired is reported by the reconciliation as category 2 "expired"; after the new card is picked
 * up, the register holds it, so the old one is no longer reported as expired (the akimat's file,
 * still naming the old card, is told it was replaced), and a file naming the new card is clean.
 */
import { randomUUID } from 'node:crypto';
import { createIdCardApplication, recordIdCardPickup } from '../../libs/db/id-card-exchange';
import type { PrismaClient } from '../../libs/db/prisma';
import { reconcileSubmission } from '../../libs/db/reconciliation/engine';
import { createVoterPartition } from '../../libs/db/voter-partitions';
import { idCardExchangeWorkflowId } from '../../libs/contracts/id-card-exchange';
import { testPrisma } from '../support/fixtures';
import { votingDayPlace } from '../support/voting-day-fixture';
import { inRegister } from '../support/register';

let prisma: PrismaClient;
beforeAll(async () => {
  prisma = await testPrisma();
});
afterAll(async () => {
  await prisma?.$disconnect();
});

it('stops reporting the old card as expired once the new one is picked up', async () => {
  const place = await votingDayPlace(prisma, '39');
  const voter = await place.inside();
  await prisma.registerVoter.update({
    where: inRegister(voter.iin),
    data: {
      documentNumber: 'N0000001',
      documentIssuedOn: new Date('2016-03-01'),
      documentExpiresOn: new Date('2026-03-01'),
    },
  });
  const submissionId = randomUUID();
  await prisma.voterSubmission.create({
    data: {
      id: submissionId,
      period: '2027-01',
      regionCode: place.regionCode,
      districtId: place.districtId,
      voterFile: 'v.csv',
      voterRecords: 1,
      receivedAt: new Date(),
    },
  });
  await createVoterPartition(prisma, submissionId);
  await prisma.voterFileRecord.create({
    data: {
      submissionId,
      row: 1,
      cod: 1,
      iin: voter.iin,
      surname: voter.surname,
      firstName: 'Ерлан',
      patronymic: 'Серикович',
      stationCode: String(place.stations[0].number),
      birthDate: new Date('1980-05-17'),
      sex: 'М',
      locality: 'Костанай',
      street: 'Абая',
      house: '7',
      apartment: '12',
      documentNumber: 'N0000001',
      documentIssuedOn: new Date('2016-03-01'),
    },
  });
  const category2 = async () => {
    const runId = randomUUID();
    await reconcileSubmission(prisma, {
      runId,
      submissionId,
      referenceDate: '2026-12-01',
      workflowId: 'test',
      round: 1,
      at: new Date().toISOString(),
    });
    // A finding names its voter-file record, which holds the IIN.
    const found = await prisma.$queryRaw<{ subcategory: string }[]>`
      SELECT d.subcategory FROM reconciliation_discrepancy d
        JOIN voter_file_record f ON f.submission_id = ${submissionId}::uuid AND f.row = d.row
       WHERE d.run_id = ${runId}::uuid AND d.category = 2 AND f.iin = ${voter.iin}`;
    return found.map((d) => d.subcategory);
  };
  expect(await category2()).toEqual(['expired']);

  const id = randomUUID();
  await createIdCardApplication(prisma, {
    id,
    workflowId: idCardExchangeWorkflowId(id),
    iin: voter.iin,
    reason: 'EXPIRY',
    regionCode: '39',
    documentNumber: 'N0000001',
    expiresOn: '2026-03-01',
    feePaymentId: null,
    submittedAt: new Date(),
  });
  await prisma.idCardApplication.update({
    where: { id },
    data: { status: 'READY_FOR_PICKUP', ticketNumber: `39-test-${id.slice(0, 8)}` },
  });
  await recordIdCardPickup(prisma, {
    applicationId: id,
    actor: 'registration-point-39',
    at: new Date().toISOString(),
    document: { documentNumber: 'N9876543', issuedOn: '2026-11-25', expiresOn: '2036-11-24' },
  });
  expect(await category2()).toEqual(['replaced']);

  await prisma.voterFileRecord.update({
    where: { submissionId_row: { submissionId, row: 1 } },
    data: { documentNumber: 'N9876543', documentIssuedOn: new Date('2026-11-25') },
  });
  expect(await category2()).toEqual([]);
});
