/** How precisely a source gives a date. */
export type DatePrecision = 'DAY' | 'MONTH' | 'YEAR';

/** A date as precisely as a source gives it: "2018", "2017-05" or "2017-05-15". */
export interface PartialDate {
  text: string;
  precision: DatePrecision;
  /** The first day the text can mean (for a start). */
  first: string;
  /** The last day the text can mean (for an end). */
  last: string;
}

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a partial date; null when the text is not one (the caller reports the field). */
export function parsePartialDate(text: string): PartialDate | null {
  const match = PATTERN.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2] === undefined) return { text, precision: 'YEAR', first: `${year}-01-01`, last: `${year}-12-31` };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  if (match[3] === undefined) {
    return { text, precision: 'MONTH', first: `${year}-${pad(month)}-01`, last: `${year}-${pad(month)}-${pad(daysInMonth(year, month))}` };
  }
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  return { text, precision: 'DAY', first: iso, last: iso };
}
