/**
 * The acceptance-transfer act of a district's submission (CEC Rules 11/196 para 5: files are
 * exchanged "with an acceptance-transfer act signed by both sides' representatives, listing each
 * file's name, its size in bytes and the total number of records").
 *
 *  1. DRAFT: the akimat declares the act: period, district, its representative, the time of
 *     handing over, and each file (kind, name, size in bytes, records, SHA-256 optionally).
 *  2. RECEIVED: the commission records receipt. Each declared file is matched to a file Tizim has
 *     received and accepted for the same period and district (by SHA-256 when declared, else by
 *     name and kind) and compared: name, size, records, SHA-256. Any mismatch refuses the receipt
 *     with every mismatch in plain words, and nothing changes. On success the files are linked, the
 *     staged submission named, and the content frozen: `canonical` (canonical JSON, libs/eds) and
 *     its SHA-256. Nothing changes the content after that, so a signature can only ever be over the
 *     content as received.
 *  3. SIGNED_BY_AKIMAT / SIGNED_BY_COMMISSION, then SIGNED: each side's representative signs the
 *     UTF-8 bytes of `canonical`; the signature is verified (libs/eds) before it is recorded.
 *
 * Here: the act's shapes, the matching of declared files to received ones and the canonical
 * content (pure); the records (declare, receive, sign, read) are libs/db/files/transfer-act.ts.
 */
import type { ApiProblemParams } from '../contracts/problems';
import type { CanonicalValue } from '../eds/canonical-json';

export type FileKind = 'voters' | 'stations' | 'boundaries';
export type ActSide = 'akimat' | 'commission';
export type TransferActStatus = 'DRAFT' | 'RECEIVED' | 'SIGNED_BY_AKIMAT' | 'SIGNED_BY_COMMISSION' | 'SIGNED';

export const FILE_KINDS: readonly FileKind[] = ['voters', 'stations', 'boundaries'];

/** How far ahead of the server's clock a stated time may be (clocks of the two sides differ). */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface Representative {
  /** The user (their user id); their certificate must be registered to them. */
  holder: string;
  name: string;
  position: string;
}

export interface DeclaredFile {
  kind: FileKind;
  name: string;
  sizeBytes: number;
  records: number;
  sha256?: string;
}

export interface ActFile {
  kind: FileKind;
  name: string;
  sizeBytes: number;
  records: number;
  sha256: string | null;
  receivedFileId: string | null;
}

export interface ActSignature {
  side: ActSide;
  /**
   * Who signed: the representative (user id) and the name from the certificate; the IIN from an NCA
   * certificate (SERIALNUMBER=IIN…) masked, as the act is shown to everyone who reads it.
   */
  signer: { holder: string; name: string; iinMasked: string | null };
  certificate: {
    id: string;
    /** The subject's DN, its IIN masked. */
    subject: string;
    issuer: string;
    serial: string;
    fingerprint: string;
    publicKeyAlgorithm: string;
    notBefore: string;
    notAfter: string;
  };
  scheme: string;
  /** The TSA's time for a stamped CMS, else the CMS's signing time, else the time the signer stated. */
  signedAt: string;
  recordedAt: string;
  /** The TSA's RFC 3161 timestamp in the CMS (issue 27); null for the key-file fallback's raw signatures. */
  timestamp: { time: string; tsaName: string; serial: string } | null;
  /** The revocation answer when the CMS was verified (eds_check); null for raw signatures. */
  revocation: { method: string; status: string; checkedAt: string } | null;
}

export interface TransferActView {
  id: string;
  number: string;
  period: string;
  region: { code: string; nameRu: string; nameKk: string };
  district: { id: string; nameRu: string; nameKk: string };
  status: TransferActStatus;
  submissionId: string | null;
  akimat: Representative;
  handedOverAt: string;
  commission: Representative | null;
  receivedAt: string | null;
  files: ActFile[];
  /** The canonical JSON text: frozen at receipt (what each side signs); before it, the draft's. */
  canonical: string;
  /** SHA-256 of the canonical text's UTF-8 bytes, once frozen. */
  sha256: string | null;
  signatures: ActSignature[];
  declaredBy: string;
  declaredAt: string;
  receiptRecordedBy: string | null;
  /** When the second signature was recorded. */
  signedAt: string | null;
}

