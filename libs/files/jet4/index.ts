export { writeJet4 } from './writer';
export { JetWriteError } from './errors';
export type { JetColumn, JetColumnType, JetTable, JetValue, JetWriteOptions } from './types';
export { APPENDIX1_TABLE_NAME, appendix1Columns, writeAppendix1Mdb } from './appendix1-mdb';
