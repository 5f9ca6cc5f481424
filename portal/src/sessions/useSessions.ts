import { useEffect } from 'react';
import type { Session } from '../api/types';
import { useApi } from '../app/ApiContext';
import { useAsync } from '../components/useAsync';
import { useHubMessage, useLiveStatus } from '../live/LiveContext';
import { usePolling } from '../live/usePolling';
import { isChanging, mergeSession, sortSessions } from './sessionList';

const pollMs = 2_000;

/**
 * The sessions the caller may see (own and shared), kept current: the hub's sessionUpdated messages when it is
 * connected (and a fresh fetch on every reconnection, for what was missed), else a poll every few seconds while one
 * of them is starting or stopping.
 */
export function useSessions() {
  const api = useApi();
  const live = useLiveStatus();
  const sessions = useAsync(async () => sortSessions(await api.getAll<Session>('/api/v1/sessions?limit=1000')), []);
  const { reload, setData } = sessions;

  useEffect(() => {
    if (live.generation > 0) void reload();
  }, [live.generation, reload]);

  useHubMessage<Session>('sessionUpdated', update => setData(current => mergeSession(current ?? [], update)));
  const changing = (sessions.data ?? []).some(s => isChanging(s.state));
  usePolling(() => void reload(), pollMs, changing && !live.connected);

  return { ...sessions, merge: (session: Session) => setData(current => mergeSession(current ?? [], session)) };
}
