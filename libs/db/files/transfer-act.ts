/**
 * The acceptance-transfer act's records (CEC Rules 11/196 para 5): declared by the akimat, received
 * by the commission, signed by both (the steps and the pure parts: libs/files/transfer-act.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../prisma';
import { canonicalJson } from '../../eds/canonical-json';
import type { SignatureVerification } from '../../eds/verify';
import * as pkijs from 'pkijs';
import { HASHES } from '../../eds/cms/pki';
import { maskIin } from '../../eds/cms/types';
import type { CmsSignatures } from '../eds/cms-signatures';
import {
  actContent,
  checkDeclaredFiles,
  CLOCK_SKEW_MS,
  FILE_KINDS,
  matchDeclaredFiles,
  TransferActError,
  type ActFile,
  type ActSide,
  type ActSignature,
  type DeclaredFile,
  type FileCheck,
  type Problem,
  type ReceivedCandidate,
  type Representative,
  type TransferActView,
} from '../../files/transfer-act';

const DB_KIND = { voters: 'VOTERS', stations: 'STATIONS', boundaries: 'BOUNDARIES' } as const;
const API_KIND = { VOTERS: 'voters', STATIONS: 'stations', BOUNDARIES: 'boundaries' } as const;

// ---------------------------------------------------------------------------------------------
// Reading, and the canonical content
// ---------------------------------------------------------------------------------------------

const ACT_INCLUDE = {
  files: { orderBy: { position: 'asc' } },
  signatures: { include: { certificate: true }, orderBy: { side: 'asc' } },
} as const;

type ActRow = NonNullable<Awaited<ReturnType<typeof loadRow>>>;

function loadRow(prisma: PrismaClient, id: string) {
  return prisma.transferAct.findUnique({ where: { id }, include: ACT_INCLUDE });
}

/** Enough of a client to read the territory's names and the signatures' checks: the client or a transaction. */
type Territory = Pick<PrismaClient, 'district' | 'edsCheck'>;

/** An NCA subject's IIN (SERIALNUMBER=IIN + 12 digits), masked wherever the DN is shown. */
const IIN_IN_DN = /IIN(\d{12})/g;
const maskedDn = (dn: string): string => dn.replace(IIN_IN_DN, (_, iin: string) => `IIN${maskIin(iin)}`);
const iinOfDn = (dn: string): string | null => /IIN(\d{12})/.exec(dn)?.[1] ?? null;

async function toView(prisma: Territory, row: ActRow): Promise<TransferActView> {
  const district = await prisma.district.findUniqueOrThrow({
    where: { id: row.districtId },
    include: { region: true },
  });
  const checkIds = row.signatures.map((s) => s.edsCheckId).filter((id): id is string => !!id);
  const checks = new Map(
    checkIds.length ? (await prisma.edsCheck.findMany({ where: { id: { in: checkIds } } })).map((c) => [c.id, c]) : [],
  );
  const base = {
    id: row.id,
    number: row.number,
    period: row.period,
    region: { code: district.region.code, nameRu: district.region.nameRu, nameKk: district.region.nameKk },
    district: { id: district.id, nameRu: district.nameRu, nameKk: district.nameKk },
    submissionId: row.submissionId,
    akimat: { holder: row.akimatHolder, name: row.akimatName, position: row.akimatPosition },
    handedOverAt: row.handedOverAt.toISOString(),
    commission: row.commissionHolder
      ? { holder: row.commissionHolder, name: row.commissionName ?? '', position: row.commissionPosition ?? '' }
      : null,
    receivedAt: row.receivedAt?.toISOString() ?? null,
    files: row.files.map((f): ActFile => ({
      kind: API_KIND[f.kind],
      name: f.name,
      sizeBytes: Number(f.sizeBytes),
      records: f.records,
      sha256: f.sha256,
      receivedFileId: f.receivedFileId,
    })),
  };
  return {
    ...base,
    status: row.status,
    canonical: row.canonical ?? canonicalJson(actContent(base)),
    sha256: row.sha256,
    signatures: row.signatures.map((s): ActSignature => {
      const iin = iinOfDn(s.certificate.subject);
      const check = s.edsCheckId ? checks.get(s.edsCheckId) : undefined;
      return {
        side: s.side === 'AKIMAT' ? 'akimat' : 'commission',
        signer: { holder: s.certificate.holder, name: s.certificate.holderName, iinMasked: iin && maskIin(iin) },
        certificate: {
          id: s.certificate.id,
          subject: maskedDn(s.certificate.subject),
          issuer: s.certificate.issuer,
          serial: s.certificate.serial,
          fingerprint: s.certificate.fingerprint,
          publicKeyAlgorithm: s.certificate.publicKeyAlgorithm,
          notBefore: s.certificate.notBefore.toISOString(),
          notAfter: s.certificate.notAfter.toISOString(),
        },
        scheme: s.scheme,
        signedAt: s.signedAt.toISOString(),
        recordedAt: s.recordedAt.toISOString(),
        timestamp:
          s.timestampAt && s.timestampTsa
            ? { time: s.timestampAt.toISOString(), tsaName: s.timestampTsa, serial: s.timestampSerial ?? '' }
            : null,
        revocation: check?.revocationMethod
          ? {
              method: check.revocationMethod,
              status: check.revocationStatus ?? '',
              checkedAt: check.checkedAt.toISOString(),
            }
          : null,
      };
    }),
    declaredBy: row.declaredBy,
    declaredAt: row.declaredAt.toISOString(),
    receiptRecordedBy: row.receiptRecordedBy,
    signedAt: row.signedAt?.toISOString() ?? null,
  };
}

