import { useState, type FormEvent } from 'react';
import type { Mentor, Share } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { formatDateTime } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';
import { mentorName } from './mentorNames';

const durations = [30, 60, 120, 240, 480];

/** Invites a mentor, picked by name, into a running session; lists who it is shared with now and lets the owner revoke. */
export function ShareForm({ sessionId }: { sessionId: string }) {
  const { t, language } = useLanguage();
  const api = useApi();
  const sharesPath = `/api/v1/sessions/${encodeURIComponent(sessionId)}/shares`;
  const mentors = useAsync(() => api.get<Mentor[]>('/api/v1/mentors'), []);
  const shares = useAsync(() => api.get<Share[]>(sharesPath), [sharesPath]);
  const [member, setMember] = useState('');
  const [minutes, setMinutes] = useState(120);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<Share>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    try {
      const share = await api.post<Share>(sharesPath, { member, minutes });
      shares.setData(current => [...(current ?? []).filter(s => s.member !== share.member), share]);
      setDone(share);
      setMember('');
    } catch (e) {
      setError(e);
    }
  }

  async function revoke(mentor: string) {
    setError(undefined);
    try {
      await api.delete(`${sharesPath}/${encodeURIComponent(mentor)}`);
      shares.setData(current => current?.filter(s => s.member !== mentor));
      setDone(undefined);
    } catch (e) {
      setError(e);
    }
  }

  const prefix = `share-${sessionId}`;
  const noMentors = mentors.data !== undefined && mentors.data.length === 0;
  return (
    <form className="share" onSubmit={submit} aria-label={t('share.heading')}>
      <div className="row">
        <div>
          <label htmlFor={`${prefix}-member`}>{t('share.member')}</label>
          <select id={`${prefix}-member`} required value={member} onChange={e => setMember(e.target.value)} disabled={noMentors}>
            <option value="">{t(mentors.data ? 'share.pick' : 'app.loading')}</option>
            {(mentors.data ?? []).map(m => <option key={m.id} value={m.id}>{m.displayName || m.id}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor={`${prefix}-minutes`}>{t('share.minutes')}</label>
          <select id={`${prefix}-minutes`} value={minutes} onChange={e => setMinutes(Number(e.target.value))}>
            {durations.map(m => <option key={m} value={m}>{t('share.minutesOption', { minutes: m })}</option>)}
          </select>
        </div>
        <button type="submit" className="secondary" disabled={noMentors}>{t('share.submit')}</button>
      </div>
      {noMentors && <p className="muted">{t('share.noMentors')}</p>}
      {done && (
        <p role="status" className="ok">
          {t('share.done', { member: mentorName(mentors.data, done.member), until: formatDateTime(done.expiresAt, language) })}
        </p>
      )}
      {(shares.data ?? []).length > 0 && (
        <ul className="plain" data-testid="active-shares">
          {(shares.data ?? []).map(s => (
            <li key={s.member}>
              {t('share.active', { member: mentorName(mentors.data, s.member), until: formatDateTime(s.expiresAt, language) })}{' '}
              <button type="button" className="link" onClick={() => void revoke(s.member)}>
                {t('share.revoke')}<span className="visually-hidden"> {mentorName(mentors.data, s.member)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={error ?? mentors.error ?? shares.error} />
    </form>
  );
}
