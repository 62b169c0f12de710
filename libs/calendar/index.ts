/**
 * The working-day calendar of Kazakhstan and the statutory deadline engine. Everything exported
 * here is pure and deterministic, safe to import from workflow code.
 */
export * from './local-date';
export * from './calendar-data';
export * from './working-calendar';
export * from './deadlines';
export * from './cycle-schedule';