export async function readTransferAct(prisma: PrismaClient, id: string): Promise<TransferActView | null> {
  const row = await loadRow(prisma, id);
  return row ? toView(prisma, row) : null;
}

async function mustRead(prisma: PrismaClient, id: string): Promise<TransferActView> {
  const act = await readTransferAct(prisma, id);
  if (!act) throw new TransferActError('not-found', 'transfer-act.not-found', `No transfer act ${id} is on record`);
  return act;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

// ---------------------------------------------------------------------------------------------
// Declaring, receiving, signing
// ---------------------------------------------------------------------------------------------

export interface DeclareInput {
  period: string;
  districtId: string;
  /** The act's number; by default <district>-<period>-<n>. */
  number?: string;
  akimat: Representative;
  /** ISO instant the files were handed over. */
  handedOverAt: string;
  files: DeclaredFile[];
  declaredBy: string;
  /** ISO instant of the request (the server's clock). */
  at: string;
}

/** The akimat declares the act (DRAFT). At most one file of each kind. */
export async function declareTransferAct(prisma: PrismaClient, input: DeclareInput): Promise<TransferActView> {
  const district = await prisma.district.findUnique({ where: { id: input.districtId } });
  if (!district)
    throw new TransferActError('invalid', 'transfer-act.unknown-district', 'Unknown district', [
      { field: 'districtId', message: `no district ${input.districtId} is on record` },
    ]);
  const problems: Problem[] = [];
  if (input.files.length === 0) problems.push({ field: 'files', message: 'the act must list at least one file' });
  for (const kind of FILE_KINDS) {
    const n = input.files.filter((f) => f.kind === kind).length;
    if (n > 1)
      problems.push({ field: 'files', message: `the act lists ${n} ${kind} files; a submission has one of each kind` });
  }
  if (Date.parse(input.handedOverAt) > Date.parse(input.at) + CLOCK_SKEW_MS)
    problems.push({ field: 'handedOverAt', message: 'the time of handing over is in the future' });
  if (problems.length)
    throw new TransferActError('invalid', 'transfer-act.declaration-invalid', 'The act cannot be declared', problems);

  const id = randomUUID();
  const number =
    input.number ??
    `${district.id}-${input.period}-${(await prisma.transferAct.count({ where: { districtId: district.id, period: input.period } })) + 1}`;
  const clash = await prisma.transferAct.findUnique({
    where: { period_districtId_number: { period: input.period, districtId: district.id, number } },
    select: { id: true },
  });
  if (clash)
    throw new TransferActError(
      'conflict',
      'transfer-act.number-taken',
      `District ${district.id} already has a transfer act numbered ${number} for ${input.period} (${clash.id})`,
    );
  await prisma.transferAct.create({
    data: {
      id,
      number,
      period: input.period,
      regionCode: district.regionCode,
      districtId: district.id,
      akimatHolder: input.akimat.holder,
      akimatName: input.akimat.name,
      akimatPosition: input.akimat.position,
      handedOverAt: new Date(input.handedOverAt),
      declaredBy: input.declaredBy,
      declaredAt: new Date(input.at),
      files: {
        create: input.files.map((f, position) => ({
          position,
          kind: DB_KIND[f.kind],
          name: f.name,
          sizeBytes: BigInt(f.sizeBytes),
          records: f.records,
          sha256: f.sha256 ?? null,
        })),
      },
    },
  });
  return mustRead(prisma, id);
}

export interface ReceiptInput {
  commission: Representative;
  /** ISO instant the commission received the files. */
  receivedAt: string;
  recordedBy: string;
  at: string;
}

/**
 * The commission records receipt: the declared files are checked against the files received
 * (matchDeclaredFiles); a mismatch refuses the receipt and changes nothing. On success the content
 * is frozen. Runs with the act's row locked, so two receipts cannot both pass.
 */
export async function recordReceipt(prisma: PrismaClient, id: string, input: ReceiptInput): Promise<TransferActView> {
  await prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM transfer_act WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0)
      throw new TransferActError('not-found', 'transfer-act.not-found', `No transfer act ${id} is on record`);
    const row = await tx.transferAct.findUniqueOrThrow({ where: { id }, include: ACT_INCLUDE });
    if (row.status !== 'DRAFT')
      throw new TransferActError(
        'conflict',
        'transfer-act.receipt-recorded',
        `The receipt of act ${row.number} was already recorded (status ${row.status}); its content is frozen`,
      );
    if (Date.parse(input.receivedAt) < row.handedOverAt.getTime()) {
      throw new TransferActError('invalid', 'transfer-act.receipt-invalid', 'The receipt cannot be recorded', [
        {
          field: 'receivedAt',
          message: `the files were handed over at ${row.handedOverAt.toISOString()}; they cannot have been received before`,
        },
      ]);
    }
    if (Date.parse(input.receivedAt) > Date.parse(input.at) + CLOCK_SKEW_MS) {
      throw new TransferActError('invalid', 'transfer-act.receipt-invalid', 'The receipt cannot be recorded', [
        { field: 'receivedAt', message: 'the time of receipt is in the future' },
      ]);
    }

    const files = await tx.receivedFile.findMany({
      where: { period: row.period, districtId: row.districtId },
      include: { actEntry: { include: { act: { select: { number: true } } } } },
    });
    const candidates = files.map((f): ReceivedCandidate => ({
      id: f.id,
      kind: API_KIND[f.kind],
      fileName: f.fileName,
      sizeBytes: Number(f.sizeBytes),
      records: f.records,
      sha256: f.sha256,
      status: f.status,
      problemCount: f.problemCount,
      submissionId: f.submissionId,
      receivedAt: f.receivedAt,
      onAct: f.actEntry?.act.number ?? null,
    }));
    const declared = row.files.map((f): DeclaredFile => ({
      kind: API_KIND[f.kind],
      name: f.name,
      sizeBytes: Number(f.sizeBytes),
      records: f.records,
      ...(f.sha256 ? { sha256: f.sha256 } : {}),
    }));
    const { matches, problems } = matchDeclaredFiles(
      declared,
      candidates,
      `district ${row.districtId}, period ${row.period}`,
    );
    if (problems.length) {
      throw new TransferActError(
        'mismatch',
        'transfer-act.files-mismatch',
        `The files received do not match transfer act ${row.number}: ${problems.length} problem(s)`,
        problems,
      );
    }

    for (const m of matches) {
      await tx.transferActFile.update({
        where: { actId_position: { actId: id, position: row.files[m.index].position } },
        data: { receivedFileId: m.file.id, sha256: m.file.sha256 },
      });
    }
    const voters = matches.find((m) => m.file.kind === 'voters');
    const submissionId =
      voters?.file.submissionId ?? matches.find((m) => m.file.submissionId)?.file.submissionId ?? null;
    await tx.transferAct.update({
      where: { id },
      data: {
        commissionHolder: input.commission.holder,
        commissionName: input.commission.name,
        commissionPosition: input.commission.position,
        receivedAt: new Date(input.receivedAt),
        submissionId,
        receiptRecordedBy: input.recordedBy,
      },
    });
    // Freeze: the content as it now stands, serialised once.
    const frozen = await toView(tx, await tx.transferAct.findUniqueOrThrow({ where: { id }, include: ACT_INCLUDE }));
    const canonical = canonicalJson(actContent(frozen));
    await tx.transferAct.update({
      where: { id },
      data: { status: 'RECEIVED', canonical, sha256: sha256Hex(canonical) },
    });
  });
  return mustRead(prisma, id);
}

