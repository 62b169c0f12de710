/**
 * The NCANode stand-in (not NCANode): a tiny HTTP server implementing the part of NCANode's
 * `POST /cms/verify` contract the adapter uses (libs/eds/cms/ncanode.ts documents it), answering
 * with the built-in verifier underneath, so the adapter's request and mapping are tested over HTTP.
 */
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { BuiltinCmsVerifier, readHolder, type NcaNodeAnswer } from '../../libs/eds/cms';
import { body, listen } from './nca-test-ca';

const KEY_USER: Record<string, string> = {
  individual: 'INDIVIDUAL',
  organisation: 'ORGANIZATION',
  head: 'CEO',
  'may-sign': 'CAN_SIGN',
  employee: 'EMPLOYEE',
};

export function ncanodeStandIn(verifier: BuiltinCmsVerifier) {
  return listen((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/cms/verify') {
        res.writeHead(404).end();
        return;
      }
      const json = JSON.parse((await body(req)).toString('utf8')) as { cms: string; data?: string };
      const cms = Buffer.from(json.cms, 'base64');
      let signed: pkijs.SignedData;
      try {
        signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms).content });
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'bad cms' }));
        return;
      }
      const certs = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
      const leaf = certs.find((c) => !new X509Certificate(Buffer.from(c.toSchema().toBER(false))).ca)!;
      const x = new X509Certificate(Buffer.from(leaf.toSchema().toBER(false)));
      const auth = (x.keyUsage ?? []).includes('1.3.6.1.5.5.7.3.2');
      const e = signed.encapContentInfo.eContent;
      const content = json.data ? Buffer.from(json.data, 'base64') : Buffer.from(e!.getValue());
      const verdict = await verifier.verify({
        cms,
        content,
        expectedContent: content,
        purpose: auth ? 'sign-in' : 'signing',
      });
      const holder = readHolder(leaf);
      const revocation = verdict.revocation;
      const chainProblem =
        !verdict.valid && ['expired', 'not-yet-valid', 'unknown-issuer', 'untrusted-root'].includes(verdict.code);
      const answer: NcaNodeAnswer = {
        valid: verdict.valid,
        signers: [
          {
            certificates: [
              {
                valid: !chainProblem && revocation?.status !== 'revoked',
                notBefore: new Date(x.validFrom).toISOString(),
                notAfter: new Date(x.validTo).toISOString(),
                serialNumber: x.serialNumber,
                keyUsage: auth ? 'AUTH' : 'SIGN',
                keyUser: (holder?.roles ?? []).map((r) => KEY_USER[r]!),
                subject: {
                  commonName: holder?.commonName,
                  lastName: holder?.surname,
                  surName: holder?.patronymic,
                  iin: holder?.iin,
                  bin: holder?.bin ?? null,
                  organization: holder?.organisation ?? null,
                  dn: x.subject.replace(/\n/g, ','),
                },
                issuer: { dn: x.issuer.replace(/\n/g, ',') },
                revocations:
                  revocation && revocation.status !== 'unreachable'
                    ? [
                        {
                          revoked: revocation.status === 'revoked',
                          by: revocation.method.toUpperCase(),
                          revocationTime: revocation.revokedAt?.toISOString() ?? null,
                          reason: null,
                        },
                      ]
                    : [],
                certificate: x.raw.toString('base64'),
              },
            ],
            tsp:
              verdict.valid && verdict.timestamp
                ? {
                    genTime: verdict.timestamp.time.toISOString(),
                    serialNumber: verdict.timestamp.serial,
                    tsa: verdict.timestamp.tsaName,
                  }
                : null,
          },
        ],
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    })().catch(() => res.writeHead(500).end());
  });
}
