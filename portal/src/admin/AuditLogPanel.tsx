import { useState } from 'react';
import type { AuditEvent } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { formatDateTime } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';

const shown = 100;

/** The newest audit events, optionally of one kind. */
export function AuditLogPanel() {
  const { t, language } = useLanguage();
  const api = useApi();
  const [kind, setKind] = useState('');
  const [filter, setFilter] = useState('');
  const events = useAsync(
    () => api.get<AuditEvent[]>(`/api/v1/audit${filter ? `?kind=${encodeURIComponent(filter)}` : ''}`),
    [filter]);

  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('admin.auditHeading')}</h2>
      <form className="row" onSubmit={e => { e.preventDefault(); setFilter(kind.trim()); }}>
        <div>
          <label htmlFor="audit-kind">{t('admin.auditKind')}</label>
          <input id="audit-kind" value={kind} onChange={e => setKind(e.target.value)} placeholder="session.launched" />
        </div>
        <button type="submit" className="secondary">{t('admin.filter')}</button>
      </form>
      <ErrorMessage error={events.error} />
      {events.data && events.data.length === 0 && <p>{t('admin.auditNone')}</p>}
      {events.data && events.data.length > 0 && (
        <div className="scroll">
          <table>
            <thead>
              <tr><th scope="col">{t('admin.at')}</th><th scope="col">{t('admin.actor')}</th><th scope="col">{t('admin.kind')}</th><th scope="col">{t('admin.subject')}</th></tr>
            </thead>
            <tbody>
              {events.data.slice(0, shown).map(e => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at, language)}</td>
                  <td>{e.actor ?? '—'}</td>
                  <td><code>{e.kind}</code></td>
                  <td>{e.subject ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
