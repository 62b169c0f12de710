/**
 * Search attributes of the cycle workflows: period and territory codes, the stage, at-risk. No
 * personal data. Registered on the server by the stack (scripts/lib/services.ts) and the compose
 * temporal-setup service; admins filter on them in the Web UI and through the API.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA_PERIOD = defineSearchAttributeKey('TizimPeriod', SearchAttributeType.KEYWORD);
export const SA_REGION = defineSearchAttributeKey('TizimRegion', SearchAttributeType.KEYWORD);
export const SA_DISTRICT = defineSearchAttributeKey('TizimDistrict', SearchAttributeType.KEYWORD);
export const SA_STAGE = defineSearchAttributeKey('TizimStage', SearchAttributeType.KEYWORD);
export const SA_AT_RISK = defineSearchAttributeKey('TizimAtRisk', SearchAttributeType.BOOL);
