import { useEffect, useMemo, useState } from 'react';
import type { ShareToMe } from '../api/types';
import { useApi } from '../app/ApiContext';
import type { Identity } from '../auth/identity';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { formatDuration } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';
import type { MessageKey } from '../i18n/messages.ko';
import { isEnded, splitByOwner } from '../sessions/sessionList';
import { useSessions } from '../sessions/useSessions';
import { anyWithoutShare, sharesBySession, timeLeftMs } from './sharesToMe';

const sharesRefreshMs = 60_000;

/**
 * Mentors: the sessions analysts shared with me (GET /sessions lists them beside my own), to open while they run,
 * with whose they are and how long the share lasts (GET /me/shares). The shares are fetched again every minute and
 * as soon as a shared session appears that they do not cover yet.
 */
export function MentorPage({ me }: { me: Identity }) {
  const { t, language } = useLanguage();
  const api = useApi();
  const sessions = useSessions();
  const shared = splitByOwner(sessions.data ?? [], me.id).shared.filter(s => !isEnded(s.state));
  const shares = useAsync(() => api.get<ShareToMe[]>('/api/v1/me/shares'), []);
  const bySession = useMemo(() => sharesBySession(shares.data ?? []), [shares.data]);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      void shares.reload();
    }, sharesRefreshMs);
    return () => clearInterval(timer);
  }, [shares.reload]); // eslint-disable-line react-hooks/exhaustive-deps

  const sharedIds = shared.map(s => s.id);
  const missing = shares.data !== undefined && anyWithoutShare(sharedIds, bySession);
  useEffect(() => {
    if (missing) void shares.reload();
  }, [sharedIds.join(' '), missing]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <>
      <h1>{t('mentor.heading')}</h1>
      <p>{t('mentor.intro')}</p>
      <ErrorMessage error={sessions.error ?? shares.error} />
      {sessions.data && shared.length === 0 && <p>{t('mentor.none')}</p>}
      <ul className="plain sessions">
        {shared.map(s => {
          const share = bySession.get(s.id);
          const left = share ? timeLeftMs(share, now) : undefined;
          return (
            <li key={s.id} className="card session" data-session={s.id} data-state={s.state}>
              <div className="session-head">
                <h2>{s.id}</h2>
                <span className={`badge badge-${s.state}`}>{t(`state.${s.state}` as MessageKey)}</span>
              </div>
              <p className="muted">
                {share && <>{t('mentor.owner', { owner: share.ownerName || s.owner })} · </>}
                {s.profile} · {s.size}
              </p>
              {s.readyAt && <p>{t('mentor.running', { duration: formatDuration(now - Date.parse(s.readyAt), language) })}</p>}
              <p data-testid="time-left">
                {left === undefined
                  ? t('mentor.timeUnknown')
                  : left > 0 ? t('mentor.timeLeft', { left: formatDuration(left, language) }) : t('mentor.shareEnded')}
              </p>
              {s.notebookUrl && s.state === 'running' && (left === undefined || left > 0) && (
                <a className="button" href={`/open/${s.id}`} target="_blank" rel="noopener" data-testid="open-notebook">{t('sessions.open')}</a>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
