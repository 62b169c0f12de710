/**
 * The holder as NCA RK writes it in the subject (issue 27, section 2): SERIALNUMBER "IIN" + 12
 * digits, SURNAME, G (in NCA's usage the patronymic), CN "surname name", and for an organisation's
 * employee O and OU "BIN" + 12 digits. Roles: NCA's OIDs in the extended key usage or the policies.
 */
import * as pkijs from 'pkijs';
import type { CmsSigner } from './types';

const CN = '2.5.4.3';
const SURNAME = '2.5.4.4';
const SERIAL_NUMBER = '2.5.4.5';
const O = '2.5.4.10';
const OU = '2.5.4.11';
const GIVEN_NAME = '2.5.4.42';
const EXT_KEY_USAGE = '2.5.29.37';
const CERT_POLICIES = '2.5.29.32';

export const NCA_ROLES: Record<string, string> = {
  '1.2.398.3.3.4.1.1': 'individual',
  '1.2.398.3.3.4.1.2': 'organisation',
  '1.2.398.3.3.4.1.2.1': 'head',
  '1.2.398.3.3.4.1.2.2': 'may-sign',
  '1.2.398.3.3.4.1.2.5': 'employee',
};

function attribute(cert: pkijs.Certificate, type: string): string | undefined {
  const found = cert.subject.typesAndValues.find((tv) => tv.type === type);
  const value = found?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof value?.valueBlock?.value === 'string' ? value.valueBlock.value : undefined;
}

/** The OIDs of the extended key usage and of the certificate policies. */
export function usageOids(cert: pkijs.Certificate): { eku: string[]; policies: string[] } {
  const ext = (id: string) => cert.extensions?.find((e) => e.extnID === id)?.parsedValue as unknown;
  const eku = (ext(EXT_KEY_USAGE) as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  const policies =
    (ext(CERT_POLICIES) as pkijs.CertificatePolicies | undefined)?.certificatePolicies.map((p) => p.policyIdentifier) ??
    [];
  return { eku, policies };
}

/** The holder, or null when the subject is not NCA-shaped (no SERIALNUMBER=IIN + 12 digits). */
export function readHolder(cert: pkijs.Certificate): CmsSigner | null {
  const serial = attribute(cert, SERIAL_NUMBER) ?? '';
  const iin = /^IIN(\d{12})$/.exec(serial)?.[1];
  if (!iin) return null;
  const bin = /^BIN(\d{12})$/.exec(attribute(cert, OU) ?? '')?.[1];
  const g = attribute(cert, GIVEN_NAME) ?? '';
  const { eku, policies } = usageOids(cert);
  const roles = [...new Set([...eku, ...policies].filter((o) => o in NCA_ROLES).map((o) => NCA_ROLES[o]!))];
  const organisation = attribute(cert, O);
  return {
    iin,
    surname: attribute(cert, SURNAME) ?? '',
    givenName: g,
    patronymic: g,
    commonName: attribute(cert, CN) ?? '',
    ...(organisation ? { organisation } : {}),
    ...(bin ? { bin } : {}),
    roles,
  };
}
