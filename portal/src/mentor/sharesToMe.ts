import type { ShareToMe } from '../api/types';

/** The caller's active shares by session id; if a session was shared twice, the one that lasts longest. */
export function sharesBySession(shares: readonly ShareToMe[]): Map<string, ShareToMe> {
  const bySession = new Map<string, ShareToMe>();
  for (const share of shares) {
    const known = bySession.get(share.session);
    if (!known || Date.parse(share.expiresAt) > Date.parse(known.expiresAt)) bySession.set(share.session, share);
  }

  return bySession;
}

/** Whether a session on the page has no share known for it yet (shared since the shares were fetched). */
export function anyWithoutShare(sessionIds: readonly string[], shares: ReadonlyMap<string, ShareToMe>): boolean {
  return sessionIds.some(id => !shares.has(id));
}

/** Milliseconds of sharing left at <now>; zero once it has ended. */
export function timeLeftMs(share: ShareToMe, now: number): number {
  return Math.max(0, Date.parse(share.expiresAt) - now);
}