export interface SignInput {
  side: ActSide;
  /** Registry id or SHA-256 fingerprint of the signer's certificate. */
  certificate: string;
  /** Base64 of the raw signature bytes over the UTF-8 bytes of `canonical`. */
  signature: string;
  /** ISO instant the signer says they signed. */
  signedAt: string;
  recordedBy: string;
  at: string;
}

/**
 * Records one side's signature once it verifies: the certificate is the one registered to that
 * side's representative on the act, valid at `signedAt`, not revoked, and the signature is over
 * exactly the frozen canonical text. Both sides signed: SIGNED.
 */
export async function signTransferAct(
  prisma: PrismaClient,
  eds: SignatureVerification,
  id: string,
  input: SignInput,
): Promise<TransferActView> {
  const { act, sideWords } = await signable(prisma, id, input.side);
  const signedAt = Date.parse(input.signedAt);
  if (signedAt > Date.parse(input.at) + CLOCK_SKEW_MS)
    throw new TransferActError(
      'refused',
      'transfer-act.signed-in-future',
      `The signing time ${input.signedAt} is in the future`,
    );
  if (signedAt < Date.parse(act.receivedAt) - CLOCK_SKEW_MS) {
    throw new TransferActError(
      'refused',
      'transfer-act.signed-before-receipt',
      `The signing time ${input.signedAt} is before the receipt the act records (${act.receivedAt}); the act's content did not exist yet`,
    );
  }
  if (sha256Hex(act.canonical) !== act.sha256)
    throw new Error(`transfer act ${id}: the stored content does not match its SHA-256`);

  const representative = input.side === 'akimat' ? act.akimat : act.commission;
  const verdict = await eds.verify(
    Buffer.from(act.canonical, 'utf8'),
    input.signature,
    input.certificate,
    new Date(signedAt),
    {
      holder: representative.holder,
      role: input.side === 'akimat' ? 'AKIMAT' : 'COMMISSION',
    },
  );
  if (!verdict.valid)
    throw new TransferActError(
      'refused',
      'transfer-act.signature-invalid',
      `The signature of ${input.side === 'akimat' ? "the akimat's" : "the commission's"} side was not accepted: ${verdict.reason}`,
      [],
      verdict.code,
    );

  await recordSignature(prisma, act, sideWords, {
    side: input.side,
    certificateId: verdict.certificate.id,
    signature: Buffer.from(input.signature, 'base64'),
    scheme: verdict.scheme,
    signedAt: new Date(signedAt),
    recordedAt: new Date(input.at),
    recordedBy: input.recordedBy,
  });
  return mustRead(prisma, id);
}

