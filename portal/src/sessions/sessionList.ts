import type { Session, SessionState } from '../api/types';

const terminal: ReadonlySet<SessionState> = new Set(['stopped', 'failed']);

export function isEnded(state: SessionState): boolean {
  return terminal.has(state);
}

/** States that change by themselves soon: worth a refresh while no live connection reports them. */
export function isChanging(state: SessionState): boolean {
  return state === 'pending' || state === 'provisioning' || state === 'stopping';
}

/** Newest first. */
export function sortSessions(sessions: readonly Session[]): Session[] {
  return [...sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** The list with one session replaced (or added), as a live update reports it; an older report never wins. */
export function mergeSession(sessions: readonly Session[], update: Session): Session[] {
  const current = sessions.find(s => s.id === update.id);
  if (current && isEnded(current.state) && !isEnded(update.state)) {
    return [...sessions];
  }

  return sortSessions([...sessions.filter(s => s.id !== update.id), update]);
}

/** The caller's own sessions, and those others shared with the caller (GET /sessions lists both). */
export function splitByOwner(sessions: readonly Session[], me: string): { own: Session[]; shared: Session[] } {
  return { own: sessions.filter(s => s.owner === me), shared: sessions.filter(s => s.owner !== me) };
}
