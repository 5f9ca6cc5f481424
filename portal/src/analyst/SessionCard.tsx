import { useState } from 'react';
import type { Session } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { ProgressBar } from '../components/ProgressBar';
import { formatDateTime } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';
import type { MessageKey } from '../i18n/messages.ko';
import { isEnded } from '../sessions/sessionList';
import { ShareForm } from './ShareForm';

/** One of my sessions: its live state and start progress, and what I can do with it. */
export function SessionCard({ session, onChanged }: { session: Session; onChanged: (session: Session) => void }) {
  const { t, language } = useLanguage();
  const api = useApi();
  const [error, setError] = useState<unknown>();
  const ended = isEnded(session.state);

  async function stop() {
    setError(undefined);
    try {
      await api.delete(`/api/v1/sessions/${encodeURIComponent(session.id)}`);
      onChanged(await api.get<Session>(`/api/v1/sessions/${encodeURIComponent(session.id)}`));
    } catch (e) {
      setError(e);
    }
  }

  const stateText = t(`state.${session.state}` as MessageKey);
  return (
    <li className="card session" data-session={session.id} data-state={session.state} aria-labelledby={`session-${session.id}`}>
      <div className="session-head">
        <h3 id={`session-${session.id}`}>{session.id}</h3>
        <span className={`badge badge-${session.state}`} data-testid="session-state">{stateText}</span>
      </div>
      <p className="muted">{t('sessions.summary', { profile: session.profile, size: session.size, created: formatDateTime(session.createdAt, language) })}</p>
      {session.datasets.length > 0 && (
        <p>{t('sessions.datasets', { list: session.datasets.map(d => `${d.name}@${d.version}`).join(', ') })}</p>
      )}
      {!ended && (
        <>
          <ProgressBar value={session.progress} label={`${t('sessions.progress')} ${session.id}`} text={stateText} />
          {session.message && <p className="muted" aria-live="polite">{session.message}</p>}
        </>
      )}
      {session.reason && <p className="muted">{t('sessions.reason', { reason: session.reason })}</p>}
      <div className="actions">
        {session.notebookUrl && session.state === 'running' && (
          <a className="button" href={`/open/${session.id}`} target="_blank" rel="noopener" data-testid="open-notebook">{t('sessions.open')}</a>
        )}
        {!ended && session.state !== 'stopping' && (
          <button type="button" className="danger" onClick={() => void stop()}>{t('sessions.stop')}</button>
        )}
      </div>
      {session.state === 'running' && <ShareForm sessionId={session.id} />}
      <ErrorMessage error={error} />
    </li>
  );
}
