import { useEffect, useState } from 'react';
import type { Identity } from '../auth/identity';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDuration } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';
import type { MessageKey } from '../i18n/messages.ko';
import { isEnded, splitByOwner } from '../sessions/sessionList';
import { useSessions } from '../sessions/useSessions';

/**
 * Mentors: the sessions analysts shared with me (GET /sessions lists them beside my own), to open while they run.
 * The API does not tell a mentor when the share ends, so "time left" is shown only if a session carries it.
 */
export function MentorPage({ me }: { me: Identity }) {
  const { t, language } = useLanguage();
  const sessions = useSessions();
  const shared = splitByOwner(sessions.data ?? [], me.id).shared.filter(s => !isEnded(s.state));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  return (
    <>
      <h1>{t('mentor.heading')}</h1>
      <p>{t('mentor.intro', { id: me.id })}</p>
      <ErrorMessage error={sessions.error} />
      {sessions.data && shared.length === 0 && <p>{t('mentor.none')}</p>}
      <ul className="plain sessions">
        {shared.map(s => (
          <li key={s.id} className="card session" data-session={s.id} data-state={s.state}>
            <div className="session-head">
              <h2>{s.id}</h2>
              <span className={`badge badge-${s.state}`}>{t(`state.${s.state}` as MessageKey)}</span>
            </div>
            <p className="muted">{t('mentor.owner', { owner: s.owner })} · {s.profile} · {s.size}</p>
            {s.readyAt && <p>{t('mentor.running', { duration: formatDuration(now - Date.parse(s.readyAt), language) })}</p>}
            <p data-testid="time-left">
              {s.shareExpiresAt
                ? t('mentor.timeLeft', { left: formatDuration(Date.parse(s.shareExpiresAt) - now, language) })
                : t('mentor.timeUnknown')}
            </p>
            {s.notebookUrl && s.state === 'running' && (
              <a className="button" href={s.notebookUrl} target="_blank" rel="noopener" data-testid="open-notebook">{t('sessions.open')}</a>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
