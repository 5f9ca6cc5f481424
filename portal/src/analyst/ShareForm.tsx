import { useState, type FormEvent } from 'react';
import type { Share } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';

const durations = [30, 60, 120, 240, 480];

/**
 * Invites a mentor into a running session. Analysts may not list members, so the mentor's member id is typed in
 * (mentors see theirs on their page).
 */
export function ShareForm({ sessionId }: { sessionId: string }) {
  const { t, language } = useLanguage();
  const api = useApi();
  const [member, setMember] = useState('');
  const [minutes, setMinutes] = useState(120);
  const [shares, setShares] = useState<Share[]>([]);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<Share>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    try {
      const share = await api.post<Share>(`/api/v1/sessions/${encodeURIComponent(sessionId)}/shares`, { member: member.trim(), minutes });
      setDone(share);
      setMember('');
      setShares(await api.get<Share[]>(`/api/v1/sessions/${encodeURIComponent(sessionId)}/shares`));
    } catch (e) {
      setError(e);
    }
  }

  async function revoke(mentor: string) {
    setError(undefined);
    try {
      await api.delete(`/api/v1/sessions/${encodeURIComponent(sessionId)}/shares/${encodeURIComponent(mentor)}`);
      setShares(shares.filter(s => s.member !== mentor));
      setDone(undefined);
    } catch (e) {
      setError(e);
    }
  }

  const prefix = `share-${sessionId}`;
  return (
    <form className="share" onSubmit={submit} aria-label={t('share.heading')}>
      <div className="row">
        <div>
          <label htmlFor={`${prefix}-member`}>{t('share.member')}</label>
          <input id={`${prefix}-member`} required value={member} onChange={e => setMember(e.target.value)} autoComplete="off" />
        </div>
        <div>
          <label htmlFor={`${prefix}-minutes`}>{t('share.minutes')}</label>
          <select id={`${prefix}-minutes`} value={minutes} onChange={e => setMinutes(Number(e.target.value))}>
            {durations.map(m => <option key={m} value={m}>{t('share.minutesOption', { minutes: m })}</option>)}
          </select>
        </div>
        <button type="submit" className="secondary">{t('share.submit')}</button>
      </div>
      {done && <p role="status" className="ok">{t('share.done', { member: done.member, until: formatDateTime(done.expiresAt, language) })}</p>}
      {shares.length > 0 && (
        <ul className="plain">
          {shares.map(s => (
            <li key={s.member}>
              {t('share.active', { member: s.member, until: formatDateTime(s.expiresAt, language) })}{' '}
              <button type="button" className="link" onClick={() => void revoke(s.member)}>{t('share.revoke')}</button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={error} />
    </form>
  );
}
