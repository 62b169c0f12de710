/**
 * What the screens that sign share (sign-in, the transfer act, the ID-card approval): the EDS
 * options the API gives (GET /v1/auth/eds-options: NCALayer's address, and whether the developer's
 * PKCS#8 key-file fallback is on), signing a text through NCALayer (ncalayer.ts), and NCALayer's
 * failure said in the official's language.
 */
import { useEffect, useState } from 'react';
import { api } from './api';
import { useWords, type Lang } from './i18n';
import {
  DEFAULT_NCALAYER_URL,
  MIN_NCALAYER_VERSION,
  NcaLayerError,
  signWithNcaLayer,
  type SignRequest,
} from './ncalayer';
import { FilePick } from './ui';
import { useScreenWords } from './words/define';
import { NCALAYER_WORDS, ncaLayerProblem } from './words/ncalayer';

export interface EdsOptions {
  ncalayerUrl: string;
  keyFile: boolean;
}

// Asked once per page load: the settings do not change while the console is open.
let asked: Promise<EdsOptions> | undefined;

/**
 * The API's EDS options; until they arrive (or if the API does not answer), NCALayer at its usual
 * address and no key-file fallback, as in production.
 */
export function useEdsOptions(): EdsOptions {
  const [options, setOptions] = useState<EdsOptions>({ ncalayerUrl: DEFAULT_NCALAYER_URL, keyFile: false });
  useEffect(() => {
    asked ??= api<EdsOptions>('GET', '/v1/auth/eds-options').catch(() => {
      asked = undefined; // asked again by the next screen that signs
      return { ncalayerUrl: DEFAULT_NCALAYER_URL, keyFile: false };
    });
    let live = true;
    void asked.then((o) => live && setOptions(o));
    return () => {
      live = false;
    };
  }, []);
  return options;
}

/** Signs through NCALayer at the options' address, in the console's language. */
export function signText(options: EdsOptions, request: Omit<SignRequest, 'locale'>, locale: Lang) {
  return signWithNcaLayer(options.ncalayerUrl, { ...request, locale });
}

/** NCALayer's failure as a plain sentence (role=alert); nothing for other errors. */
export function NcaLayerAlert({ error }: { error: unknown }) {
  const w = useScreenWords(NCALAYER_WORDS);
  if (!(error instanceof NcaLayerError)) return null;
  return (
    <div
      role="alert"
      className="problem"
      data-ncalayer={error.failure.kind}
      data-ncalayer-code={error.failure.kind === 'failed' ? error.failure.code : undefined}
    >
      {ncaLayerProblem(w, error.failure, MIN_NCALAYER_VERSION)}
    </div>
  );
}

/**
 * A document's signing buttons (the transfer act, the ID-card approval): NCALayer first, and the
 * developer's key-file fallback below it only when the API allows it. The form's submitter value
 * says which: "ncalayer" or "key-file".
 */
export function SignDocumentButtons({
  options,
  busy,
  label,
  keyFileLabel,
  keyFileBusyLabel,
}: {
  options: EdsOptions;
  busy: boolean;
  /** The NCALayer button's words (sign the act, approve the application). */
  label: string;
  keyFileLabel: string;
  keyFileBusyLabel: string;
}) {
  const { t } = useWords();
  const nca = useScreenWords(NCALAYER_WORDS);
  return (
    <>
      <p className="hint">{nca.signHint}</p>
      <button type="submit" value="ncalayer" disabled={busy}>
        {busy ? nca.waiting : label}
      </button>
      {options.keyFile && (
        <fieldset className="fallback">
          <legend>{nca.keyFileTitle}</legend>
          <FilePick label={t.keyFile} name="key" accept=".pem,.key" />
          <FilePick label={t.certFile} name="certificate" accept=".pem,.crt,.cer" />
          <p className="hint">{t.idCard.keyStays}</p>
          <button type="submit" value="key-file" className="secondary" disabled={busy}>
            {busy ? keyFileBusyLabel : keyFileLabel}
          </button>
        </fieldset>
      )}
    </>
  );
}
