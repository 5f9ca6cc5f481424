import type { SignedIn } from '../api/types';

/**
 * Who is signed in, as far as the portal can tell: sign-in answers id and e-mail; the API has no "who am I" route
 * with roles, so roles are found by asking role-guarded routes (admins may list members, billing staff may read the
 * money audit events). Mentors cannot be told apart that way: every account sees what is shared with it.
 */
export interface Identity {
  id: string;
  email: string;
  admin: boolean;
  billing: boolean;
  mentor: boolean;
}

const storageKey = 'sandbox.identity';

export function identityOf(signedIn: SignedIn, roles: { admin: boolean; billing: boolean; mentor: boolean }): Identity {
  return { id: signedIn.id, email: signedIn.email ?? '', ...roles, billing: roles.billing || roles.admin };
}

export function loadIdentity(storage: Pick<Storage, 'getItem'>): Identity | null {
  try {
    const value = JSON.parse(storage.getItem(storageKey) ?? 'null') as Identity | null;
    return value && typeof value.id === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function saveIdentity(storage: Pick<Storage, 'setItem' | 'removeItem'>, identity: Identity | null): void {
  if (identity) storage.setItem(storageKey, JSON.stringify(identity));
  else storage.removeItem(storageKey);
}
