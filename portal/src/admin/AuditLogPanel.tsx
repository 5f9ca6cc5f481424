import { useState } from 'react';
import type { AuditEvent } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { formatDateTime } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';

/** The newest audit events, optionally of one kind, a page of 100 at a time (older ones on request). */
export function AuditLogPanel() {
  const { t, language } = useLanguage();
  const api = useApi();
  const [kind, setKind] = useState('');
  const [filter, setFilter] = useState('');
  const [older, setOlder] = useState<{ items: AuditEvent[]; next: string | null }>({ items: [], next: null });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<unknown>();
  const events = useAsync(async () => {
    const first = await api.getPage<AuditEvent>(`/api/v1/audit?limit=100${filter ? `&kind=${encodeURIComponent(filter)}` : ''}`);
    setOlder({ items: [], next: first.next });
    return first.items;
  }, [filter]);

  async function loadOlder() {
    if (!older.next) return;
    setLoadingOlder(true);
    setOlderError(undefined);
    try {
      const page = await api.getPage<AuditEvent>(older.next);
      setOlder(current => ({ items: [...current.items, ...page.items], next: page.next }));
    } catch (e) {
      setOlderError(e);
    } finally {
      setLoadingOlder(false);
    }
  }

  const shownEvents = [...(events.data ?? []), ...older.items];

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
      {events.data && shownEvents.length === 0 && <p>{t('admin.auditNone')}</p>}
      {shownEvents.length > 0 && (
        <div className="scroll">
          <table>
            <thead>
              <tr><th scope="col">{t('admin.at')}</th><th scope="col">{t('admin.actor')}</th><th scope="col">{t('admin.kind')}</th><th scope="col">{t('admin.subject')}</th></tr>
            </thead>
            <tbody>
              {shownEvents.map(e => (
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
      {older.next && (
        <button type="button" className="secondary" disabled={loadingOlder} onClick={loadOlder}>{t('admin.auditOlder')}</button>
      )}
      <ErrorMessage error={olderError} />
    </section>
  );
}
