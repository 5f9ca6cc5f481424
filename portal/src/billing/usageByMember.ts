import type { Usage } from '../api/types';

export interface MemberUsage { member: string; hours: number; sessions: number }

/** Hours of use per member, most first (ties by member id), for the chart and its table. */
export function usageByMember(usage: readonly Usage[]): MemberUsage[] {
  const byMember = new Map<string, MemberUsage>();
  for (const record of usage) {
    const total = byMember.get(record.member) ?? { member: record.member, hours: 0, sessions: 0 };
    total.hours += record.hours;
    total.sessions += 1;
    byMember.set(record.member, total);
  }

  return [...byMember.values()].sort((a, b) => b.hours - a.hours || a.member.localeCompare(b.member));
}
