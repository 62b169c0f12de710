/**
 * What `npm run stack` prints once everything answers. The terminal's lines end up in logs and
 * screenshots, so they name where the operator token and the e-gov portal's token are kept (the
 * secrets file and its keys) and how to read them into a shell variable, never the tokens.
 */
import { DEMO_MEMBER, DEMO_MIGRATION_OFFICER } from '../../prisma/seed';

export interface UpLinesInput {
  apiUrl: string;
  temporalUi: string | null;
  /** The secrets file, as a path from the project folder: `.local/dev-secrets.json`. */
  secretsFile: string;
  /** The demo property whose residents the portal's example lists. */
  cadastralNumber: string;
}

export function upLines(o: UpLinesInput): string[] {
  const { apiUrl } = o;
  // require() reads a bare name as a package: a path from the project folder needs ./ or ../
  const file = /^\.\.?\//.test(o.secretsFile) ? o.secretsFile : `./${o.secretsFile}`;
  const read = (key: string) => `$(node -p "require('${file}').${key}")`;
  return [
    '',
    'Tizim is up. Ctrl-C stops everything.',
    `  Web console      ${apiUrl}/console/   (demo accounts above; precinct member ${DEMO_MEMBER.username}: IIN, key and certificate in .local/demo-keys/)`,
    `  API              ${apiUrl}`,
    `  OpenAPI page     ${apiUrl}/docs`,
    `  Temporal Web UI  ${o.temporalUi ?? '(not started here: TEMPORAL_ADDRESS was given)'}`,
    `  operator token   in ${o.secretsFile}, key adminToken; from the project folder: TOKEN=${read('adminToken')}`,
    `  e-gov portal     its token in ${o.secretsFile}, key portalToken: PORTAL=${read('portalToken')}`,
    `  citizens (as the e-gov portal): curl -s ${apiUrl}/v1/citizen/properties/${o.cadastralNumber}/residents \\`,
    `         -H "Authorization: Bearer $PORTAL" -H "X-Citizen-IIN: $(cat .local/demo-keys/property-owner.iin.txt)"`,
    `  ID-card exchange: ${DEMO_MIGRATION_OFFICER} reviews region 71's applications in the console (key and certificate in .local/demo-keys/);`,
    `         the demo citizen's applications: curl -s ${apiUrl}/v1/citizen/id-card/applications \\`,
    `         -H "Authorization: Bearer $PORTAL" -H "X-Citizen-IIN: $(cat .local/demo-keys/id-card-citizen.iin.txt)"`,
    `  try: curl -s -X POST ${apiUrl}/v1/registration-checks -H "Authorization: Bearer $TOKEN" \\`,
    `         -H 'Content-Type: application/json' -d '{"iin":"<an IIN from register_voter>","reason":"demo"}'`,
  ];
}
