import { describe, expect, it } from 'vitest';
import { formatKrw } from './krw';
import { affordableHours, budgetUsedPercent, formatBytes, formatHours } from './numbers';
import { formatDuration } from './dates';
import { isMonth, monthOf, monthRange } from './months';

describe('formatKrw', () => {
  it('writes whole won with the won sign and thousands separators', () => {
    expect(formatKrw(1234567)).toBe('₩1,234,567');
    expect(formatKrw(0)).toBe('₩0');
  });

  it('rounds half away from zero like invoices', () => {
    expect(formatKrw(38.5)).toBe('₩39');
    expect(formatKrw(38.49)).toBe('₩38');
    expect(formatKrw(-2.5)).toBe('-₩3');
    expect(formatKrw(-0.4)).toBe('₩0');
  });
});

describe('numbers', () => {
  it('counts the hours a budget buys, rounded down to a tenth', () => {
    expect(affordableHours(10_000, 38)).toBe(263.1);
    expect(affordableHours(0, 38)).toBe(0);
    expect(affordableHours(-5, 38)).toBe(0);
    expect(affordableHours(100, 0)).toBeNull();
  });

  it('measures the budget used in whole percent, capped at 100', () => {
    expect(budgetUsedPercent(2_500, 10_000)).toBe(25);
    expect(budgetUsedPercent(20_000, 10_000)).toBe(100);
    expect(budgetUsedPercent(0, 0)).toBe(0);
    expect(budgetUsedPercent(1, 0)).toBe(100);
  });

  it('shows hours with one decimal at most', () => {
    expect(formatHours(2.25, 'en')).toBe('2.3');
    expect(formatHours(1234.5, 'ko')).toBe('1,234.5');
  });

  it('shows sizes in binary units with one decimal at most', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
    expect(formatBytes(1024, 'en')).toBe('1 KiB');
    expect(formatBytes(200_000, 'en')).toBe('195.3 KiB');
    expect(formatBytes(10 * 1024 ** 3, 'ko')).toBe('10 GiB');
    expect(formatBytes(5 * 1024 ** 5, 'en')).toBe('5,120 TiB');
  });
});

describe('dates', () => {
  it('writes durations in the page language', () => {
    expect(formatDuration(65 * 60_000, 'ko')).toBe('1시간 5분');
    expect(formatDuration(65 * 60_000, 'en')).toBe('1 h 5 min');
    expect(formatDuration(59_999, 'en')).toBe('0 min');
    expect(formatDuration(-1, 'ko')).toBe('0분');
  });
});

describe('months', () => {
  it('takes the month in Seoul, where the month turns nine hours before UTC', () => {
    expect(monthOf(new Date('2026-11-30T14:59:59Z'))).toBe('2026-11');
    expect(monthOf(new Date('2026-11-30T15:00:00Z'))).toBe('2026-12');
  });

  it('gives a month as a from/to range with the Seoul offset, December into January', () => {
    expect(monthRange('2026-11')).toEqual({ from: '2026-11-01T00:00:00+09:00', to: '2026-12-01T00:00:00+09:00' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01T00:00:00+09:00', to: '2027-01-01T00:00:00+09:00' });
  });

  it('accepts YYYY-MM only', () => {
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
  });
});