export interface Problem {
  field: string;
  message: string;
}

/**
 * A refusal: `invalid` (the request itself), `not-found`, `conflict` (the act's state forbids it),
 * `mismatch` (the files received differ from the act; `problems` lists each), `refused` (a
 * signature that does not verify, or a stated time that cannot be).
 */
export class TransferActError extends Error {
  override readonly name = 'TransferActError';
  constructor(
    readonly kind: 'invalid' | 'not-found' | 'conflict' | 'mismatch' | 'refused',
    /** Which refusal it is (libs/contracts/problems.ts), so no one tells them apart by their English. */
    readonly code: TransferActRefusalCode,
    message: string,
    readonly problems: Problem[] = [],
    /** A refused signature's reason code (the verifier's), the problem's `reason` parameter. */
    readonly reason?: ApiProblemParams['transfer-act.signature-invalid']['reason'],
  ) {
    super(message);
  }
}

/** The transfer act's refusals by code (the API's `transfer-act.*` codes but the controller's own). */
export type TransferActRefusalCode = Exclude<
  Extract<keyof ApiProblemParams, `transfer-act.${string}`>,
  'transfer-act.own-name'
>;

const num = (n: number): string => n.toLocaleString('en-US');
const fileWords = (f: { kind: FileKind; name: string }): string => `${f.kind} file '${f.name}'`;

// ---------------------------------------------------------------------------------------------
// Matching the declared files to the files received
// ---------------------------------------------------------------------------------------------

/** A file Tizim received for the act's period and district. */
export interface ReceivedCandidate {
  id: string;
  kind: FileKind;
  fileName: string;
  sizeBytes: number;
  records: number | null;
  sha256: string;
  status: 'RECEIVED' | 'ACCEPTED' | 'REJECTED' | 'FAILED';
  problemCount: number;
  submissionId: string | null;
  receivedAt: Date;
  /** The number of the act that already lists it, if one does. */
  onAct: string | null;
}

export interface FileMatch {
  index: number;
  file: ReceivedCandidate;
}

/** What differs between a declared file and the received one, in plain words. */
function differences(d: DeclaredFile, f: ReceivedCandidate, index: number): Problem[] {
  const at = `files[${index}]`;
  const out: Problem[] = [];
  if (f.kind !== d.kind)
    out.push({
      field: `${at}.kind`,
      message: `${fileWords(d)}: the file received with this SHA-256 is a ${f.kind} file`,
    });
  if (f.fileName !== d.name)
    out.push({
      field: `${at}.name`,
      message: `${fileWords(d)}: the file received with this SHA-256 is named '${f.fileName}'`,
    });
  if (f.sizeBytes !== d.sizeBytes)
    out.push({
      field: `${at}.sizeBytes`,
      message: `${fileWords(d)}: the act declares ${num(d.sizeBytes)} bytes; the file received has ${num(f.sizeBytes)} bytes`,
    });
  if (f.records !== d.records)
    out.push({
      field: `${at}.records`,
      message: `${fileWords(d)}: the act declares ${num(d.records)} records; the file received holds ${num(f.records ?? 0)}`,
    });
  if (d.sha256 && f.sha256 !== d.sha256)
    out.push({
      field: `${at}.sha256`,
      message: `${fileWords(d)}: the act declares SHA-256 ${d.sha256}; the file received has ${f.sha256}`,
    });
  return out;
}

