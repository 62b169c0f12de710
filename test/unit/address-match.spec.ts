import { houseListCovers, matchBoundaries, placeName, type BoundaryRow } from '../../libs/matching/address';

const rows: BoundaryRow[] = [
  { row: 4, stationNumber: 12, locality: 'г. Караганда', address: 'ул. Абая', house: '1-25 нечетные' },
  { row: 5, stationNumber: 13, locality: 'Караганда', address: 'Абая', house: '2-30 (четные)' },
  { row: 6, stationNumber: 13, locality: 'Қарағанды қаласы', address: 'Бұқар жырау даңғылы', house: '' },
  { row: 7, stationNumber: 14, locality: 'село Доскей', address: null, house: null },
  { row: 8, stationNumber: 15, locality: 'Караганда', address: 'Ерубаева', house: '12, 12а, 14/1, с 40 по 50' },
];

describe('boundary matching (Appendix 3 rows against a registered address)', () => {
  it('drops type words, punctuation and Kazakh letter variants from place names', () => {
    expect(placeName('г. Қарағанды')).toBe('КАРАГАНДЫ');
    expect(placeName('ул. «Абая»')).toBe('АБАЯ');
    expect(placeName('Бұқар жырау даңғылы')).toBe(placeName('проспект Букар Жырау'));
  });

  it('reads ranges with a side, single houses, corpus numbers and "с … по …"', () => {
    expect(houseListCovers('1-25 нечетные', '7')).toBe(true);
    expect(houseListCovers('1-25 нечетные', '8')).toBe(false);
    expect(houseListCovers('1-25 нечетные', '27')).toBe(false);
    expect(houseListCovers('2-30 (четные)', '8')).toBe(true);
    expect(houseListCovers('2-30 жұп жағы', '9')).toBe(false);
    expect(houseListCovers('1-9 тақ жағы', '9')).toBe(true);
    expect(houseListCovers('12, 12а, 14/1, с 40 по 50', '12 А')).toBe(true);
    expect(houseListCovers('12, 12а, 14/1, с 40 по 50', '14/1')).toBe(true);
    expect(houseListCovers('12, 12а, 14/1, с 40 по 50', '14')).toBe(false);
    expect(houseListCovers('12, 12а, 14/1, с 40 по 50', '45')).toBe(true);
    expect(houseListCovers('', '999')).toBe(true);
    expect(houseListCovers('все дома', '3')).toBe(true);
    expect(houseListCovers('1-5', null)).toBe(false);
  });

  it('says INSIDE when this station covers the address', () => {
    expect(matchBoundaries({ locality: 'Караганда', street: 'Абая', house: '7' }, rows, 12)).toEqual({
      verdict: 'INSIDE',
      stationNumbers: [12],
      rows: [4],
    });
  });

  it('says OUTSIDE, naming the station that does, when another station covers it', () => {
    expect(matchBoundaries({ locality: 'Караганда', street: 'улица Абая', house: '8' }, rows, 12)).toEqual({
      verdict: 'OUTSIDE',
      stationNumbers: [13],
      rows: [5],
    });
    expect(matchBoundaries({ locality: 'Қарағанды', street: 'пр. Бухар Жырау', house: '100' }, rows, 12).verdict).toBe(
      'UNKNOWN',
    ); // Бухар ≠ Бұқар
    expect(matchBoundaries({ locality: 'Қарағанды', street: 'пр. Букар Жырау', house: '100' }, rows, 12)).toMatchObject(
      { verdict: 'OUTSIDE', stationNumbers: [13] },
    );
  });

  it('covers a whole village by its locality row', () => {
    expect(matchBoundaries({ locality: 'с. Доскей', street: null, house: null }, rows, 14).verdict).toBe('INSIDE');
    expect(matchBoundaries({ locality: 'Доскей', street: 'Мира', house: '3' }, rows, 14).verdict).toBe('INSIDE');
  });

  it('says UNKNOWN, not OUTSIDE, when no row describes the address', () => {
    expect(matchBoundaries({ locality: 'Темиртау', street: 'Абая', house: '7' }, rows, 12)).toEqual({
      verdict: 'UNKNOWN',
      stationNumbers: [],
      rows: [],
    });
    expect(matchBoundaries({ locality: 'Караганда', street: 'Абая', house: '7' }, [], 12).verdict).toBe('UNKNOWN');
  });
});
