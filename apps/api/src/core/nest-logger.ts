/**
 * Nest's own log lines (bootstrap, routes) and those of `new Logger(context)` in guards and
 * services, through the same JSON logger, with the id of the request being served.
 */
import type { LoggerService } from '@nestjs/common';
import type { Logger } from '../../../../libs/observability/logger';
import { currentRequestId } from './request-context';

const fields = (context: string | undefined, extra: Record<string, unknown> = {}) => {
  const requestId = currentRequestId();
  return { context, ...extra, ...(requestId ? { requestId } : {}) };
};

export class NestJsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info(fields(context), String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error(fields(context, { trace }), String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn(fields(context), String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug(fields(context), String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace(fields(context), String(message));
  }
}
