// The workflow bundle's entry: every workflow type the worker serves.
export { registrationCheckWorkflow } from './registration-check';
export { districtCycleWorkflow } from './district-cycle';
export { regionCycleWorkflow } from './region-cycle';
export { nationalCycleWorkflow, cycleStarterWorkflow } from './national-cycle';
export { votingDayApplicationWorkflow } from './voting-day-application';
export { idCardExchangeWorkflow } from './id-card-exchange';
