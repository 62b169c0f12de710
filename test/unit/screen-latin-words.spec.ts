/**
 * The browser suites' check that no English stands on a Russian or Kazakh screen
 * (test/support/screen-checks.ts, latinTokens) lets NCA's key-store names through as officials
 * read them on NCALayer's screens (AUTH_RSA256_…, RSA256_…, GOSTKNCA_…) and the address of NCA's
 * site (pki.gov.kz), and nothing else new.
 */
import { latinTokens } from '../support/screen-checks';

it("allows NCA's key-store names, written with their elided ending", () => {
  expect(latinTokens('выберите ключ для подписи (файл RSA256_…, не AUTH_RSA256_…) и введите его пароль')).toEqual([]);
  expect(latinTokens('қол қою кілтін (RSA256_… файлы, AUTH_RSA256_… емес) таңдап')).toEqual([]);
  expect(latinTokens('ключ GOSTKNCA_… или AUTH_…')).toEqual([]);
});

it('allows the address of a Kazakh site the official is sent to', () => {
  expect(latinTokens('установите его с сайта НУЦ РК pki.gov.kz.')).toEqual([]);
  expect(latinTokens('откройте example.com')).toEqual(['example.com']);
});

it('still flags other Latin words, joined by underscores or not', () => {
  expect(latinTokens('ошибка INVOCATION_ERROR в NCALayer')).toEqual(['INVOCATION_ERROR']);
  expect(latinTokens('файл AUTH_secret_…')).toEqual(['AUTH_secret_…']);
  expect(latinTokens('Cannot connect')).toEqual(['Cannot', 'connect']);
});
