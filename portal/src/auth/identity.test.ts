import { describe, expect, it } from 'vitest';
import { identityOf, loadIdentity, saveIdentity } from './identity';

class MemoryStorage {
  private values = new Map<string, string>();
  getItem(key: string) { return this.values.get(key) ?? null; }
  setItem(key: string, value: string) { this.values.set(key, value); }
  removeItem(key: string) { this.values.delete(key); }
}

describe('identity', () => {
  it('gives admins the billing pages too (the billing policy admits admins)', () => {
    expect(identityOf({ id: 'm-1', email: 'a@b' }, { admin: true, billing: false, mentor: false }).billing).toBe(true);
    expect(identityOf({ id: 'm-1', email: null }, { admin: false, billing: false, mentor: false })).toEqual(
      { id: 'm-1', email: '', admin: false, billing: false, mentor: false });
  });

  it('round-trips through storage and forgets on sign-out', () => {
    const storage = new MemoryStorage();
    const me = identityOf({ id: 'm-1', email: 'a@b' }, { admin: false, billing: true, mentor: true });
    saveIdentity(storage, me);
    expect(loadIdentity(storage)).toEqual(me);
    saveIdentity(storage, null);
    expect(loadIdentity(storage)).toBeNull();
  });

  it('ignores what it cannot read', () => {
    const storage = new MemoryStorage();
    storage.setItem('sandbox.identity', '{not json');
    expect(loadIdentity(storage)).toBeNull();
  });
});
