/**
 * Structured JSON logs (pino) for the API, the worker and the scripts.
 *
 * Personal data must never reach a log line. Code logs ids, not people; as a second line of
 * defence, any field named like personal data is replaced by "[redacted]" wherever it appears
 * (top level or one level down), and a twelve-digit run that looks like an IIN is masked in
 * messages.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const PERSONAL_FIELDS = [
  'iin',
  'recipientIin',
  'surname',
  'firstName',
  'patronymic',
  'name',
  'birthDate',
  'address',
  'locality',
  'street',
  'house',
  'apartment',
  'password',
  'token',
  'authorization',
];

export const REDACT_PATHS = PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`]);

const IIN_LIKE = /(?<!\d)\d{12}(?!\d)/g;

/** Masks twelve-digit runs (IIN-shaped) in free text. */
export function maskIins(text: string): string {
  return text.replace(IIN_LIKE, '************');
}

export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskIins(a) : a)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
    serializers: {
      err: (err: Error) => ({
        type: err.name,
        message: maskIins(err.message),
        stack: err.stack && maskIins(err.stack),
      }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
