import type { BillingMember } from '../api/types';

/** How a member is shown at the billing desk: their name and e-mail, or their id when they are not in the directory. */
export interface MemberLabel { id: string; name: string; email: string }

export type MemberDirectory = (id: string) => MemberLabel;

/** A lookup of the members billing staff may see, by id. */
export function memberDirectory(members: readonly BillingMember[] | undefined): MemberDirectory {
  const byId = new Map((members ?? []).map(m => [m.id, m]));
  return id => {
    const member = byId.get(id);
    return member ? { id, name: member.displayName, email: member.email } : { id, name: id, email: '' };
  };
}

/** Whether a member matches what was typed in the search box (name, e-mail or id; case-insensitive). */
export function matches(label: MemberLabel, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || [label.name, label.email, label.id].some(text => text.toLowerCase().includes(q));
}
