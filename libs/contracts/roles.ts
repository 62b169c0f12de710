/**
 * The officials' roles and their words, kept once: the API's access rules (apps/api/src/core/access.ts),
 * the cycle's task book (workflows/cycle/task-book.ts), the workflow history's timeline
 * (apps/api/src/workflows/history-timeline.ts) and the signers of EDS (libs/eds/verify.ts) read them
 * from here.
 */

export const ROLES = [
  'ADMIN',
  'CEC_COORDINATOR',
  'REGIONAL_COMMISSION',
  'DISTRICT_COMMISSION',
  'AKIMAT_REGISTRAR',
  'PRECINCT_MEMBER',
  'MIGRATION_OFFICER',
] as const;
export type Role = (typeof ROLES)[number];

/** The roles that hold a task of the semiannual cycle or receive its escalations, lowest first. */
export const CYCLE_ROLES = [
  'AKIMAT_REGISTRAR',
  'DISTRICT_COMMISSION',
  'REGIONAL_COMMISSION',
  'CEC_COORDINATOR',
] as const satisfies readonly Role[];
export type CycleRole = (typeof CYCLE_ROLES)[number];

/** A role in words, as someone who acts: "a regional commission acts for …". */
export const ROLE_WORDS: Record<Role, string> = {
  ADMIN: 'an administrator',
  CEC_COORDINATOR: 'a CEC coordinator',
  REGIONAL_COMMISSION: 'a regional commission',
  DISTRICT_COMMISSION: 'a district commission',
  AKIMAT_REGISTRAR: "an akimat's registrar",
  PRECINCT_MEMBER: 'a precinct commission member',
  MIGRATION_OFFICER: "an officer of a region's migration service",
};

/** A cycle role in words, as the one a task is for: "this task is for the district commission". */
export const THE_ROLE_WORDS: Record<CycleRole | 'ADMIN', string> = {
  AKIMAT_REGISTRAR: "the akimat's registrar",
  DISTRICT_COMMISSION: 'the district commission',
  REGIONAL_COMMISSION: 'the regional commission',
  CEC_COORDINATOR: 'the CEC coordinator',
  ADMIN: ROLE_WORDS.ADMIN,
};

/**
 * Whom a signer's certificate is registered for (libs/eds): the two sides of a transfer act and
 * three roles (an admin's certificate is their second factor at sign-in).
 */
export const SIGNER_ROLES = ['AKIMAT', 'COMMISSION', 'PRECINCT_MEMBER', 'MIGRATION_OFFICER', 'ADMIN'] as const;
export type SignerRoleName = (typeof SIGNER_ROLES)[number];

export const SIGNER_ROLE_WORDS: Record<SignerRoleName, string> = {
  AKIMAT: "an akimat's representative",
  COMMISSION: "a commission's representative",
  PRECINCT_MEMBER: ROLE_WORDS.PRECINCT_MEMBER,
  MIGRATION_OFFICER: ROLE_WORDS.MIGRATION_OFFICER,
  ADMIN: ROLE_WORDS.ADMIN,
};

/**
 * Who registered a certificate the registry took from a valid CMS signature (issue 27): NCA RK's
 * chain and the account's IIN vouched for it, no admin (signer_certificate.registered_by).
 */
export const NCA_CHAIN_REGISTRAR = 'nca-chain';
