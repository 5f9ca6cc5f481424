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
