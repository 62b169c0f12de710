import { compareIdentity, type IdentityRecord } from '../../libs/matching/identity';
import { compareNames, foldKazakh, normalizeName } from '../../libs/matching/normalize';

describe('name normalisation', () => {
  it.each([
    ['  нурланов  ', 'НУРЛАНОВ', 'case and outer spaces'],
    ['Ахмет   Байтұрсынұлы', 'АХМЕТ БАЙТҰРСЫНҰЛЫ', 'runs of spaces'],
    ['Семёнов', 'СЕМЕНОВ', 'Ё as Е'],
    ['Петров – Водкин', 'ПЕТРОВ-ВОДКИН', 'an en dash with spaces'],
    ['Петров\u2011Водкин', 'ПЕТРОВ-ВОДКИН', 'a non-breaking hyphen'],
    ['AЙГYЛЬ', 'АЙГУЛЬ', 'Latin A and Y inside a Cyrillic name'],
    ['Iзбасар', 'ІЗБАСАР', 'Latin I inside a Cyrillic name is the Kazakh І'],
    ['Smith', 'SMITH', 'a Latin name stays Latin'],
    ['Ә\u0301лия', 'Ә\u0301ЛИЯ', 'combining marks kept (NFC)'],
  ])('normalizeName(%j) = %j (%s)', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it('treats empty and absent names alike', () => {
    expect(normalizeName('')).toBe('');
    expect(normalizeName(null)).toBe('');
    expect(normalizeName('   ')).toBe('');
  });

  it('folds every Kazakh letter to its Russian counterpart', () => {
    expect(foldKazakh('ӘҒҚҢӨҰҮҺІ')).toBe('АГКНОУУХИ');
    expect(foldKazakh('Жұмабаев')).toBe('ЖУМАБАЕВ');
  });

  it.each([
    ['Жұмабаев', 'ЖУМАБАЕВ', 'spelling-variant'],
    ['Әлия', 'Алия', 'spelling-variant'],
    ['Нұрлан', 'нұрлан', 'same'],
    ['Семёнова', 'СЕМЕНОВА', 'same'],
    ['Иванов', 'Иванова', 'different'],
    ['Серік', 'Серик', 'spelling-variant'],
    ['', 'Серикович', 'different'],
  ] as const)('compareNames(%j, %j) is %s', (a, b, relation) => {
    expect(compareNames(a, b)).toBe(relation);
  });
});

describe('identity comparison (category 1)', () => {
  const register: IdentityRecord = {
    iin: '980109050588',
    surname: 'Жұмабаев',
    firstName: 'Нұрлан',
    patronymic: 'Серікұлы',
    birthDate: '1998-01-09',
  };

  it('finds the same person typed another way consistent, listing spelling variants', () => {
    const result = compareIdentity(
      { ...register, surname: 'ЖУМАБАЕВ', firstName: 'нұрлан', patronymic: 'Серикулы' },
      register,
    );
    expect(result.consistent).toBe(true);
    expect(result.differences).toEqual([
      { field: 'surname', kind: 'spelling-variant', file: 'ЖУМАБАЕВ', register: 'Жұмабаев' },
      { field: 'patronymic', kind: 'spelling-variant', file: 'Серикулы', register: 'Серікұлы' },
    ]);
  });

  it('reports the same IIN with another surname and birth date as category 1, naming the fields', () => {
    const result = compareIdentity({ ...register, surname: 'Ахметов', birthDate: '1998-01-10' }, register);
    expect(result.consistent).toBe(false);
    expect(result.differences.map((d) => [d.field, d.kind])).toEqual([
      ['surname', 'different'],
      ['birthDate', 'different'],
    ]);
  });

  it('counts a missing patronymic against a present one as a difference', () => {
    expect(compareIdentity({ ...register, patronymic: null }, register).differences).toEqual([
      { field: 'patronymic', kind: 'different', file: null, register: 'Серікұлы' },
    ]);
    expect(compareIdentity({ ...register, patronymic: null }, { ...register, patronymic: '' }).consistent).toBe(true);
  });

  it('pairs records by IIN only', () => {
    expect(() => compareIdentity({ ...register, iin: '061211600012' }, register)).toThrow(/pairs records by IIN/);
  });
});
