import { describe, expect, it } from 'vitest';
import type { InvoiceRun } from '../api/types';
import { monthsUpTo } from '../format/months';
import { monthOverMonth } from './monthOverMonth';

const run = (month: string, totals: Record<string, number>): InvoiceRun => ({
  month,
  invoices: Object.entries(totals).map(([member, totalKrw]) => ({ member, lines: [], subtotalKrw: totalKrw, creditKrw: 0, totalKrw })),
});

describe('monthOverMonth', () => {
  it('lines each member up over the months, 0 where a month has no invoice, largest last month first', () => {
    const rows = monthOverMonth([run('2026-10', { a: 100 }), run('2026-11', { a: 300, b: 50 }), run('2026-12', { b: 500, a: 200 })]);
    expect(rows).toEqual([
      { member: 'b', totals: [0, 50, 500], change: 450 },
      { member: 'a', totals: [100, 300, 200], change: -100 },
    ]);
  });

  it('is empty without invoices', () => {
    expect(monthOverMonth([run('2026-12', {})])).toEqual([]);
  });
});

describe('monthsUpTo', () => {
  it('counts back across a year, oldest first', () => {
    expect(monthsUpTo('2027-02', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsUpTo('2026-12', 1)).toEqual(['2026-12']);
  });
});
