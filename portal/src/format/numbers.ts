import type { Language } from '../i18n/translate';

/** Hours of use, at most one decimal (0.25 h shows as 0.3). */
export function formatHours(hours: number, language: Language): string {
  return new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: 1 }).format(hours);
}

/** How many hours the remaining budget buys at a price per hour; null when the price is zero (no limit from money). */
export function affordableHours(remainingKrw: number, krwPerHour: number): number | null {
  if (krwPerHour <= 0) return null;
  return Math.max(0, Math.floor((remainingKrw / krwPerHour) * 10) / 10);
}

/** Share of the budget used, 0-100, for a meter; a zero budget counts as fully used once anything is spent. */
export function budgetUsedPercent(spentKrw: number, budgetKrw: number): number {
  if (budgetKrw <= 0) return spentKrw > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, Math.round((spentKrw / budgetKrw) * 100)));
}

/** A size in bytes in binary units (KiB, MiB, GiB, TiB), at most one decimal; bytes below 1 KiB as they are. */
export function formatBytes(bytes: number, language: Language): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
