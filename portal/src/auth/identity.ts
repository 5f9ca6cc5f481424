import type { Me } from '../api/types';

/**
 * Who is signed in, as GET /api/v1/me says: the name to show and the roles that decide which pages the portal
 * offers (the API still checks every request). Kept in the tab's session storage so a reload does not flash the
 * sign-in page; refreshed from /me on every load.
 */
export interface Identity {
  id: string;
  email: string;
  displayName: string;
  admin: boolean;
  billing: boolean;
  mentor: boolean;
}

const storageKey = 'sandbox.identity';

/** Admins get the billing pages too: the billing policy admits them. */
export function identityOf(me: Me): Identity {
  const has = (role: string) => me.roles.includes(role);
  return {
    id: me.id,
    email: me.email,
    displayName: me.displayName.trim() || me.id,
    admin: has('admin'),
    billing: has('billing') || has('admin'),
    mentor: has('mentor'),
  };
}

export function loadIdentity(storage: Pick<Storage, 'getItem'>): Identity | null {
  try {
    const value = JSON.parse(storage.getItem(storageKey) ?? 'null') as Identity | null;
    return value && typeof value.id === 'string' && typeof value.displayName === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function saveIdentity(storage: Pick<Storage, 'setItem' | 'removeItem'>, identity: Identity | null): void {
  if (identity) storage.setItem(storageKey, JSON.stringify(identity));
  else storage.removeItem(storageKey);
}
