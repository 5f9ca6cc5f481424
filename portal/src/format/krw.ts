const krw = new Intl.NumberFormat('ko-KR', { style: 'currency', currency: 'KRW' });

/**
 * A price in won as Koreans write it (₩1,234), whatever the page's language: prices are in KRW for everyone.
 * The API gives exact amounts (hourly prices may have decimals); won are shown whole, rounded half away from zero
 * like invoices round.
 */
export function formatKrw(amount: number): string {
  const whole = Math.sign(amount) * Math.round(Math.abs(amount));
  return krw.format(whole === 0 ? 0 : whole);
}
