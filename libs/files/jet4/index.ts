export { writeJet4, writeJet4Async } from './writer';
export { JetWriteError } from './errors';
export type { JetColumn, JetColumnType, JetTable, JetTableStream, JetValue, JetWriteOptions } from './types';
export {
  APPENDIX1_TABLE_NAME,
  appendix1Columns,
  writeAppendix1Mdb,
  writeAppendix1MdbAsync,
  type Appendix1Row,
} from './appendix1-mdb';