/** The act, once its content is final and the side has not signed yet; refused otherwise. */
async function signable(
  prisma: PrismaClient,
  id: string,
  side: ActSide,
): Promise<{
  act: TransferActView & { sha256: string; receivedAt: string; commission: Representative };
  sideWords: string;
}> {
  const act = await mustRead(prisma, id);
  const sideWords = side === 'akimat' ? "The akimat's side" : "The commission's side";
  if (act.status === 'DRAFT' || !act.sha256 || !act.receivedAt || !act.commission) {
    throw new TransferActError(
      'conflict',
      'transfer-act.receipt-not-recorded',
      `The receipt of act ${act.number} has not been recorded: its content is not final, so there is nothing to sign yet`,
    );
  }
  const already = act.signatures.find((s) => s.side === side);
  if (already)
    throw new TransferActError(
      'conflict',
      'transfer-act.already-signed',
      `${sideWords} has already signed act ${act.number} (certificate serial ${already.certificate.serial}, ${already.signedAt})`,
    );
  return {
    act: act as TransferActView & { sha256: string; receivedAt: string; commission: Representative },
    sideWords,
  };
}

/** One side's verified signature recorded, with the act's row locked; both sides signed: SIGNED. */
async function recordSignature(
  prisma: PrismaClient,
  act: TransferActView & { sha256: string },
  sideWords: string,
  s: {
    side: ActSide;
    certificateId: string;
    signature: Uint8Array<ArrayBuffer>;
    scheme: string;
    signedAt: Date;
    recordedAt: Date;
    recordedBy: string;
    timestamp?: { time: Date; tsaName: string; serial: string };
    edsCheckId?: string;
  },
): Promise<void> {
  const id = act.id;
  const side = s.side === 'akimat' ? 'AKIMAT' : 'COMMISSION';
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM transfer_act WHERE id = ${id}::uuid FOR UPDATE`;
    const signed = await tx.transferActSignature.findMany({ where: { actId: id }, select: { side: true } });
    if (signed.some((x) => x.side === side))
      throw new TransferActError(
        'conflict',
        'transfer-act.already-signed',
        `${sideWords} has already signed act ${act.number}`,
      );
    await tx.transferActSignature.create({
      data: {
        id: randomUUID(),
        actId: id,
        side,
        certificateId: s.certificateId,
        signature: s.signature,
        scheme: s.scheme,
        contentSha256: act.sha256,
        signedAt: s.signedAt,
        recordedAt: s.recordedAt,
        recordedBy: s.recordedBy,
        timestampAt: s.timestamp?.time ?? null,
        timestampTsa: s.timestamp?.tsaName ?? null,
        timestampSerial: s.timestamp?.serial ?? null,
        edsCheckId: s.edsCheckId ?? null,
      },
    });
    const both = signed.length + 1 === 2;
    await tx.transferAct.update({
      where: { id },
      data: both
        ? { status: 'SIGNED', signedAt: s.recordedAt }
        : { status: side === 'AKIMAT' ? 'SIGNED_BY_AKIMAT' : 'SIGNED_BY_COMMISSION' },
    });
  });
}

export interface CmsSignInput {
  side: ActSide;
  /** Base64 of the CMS from NCALayer, attached or detached, over the UTF-8 bytes of `canonical`. */
  cms: string;
  recordedBy: string;
  at: string;
  requestId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records one side's CMS signature (issue 27) once CmsSignatures accepts it: a SIGNING key, the
 * chain to NCA RK, not revoked (OCSP/CRL), the IIN of the side's representative on the act (their
 * account's IIN), exactly the frozen canonical bytes; then stamped by the TSA, which gives the
 * signing time. What is kept is the stamped CMS, so the signature stays verifiable after expiry.
 */
export async function signTransferActCms(
  prisma: PrismaClient,
  signatures: Pick<CmsSignatures, 'accept'>,
  id: string,
  input: CmsSignInput,
): Promise<TransferActView> {
  const { act, sideWords } = await signable(prisma, id, input.side);
  if (sha256Hex(act.canonical) !== act.sha256)
    throw new Error(`transfer act ${id}: the stored content does not match its SHA-256`);
  const whose = input.side === 'akimat' ? "the akimat's" : "the commission's";
  const refused = (reason: string, code: NonNullable<TransferActError['reason']>) =>
    new TransferActError(
      'refused',
      'transfer-act.signature-invalid',
      `The signature of ${whose} side was not accepted: ${reason}`,
      [],
      code,
    );

  // The representative on the act is an official's account: its IIN is whose certificate signs.
  const representative = input.side === 'akimat' ? act.akimat : act.commission;
  const holder = UUID.test(representative.holder)
    ? await prisma.user.findUnique({
        where: { id: representative.holder },
        select: { id: true, role: true, iinHmac: true },
      })
    : null;
  if (!holder)
    throw refused(
      `the side's representative (${representative.holder}) is not an official's account, so no certificate can be theirs: record the act with the representative's own account`,
      'no-iin-bound',
    );

  const outcome = await signatures.accept({
    cms: input.cms,
    content: Buffer.from(act.canonical, 'utf8'),
    purpose: 'signing',
    account: { id: holder.id, role: holder.role, iinHmac: holder.iinHmac },
    subject: { type: 'transfer-act', id },
    requestId: input.requestId,
    stamp: true,
  });
  if (!outcome.valid) throw refused(outcome.reason, outcome.code);

  const at = new Date(input.at);
  await recordSignature(prisma, act, sideWords, {
    side: input.side,
    certificateId: outcome.certificate.id,
    signature: new Uint8Array(outcome.cms),
    scheme: cmsScheme(outcome.cms, outcome.certificate.publicKeyAlgorithm, !!outcome.timestamp),
    signedAt: outcome.timestamp?.time ?? outcome.verdict.signingTime ?? at,
    recordedAt: at,
    recordedBy: input.recordedBy,
    timestamp: outcome.timestamp,
    edsCheckId: outcome.checkId,
  });
  return mustRead(prisma, id);
}

