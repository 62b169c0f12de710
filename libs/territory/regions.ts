/** Kazakhstan's 20 regions (oblasts and cities of republican significance) by two-digit KATO code. */
export const REGIONS: { code: string; nameRu: string; nameKk: string; kind: 'OBLAST' | 'CITY' }[] = [
  { code: '10', nameRu: 'Абайская область', nameKk: 'Абай облысы', kind: 'OBLAST' },
  { code: '11', nameRu: 'Акмолинская область', nameKk: 'Ақмола облысы', kind: 'OBLAST' },
  { code: '15', nameRu: 'Актюбинская область', nameKk: 'Ақтөбе облысы', kind: 'OBLAST' },
  { code: '19', nameRu: 'Алматинская область', nameKk: 'Алматы облысы', kind: 'OBLAST' },
  { code: '23', nameRu: 'Атырауская область', nameKk: 'Атырау облысы', kind: 'OBLAST' },
  { code: '27', nameRu: 'Западно-Казахстанская область', nameKk: 'Батыс Қазақстан облысы', kind: 'OBLAST' },
  { code: '31', nameRu: 'Жамбылская область', nameKk: 'Жамбыл облысы', kind: 'OBLAST' },
  { code: '33', nameRu: 'Область Жетісу', nameKk: 'Жетісу облысы', kind: 'OBLAST' },
  { code: '35', nameRu: 'Карагандинская область', nameKk: 'Қарағанды облысы', kind: 'OBLAST' },
  { code: '39', nameRu: 'Костанайская область', nameKk: 'Қостанай облысы', kind: 'OBLAST' },
  { code: '43', nameRu: 'Кызылординская область', nameKk: 'Қызылорда облысы', kind: 'OBLAST' },
  { code: '47', nameRu: 'Мангистауская область', nameKk: 'Маңғыстау облысы', kind: 'OBLAST' },
  { code: '55', nameRu: 'Павлодарская область', nameKk: 'Павлодар облысы', kind: 'OBLAST' },
  { code: '59', nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы', kind: 'OBLAST' },
  { code: '61', nameRu: 'Туркестанская область', nameKk: 'Түркістан облысы', kind: 'OBLAST' },
  { code: '62', nameRu: 'Область Ұлытау', nameKk: 'Ұлытау облысы', kind: 'OBLAST' },
  { code: '63', nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', kind: 'OBLAST' },
  { code: '71', nameRu: 'город Астана', nameKk: 'Астана қаласы', kind: 'CITY' },
  { code: '75', nameRu: 'город Алматы', nameKk: 'Алматы қаласы', kind: 'CITY' },
  { code: '79', nameRu: 'город Шымкент', nameKk: 'Шымкент қаласы', kind: 'CITY' },
];

/**
 * About how many voters each region has, for sizing the national benchmark (scripts/bench-national.ts)
 * in proportion to the real country: rounded figures of the order the CEC publishes for a national
 * vote (Turkistan about 1.18 million, Ulytau about 138,000; about 12.5 million in all). Sizes for
 * synthetic data, not statistics: nothing counts on them being exact.
 */
export const REGION_VOTERS_APPROX: Record<string, number> = {
  '10': 420_000,
  '11': 540_000,
  '15': 600_000,
  '19': 930_000,
  '23': 430_000,
  '27': 450_000,
  '31': 740_000,
  '33': 480_000,
  '35': 800_000,
  '39': 600_000,
  '43': 500_000,
  '47': 470_000,
  '55': 520_000,
  '59': 400_000,
  '61': 1_180_000,
  '62': 138_000,
  '63': 530_000,
  '71': 830_000,
  '75': 1_320_000,
  '79': 720_000,
};
