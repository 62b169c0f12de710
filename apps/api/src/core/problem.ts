/**
 * A refusal with a stable code (libs/contracts/problems.ts): the status, the code, its parameters
 * and the English detail. The problem filter (./problem.filter.ts) sends the code and parameters
 * beside the detail, so a client can say it in its own language without parsing the English; a
 * refusal thrown without a code gets the generic one of its status.
 */
import { HttpException } from '@nestjs/common';
import {
  GENERIC_API_CODES,
  type ApiParams,
  type ApiProblemCode,
  type CodedProblem,
} from '../../../../libs/contracts/problems';

/** A field's problem in `errors`: what the field is, the English, and (a file's problems) the code and parameters. */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  params?: object;
  /** The class-validator constraint the field broke (isIn, matches, length, …), for the console's words. */
  constraint?: string;
}

export class Problem<C extends ApiProblemCode = ApiProblemCode> extends HttpException {
  /** When the same request may be sent again, in seconds: the filter sends it as `Retry-After`. */
  retryAfterSeconds?: number;

  constructor(
    status: number,
    readonly code: C,
    readonly params: ApiParams<C>,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super({ message: detail, ...(errors ? { errors } : {}) }, status);
    this.name = 'Problem';
  }
}

/**
 * Whether `err` is a refusal of `status`: a Problem or any other HttpException. Code that acts on a
 * kind of refusal (an audit of a 422) asks this, never `instanceof` a Nest exception class, which a
 * Problem is not.
 */
export function isRefusal(err: unknown, status: number): err is HttpException {
  return err instanceof HttpException && err.getStatus() === status;
}

/** The generic code of a status: the class of refusal, when the thrower named none. */
export function genericCode(status: number): string {
  const known = GENERIC_API_CODES[status as keyof typeof GENERIC_API_CODES];
  if (known) return known;
  return status >= 500 ? 'internal' : 'bad-request';
}

/** A file's problems as a refusal's `errors`: each names its field and carries its code. */
export function fileErrors(field: string, problems: CodedProblem[]): FieldError[] {
  return problems.map((p) => ({ field, message: p.message, code: p.code, params: p.params }));
}
