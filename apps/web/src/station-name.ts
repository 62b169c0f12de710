/**
 * A polling station as officials name it: «№ 214 — Школа № 1 (Костанай, Абая 1)»; the premises
 * and address are the register's own words, the same in either language.
 */
export interface StationPlace {
  number: number;
  premises: string;
  locality: string;
  street: string | null;
  house: string | null;
}

export function stationName(s: StationPlace): string {
  const address = [s.locality, [s.street, s.house].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return `№ ${s.number} — ${s.premises}${address ? ` (${address})` : ''}`;
}
