// Billing months are calendar months in Seoul (UTC+9 all year, no daylight saving).
const seoulOffsetMs = 9 * 60 * 60 * 1000;

/** The month (YYYY-MM) an instant falls in, in Seoul. */
export function monthOf(instant: Date): string {
  const seoul = new Date(instant.getTime() + seoulOffsetMs);
  return `${seoul.getUTCFullYear()}-${String(seoul.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Whether text is a month as the API takes it (YYYY-MM, month 01-12). */
export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** The month's start and the next month's start as ISO 8601 instants with Seoul's offset, for from/to queries. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, number] = month.split('-').map(Number);
  const nextYear = number === 12 ? year + 1 : year;
  const next = number === 12 ? 1 : number + 1;
  const start = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01T00:00:00+09:00`;
  return { from: start(year, number), to: start(nextYear, next) };
}

/** The `count` months ending with `month`, oldest first (YYYY-MM). */
export function monthsUpTo(month: string, count: number): string[] {
  const [year, number] = month.split('-').map(Number);
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = year * 12 + (number - 1) - i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}