/** Why none of `found` (the files that fit the declared one, none usable) can be on the act. */
function unusable(d: DeclaredFile, index: number, found: ReceivedCandidate[], territory: string): Problem {
  const field = `files[${index}]`;
  if (found.length === 0) return { field, message: `${fileWords(d)} was never received for ${territory}` };
  const latest = found[found.length - 1];
  if (latest.onAct) return { field, message: `${fileWords(d)} is already listed on transfer act ${latest.onAct}` };
  if (latest.status === 'REJECTED') {
    return {
      field,
      message: `${fileWords(d)} was received on ${latest.receivedAt.toISOString()} but rejected (${num(latest.problemCount)} problem(s)); a corrected file must be sent`,
    };
  }
  if (latest.status === 'FAILED')
    return {
      field,
      message: `${fileWords(d)} was received but its check could not be finished; an administrator must retry it`,
    };
  return {
    field,
    message: `${fileWords(d)} was received but is still being checked; record the receipt once it is accepted`,
  };
}

/**
 * Matches each declared file to an accepted received file not on another act: by SHA-256 when the
 * act gives one, else by name and kind. Of several that fit, one that agrees in every respect wins,
 * else the latest received. Returns the matches, or every problem found.
 */
export function matchDeclaredFiles(
  declared: DeclaredFile[],
  received: ReceivedCandidate[],
  territory: string,
): { matches: FileMatch[]; problems: Problem[] } {
  const byTime = [...received].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const matches: FileMatch[] = [];
  const problems: Problem[] = [];
  const used = new Map<string, number>();
  declared.forEach((d, index) => {
    const fits = byTime.filter((f) => (d.sha256 ? f.sha256 === d.sha256 : f.kind === d.kind && f.fileName === d.name));
    const usable = fits.filter((f) => f.status === 'ACCEPTED' && !f.onAct);
    if (usable.length === 0) {
      // A declared SHA-256 nobody sent: a file of that name and kind shows what differs.
      const named = d.sha256 ? byTime.filter((f) => f.kind === d.kind && f.fileName === d.name) : [];
      const namedUsable = named.filter((f) => f.status === 'ACCEPTED' && !f.onAct);
      if (namedUsable.length) problems.push(...differences(d, namedUsable[namedUsable.length - 1], index));
      else problems.push(unusable(d, index, fits.length ? fits : named, territory));
      return;
    }
    const file = usable.find((f) => differences(d, f, index).length === 0) ?? usable[usable.length - 1];
    const earlier = used.get(file.id);
    if (earlier !== undefined) {
      problems.push({
        field: `files[${index}]`,
        message: `${fileWords(d)}: the act lists the file received as '${file.fileName}' twice (also as files[${earlier}])`,
      });
      return;
    }
    used.set(file.id, index);
    const diff = differences(d, file, index);
    if (diff.length) problems.push(...diff);
    else matches.push({ index, file });
  });
  return { matches, problems };
}

