import type { InvoiceRun } from '../api/types';

/** One member's invoice totals over consecutive months (KRW; 0 for a month without an invoice), and the last change. */
export interface MemberMonths { member: string; totals: number[]; change: number }

/**
 * Members' totals month by month from the months' invoice runs (oldest first), largest last month first (ties by
 * member id); `change` is the last month's total minus the one before.
 */
export function monthOverMonth(runs: readonly InvoiceRun[]): MemberMonths[] {
  const members = new Set(runs.flatMap(run => run.invoices.map(i => i.member)));
  const rows = [...members].map(member => {
    const totals = runs.map(run => run.invoices.find(i => i.member === member)?.totalKrw ?? 0);
    const last = totals.at(-1) ?? 0;
    const before = totals.length > 1 ? totals[totals.length - 2] : 0;
    return { member, totals, change: last - before };
  });
  return rows.sort((a, b) => (b.totals.at(-1) ?? 0) - (a.totals.at(-1) ?? 0) || a.member.localeCompare(b.member));
}