/**
 * The commission's check before it records receipt: each declared file against the files received
 * for the act's period and district, as the receipt would judge it (a file on this act counts as
 * free, so a received act checks as it was received). Null when there is no such act.
 */
export async function checkTransferAct(
  prisma: PrismaClient,
  id: string,
): Promise<{ act: TransferActView; files: FileCheck[] } | null> {
  const act = await readTransferAct(prisma, id);
  if (!act) return null;
  const rows = await prisma.receivedFile.findMany({
    where: { period: act.period, districtId: act.district.id },
    include: { actEntry: { include: { act: { select: { id: true, number: true } } } } },
  });
  const candidates = rows.map((f): ReceivedCandidate => ({
    id: f.id,
    kind: API_KIND[f.kind],
    fileName: f.fileName,
    sizeBytes: Number(f.sizeBytes),
    records: f.records,
    sha256: f.sha256,
    status: f.status,
    problemCount: f.problemCount,
    submissionId: f.submissionId,
    receivedAt: f.receivedAt,
    onAct: f.actEntry && f.actEntry.act.id !== id ? f.actEntry.act.number : null,
  }));
  // A received act's files are linked: each is compared with the very file it names.
  const declared = act.files.map((f): DeclaredFile => ({
    kind: f.kind,
    name: f.name,
    sizeBytes: f.sizeBytes,
    records: f.records,
    ...(f.sha256 ? { sha256: f.sha256 } : {}),
  }));
  return { act, files: checkDeclaredFiles(declared, candidates) };
}