/** The act's content as signed: everything on the paper form, nothing about signatures or status. */
export function actContent(
  act: Omit<
    TransferActView,
    'canonical' | 'sha256' | 'signatures' | 'status' | 'declaredBy' | 'declaredAt' | 'receiptRecordedBy' | 'signedAt'
  >,
): CanonicalValue {
  const person = (p: Representative): CanonicalValue => ({ holder: p.holder, name: p.name, position: p.position });
  return {
    format: 'tizim.transfer-act/1',
    id: act.id,
    number: act.number,
    period: act.period,
    region: { ...act.region },
    district: { ...act.district },
    submissionId: act.submissionId,
    files: act.files.map((f) => ({
      kind: f.kind,
      name: f.name,
      sizeBytes: f.sizeBytes,
      records: f.records,
      sha256: f.sha256,
      receivedFileId: f.receivedFileId,
    })),
    handedOver: { by: person(act.akimat), at: act.handedOverAt },
    received: act.commission && act.receivedAt ? { by: person(act.commission), at: act.receivedAt } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The commission's check, file by file, before it records receipt
// ---------------------------------------------------------------------------------------------

/**
 * How one declared file stands against the files received, as the receipt would judge it:
 * `matches` (the receipt would link it), `differs` (an accepted file found, but `same` says what
 * differs), or why no received file can be on the act.
 */
export type FileCheckVerdict =
  'matches' | 'differs' | 'not-received' | 'rejected' | 'being-checked' | 'failed' | 'on-another-act' | 'listed-twice';

export interface FileCheck {
  index: number;
  declared: DeclaredFile;
  verdict: FileCheckVerdict;
  /** The received file compared (or the latest that fits, when none is usable). */
  received: {
    id: string;
    kind: FileKind;
    fileName: string;
    sizeBytes: number;
    records: number | null;
    sha256: string;
    status: ReceivedCandidate['status'];
    receivedAt: string;
  } | null;
  /** Field by field, when a received file was compared; `sha256` null when the act declares none. */
  same: { kind: boolean; name: boolean; sizeBytes: boolean; records: boolean; sha256: boolean | null } | null;
  /** The number of the act that already lists the received file (`on-another-act`). */
  onAct: string | null;
}

/**
 * Each declared file against the files received, by the same rule as matchDeclaredFiles (the
 * receipt): codes and fields, not sentences, so the console says them in its own words.
 */
export function checkDeclaredFiles(declared: DeclaredFile[], received: ReceivedCandidate[]): FileCheck[] {
  const byTime = [...received].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const used = new Set<string>();
  const shown = (f: ReceivedCandidate): FileCheck['received'] => ({
    id: f.id,
    kind: f.kind,
    fileName: f.fileName,
    sizeBytes: f.sizeBytes,
    records: f.records,
    sha256: f.sha256,
    status: f.status,
    receivedAt: f.receivedAt.toISOString(),
  });
  const compare = (d: DeclaredFile, f: ReceivedCandidate): NonNullable<FileCheck['same']> => ({
    kind: f.kind === d.kind,
    name: f.fileName === d.name,
    sizeBytes: f.sizeBytes === d.sizeBytes,
    records: f.records === d.records,
    sha256: d.sha256 ? f.sha256 === d.sha256 : null,
  });
  const agrees = (s: NonNullable<FileCheck['same']>) =>
    s.kind && s.name && s.sizeBytes && s.records && s.sha256 !== false;
  return declared.map((d, index): FileCheck => {
    const base = { index, declared: d, onAct: null };
    const fits = byTime.filter((f) => (d.sha256 ? f.sha256 === d.sha256 : f.kind === d.kind && f.fileName === d.name));
    const usable = fits.filter((f) => f.status === 'ACCEPTED' && !f.onAct);
    if (usable.length === 0) {
      const named = d.sha256 ? byTime.filter((f) => f.kind === d.kind && f.fileName === d.name) : [];
      const namedUsable = named.filter((f) => f.status === 'ACCEPTED' && !f.onAct);
      if (namedUsable.length) {
        const f = namedUsable[namedUsable.length - 1];
        return { ...base, verdict: 'differs', received: shown(f), same: compare(d, f) };
      }
      const found = fits.length ? fits : named;
      if (found.length === 0) return { ...base, verdict: 'not-received', received: null, same: null };
      const latest = found[found.length - 1];
      const verdict: FileCheckVerdict = latest.onAct
        ? 'on-another-act'
        : latest.status === 'REJECTED'
          ? 'rejected'
          : latest.status === 'FAILED'
            ? 'failed'
            : 'being-checked';
      return { ...base, verdict, received: shown(latest), same: compare(d, latest), onAct: latest.onAct };
    }
    const file = usable.find((f) => agrees(compare(d, f))) ?? usable[usable.length - 1];
    const same = compare(d, file);
    if (used.has(file.id)) return { ...base, verdict: 'listed-twice', received: shown(file), same };
    used.add(file.id);
    return { ...base, verdict: agrees(same) ? 'matches' : 'differs', received: shown(file), same };
  });
}
