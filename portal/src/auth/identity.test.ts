import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types';
import { identityOf, loadIdentity, saveIdentity } from './identity';

class MemoryStorage {
  private values = new Map<string, string>();
  getItem(key: string) { return this.values.get(key) ?? null; }
  setItem(key: string, value: string) { this.values.set(key, value); }
  removeItem(key: string) { this.values.delete(key); }
}

const me = (roles: string[], displayName = 'Kim Minji'): Me =>
  ({ id: 'm-1', email: 'a@b', displayName, tier: 'member', roles, monthlyBudgetKrw: null });

describe('identity', () => {
  it('takes the pages from the roles /me reports', () => {
    expect(identityOf(me([]))).toEqual(
      { id: 'm-1', email: 'a@b', displayName: 'Kim Minji', admin: false, billing: false, mentor: false });
    expect(identityOf(me(['mentor']))).toMatchObject({ admin: false, billing: false, mentor: true });
    expect(identityOf(me(['billing']))).toMatchObject({ admin: false, billing: true, mentor: false });
  });

  it('gives admins the billing pages too (the billing policy admits admins)', () => {
    expect(identityOf(me(['admin']))).toMatchObject({ admin: true, billing: true, mentor: false });
  });

  it('shows the member id when the display name is blank', () => {
    expect(identityOf(me([], '  ')).displayName).toBe('m-1');
  });

  it('round-trips through storage and forgets on sign-out', () => {
    const storage = new MemoryStorage();
    const identity = identityOf(me(['billing', 'mentor']));
    saveIdentity(storage, identity);
    expect(loadIdentity(storage)).toEqual(identity);
    saveIdentity(storage, null);
    expect(loadIdentity(storage)).toBeNull();
  });

  it('ignores what it cannot read, and identities stored before display names', () => {
    const storage = new MemoryStorage();
    storage.setItem('sandbox.identity', '{not json');
    expect(loadIdentity(storage)).toBeNull();
    storage.setItem('sandbox.identity', JSON.stringify({ id: 'm-1', email: 'a@b', admin: false, billing: false, mentor: false }));
    expect(loadIdentity(storage)).toBeNull();
  });
});