export interface ActListFilter {
  period?: string;
  regionCode?: string;
  districtId?: string;
  status?: TransferActView['status'][];
}

/** Acts by period and territory, newest first: what a list shows (no signatures' details, no content). */
export async function listTransferActs(prisma: PrismaClient, filter: ActListFilter, limit: number) {
  const rows = await prisma.transferAct.findMany({
    where: {
      period: filter.period,
      regionCode: filter.regionCode,
      districtId: filter.districtId,
      ...(filter.status?.length ? { status: { in: filter.status } } : {}),
    },
    include: { files: { select: { records: true } }, signatures: { select: { side: true } } },
    orderBy: [{ declaredAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  const districts = new Map(
    (
      await prisma.district.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.districtId))] } },
        include: { region: true },
      })
    ).map((d) => [d.id, d]),
  );
  return rows.map((r) => {
    const d = districts.get(r.districtId);
    return {
      id: r.id,
      number: r.number,
      period: r.period,
      region: { code: r.regionCode, nameRu: d?.region.nameRu ?? '', nameKk: d?.region.nameKk ?? '' },
      district: { id: r.districtId, nameRu: d?.nameRu ?? '', nameKk: d?.nameKk ?? '' },
      status: r.status,
      submissionId: r.submissionId,
      akimat: { holder: r.akimatHolder, name: r.akimatName, position: r.akimatPosition },
      handedOverAt: r.handedOverAt.toISOString(),
      commission: r.commissionHolder
        ? { holder: r.commissionHolder, name: r.commissionName ?? '', position: r.commissionPosition ?? '' }
        : null,
      receivedAt: r.receivedAt?.toISOString() ?? null,
      signedAt: r.signedAt?.toISOString() ?? null,
      files: r.files.length,
      records: r.files.reduce((n, f) => n + f.records, 0),
      signedBy: r.signatures.map((s) => (s.side === 'AKIMAT' ? 'akimat' : 'commission')),
      declaredAt: r.declaredAt.toISOString(),
    };
  });
}

/**
 * How a CMS signature is described on the act, e.g. "CMS (CAdES-BES, detached), RSA 2048 SHA-256,
 * RFC 3161 timestamp": read from the CMS the verifier accepted (its one signer's digest, whether
 * the content travels in it).
 */
function cmsScheme(cms: Buffer, keyAlgorithm: string, stamped: boolean): string {
  const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms).content });
  const digest = HASHES[signed.signerInfos[0]?.digestAlgorithm.algorithmId ?? ''];
  const form = signed.encapContentInfo.eContent ? 'attached' : 'detached';
  return [
    `CMS (CAdES-BES, ${form})`,
    `${keyAlgorithm} ${digest ? digest.toUpperCase().replace('SHA', 'SHA-') : 'digest unknown'}`,
    ...(stamped ? ['RFC 3161 timestamp'] : []),
  ].join(', ');
}
