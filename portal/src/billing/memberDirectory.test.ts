import { describe, expect, it } from 'vitest';
import { matches, memberDirectory } from './memberDirectory';

describe('memberDirectory', () => {
  const lookup = memberDirectory([{ id: 'm-1', displayName: 'Kim Minji', email: 'minji@shop.example' }]);

  it('names a known member by name and e-mail', () => {
    expect(lookup('m-1')).toEqual({ id: 'm-1', name: 'Kim Minji', email: 'minji@shop.example' });
  });

  it('falls back to the id for a member not in the directory', () => {
    expect(lookup('m-gone')).toEqual({ id: 'm-gone', name: 'm-gone', email: '' });
  });

  it('matches a search on name, e-mail or id, ignoring case, and an empty search matches all', () => {
    const minji = lookup('m-1');
    expect(matches(minji, 'minji')).toBe(true);
    expect(matches(minji, 'SHOP.example')).toBe(true);
    expect(matches(minji, 'm-1')).toBe(true);
    expect(matches(minji, '  ')).toBe(true);
    expect(matches(minji, 'park')).toBe(false);
  });
});
