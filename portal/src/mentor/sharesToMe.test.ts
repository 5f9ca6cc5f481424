import { describe, expect, it } from 'vitest';
import type { ShareToMe } from '../api/types';
import { anyWithoutShare, sharesBySession, timeLeftMs } from './sharesToMe';

const share = (session: string, expiresAt: string): ShareToMe =>
  ({ session, owner: 'm-1', ownerName: 'Kim', createdAt: '2026-12-04T09:00:00Z', expiresAt });

describe('shares to me', () => {
  it('keys shares by session, keeping the one that lasts longest', () => {
    const bySession = sharesBySession([
      share('s-1', '2026-12-04T10:00:00Z'), share('s-2', '2026-12-04T09:30:00Z'), share('s-1', '2026-12-04T11:00:00Z'),
      share('s-1', '2026-12-04T10:30:00Z'),
    ]);
    expect([...bySession.keys()].sort()).toEqual(['s-1', 's-2']);
    expect(bySession.get('s-1')?.expiresAt).toBe('2026-12-04T11:00:00Z');
  });

  it('tells when a session on the page has no known share', () => {
    const bySession = sharesBySession([share('s-1', '2026-12-04T10:00:00Z')]);
    expect(anyWithoutShare(['s-1'], bySession)).toBe(false);
    expect(anyWithoutShare(['s-1', 's-9'], bySession)).toBe(true);
    expect(anyWithoutShare([], bySession)).toBe(false);
  });

  it('counts time left down to zero and not below', () => {
    const s = share('s-1', '2026-12-04T10:00:00Z');
    expect(timeLeftMs(s, Date.parse('2026-12-04T09:15:00Z'))).toBe(45 * 60_000);
    expect(timeLeftMs(s, Date.parse('2026-12-04T10:00:01Z'))).toBe(0);
  });
});
