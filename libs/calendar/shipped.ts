/**
 * The calendar years shipped with Tizim (libs/calendar/data/kz-YYYY.json), each entry with its
 * source. They are loaded into PostgreSQL by `npm run calendar:load` (the stack and the compose
 * migrate service run it); an admin's later correction through the API is kept over them.
 */
import kz2024 from './data/kz-2024.json';
import kz2025 from './data/kz-2025.json';
import kz2026 from './data/kz-2026.json';
import kz2027 from './data/kz-2027.json';
import { parseCalendarYear, type CalendarYearData } from './calendar-data';

export const SHIPPED_CALENDAR_YEARS: readonly CalendarYearData[] = [kz2024, kz2025, kz2026, kz2027].map((y) =>
  parseCalendarYear(y),
);
