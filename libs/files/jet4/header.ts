/**
 * Page 0, the database definition page (HACKING.md, "Database Definition Page"): the engine name,
 * the Jet version, and an RC4-masked section holding the code page, the (zero) encryption key,
 * the password, the default sort order and the creation date. Microsoft's engine also writes
 * values nobody documents (format.ts, Header); they are written the same, so the page matches what
 * Access and ADOX make.
 */
import { CODE_PAGE_CYRILLIC, Header, PAGE_SIZE, PageType, SORT_ORDER_GENERAL } from './format';
import { rc4 } from './rc4';

/**
 * The password field for "no password". Jet 4 XORs the password with a mask made of the creation
 * date's whole days (a 32-bit integer, repeated); a reader that removes the mask and finds only
 * zeros sees no password. So the empty password is stored as the mask itself.
 */
function emptyPassword(creationDate: number): Buffer {
  const out = Buffer.alloc(Header.passwordLength);
  out.writeInt32LE(Math.floor(creationDate), 0);
  for (let i = 4; i < out.length; i++) out[i] = out[i % 4];
  return out;
}

/** The masked section in clear, offsets relative to the page. */
function maskedSection(creationDate: number): Buffer {
  const page = Buffer.alloc(Header.maskedStart + Header.maskedLength);
  Header.leadingValues.forEach((v, i) => page.writeUInt32LE(v, Header.leadingValuesOffset + 4 * i));
  page.writeUInt16LE(CODE_PAGE_CYRILLIC, Header.codePageOffset);
  page.writeUInt32LE(0, Header.encryptionKeyOffset);
  emptyPassword(creationDate).copy(page, Header.passwordOffset);
  // Sort order: id (2 bytes), a zero byte, version 0.
  page.writeUInt16LE(SORT_ORDER_GENERAL, Header.sortOrderOffset);
  page.writeDoubleLE(creationDate, Header.creationDateOffset);
  return page.subarray(Header.maskedStart);
}

/** Page 0 of a Jet 4 database created at `creationDate` (an Access date). */
export function headerPage(creationDate: number): Buffer {
  const page = Buffer.alloc(PAGE_SIZE);
  page[0] = PageType.databaseDefinition;
  page[1] = 0x01;
  page.write(Header.engineName, Header.engineNameOffset, 'latin1');
  page.writeUInt32LE(Header.jet4Version, Header.versionOffset);
  rc4(Header.maskKey, maskedSection(creationDate)).copy(page, Header.maskedStart);
  page.writeUInt32LE(Header.trailerValue, Header.trailerValueOffset);
  page.write(Header.versionText, Header.versionTextOffset, 'latin1');
  for (let at = Header.tableOfValuesOffset; at < PAGE_SIZE; at += 2)
    page.writeUInt16LE(at === Header.tableOfValuesOffset ? Header.tableOfValuesFirst : Header.tableOfValuesRest, at);
  return page;
}
