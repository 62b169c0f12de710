/**
 * The file store keeps received files owner-only (issue 24, item 6): a stored file can be read by
 * the account the API and the worker run as and by no one else, and the store's folders can be
 * listed by no one else either (a voter list is every voter's personal data).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileStore } from '../../libs/files/store';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('the file store', () => {
  let root: string;
  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), 'tizim-store-')), 'files');
  });
  afterEach(() => rmSync(dirname(root), { recursive: true, force: true }));

  it('keeps an uploaded file read-only to its owner, in folders only its owner can open', async () => {
    const source = join(dirname(root), 'izbirateli_7101.csv');
    writeFileSync(source, 'ИИН;Фамилия\n', { mode: 0o644 });
    const kept = await new FileStore(root).keep(source);
    expect(mode(kept.path)).toBe('400');
    for (let dir = dirname(kept.path); dir.startsWith(root); dir = dirname(dir))
      expect([dir, mode(dir)]).toEqual([dir, '700']);
    expect(mode(join(root, 'tmp'))).toBe('700');
  });

  it('keeps bytes made here the same way', async () => {
    const kept = await new FileStore(root).keepBytes(Buffer.from('сводный файл'));
    expect(mode(kept.path)).toBe('400');
    expect(mode(dirname(kept.path))).toBe('700');
  });
});
