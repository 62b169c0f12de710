import type { TizimConfig } from '../../../../libs/config/config';

/** The validated configuration as an injectable class token (no string DI tokens). */
export class AppConfig {
  constructor(readonly value: TizimConfig) {}
}
