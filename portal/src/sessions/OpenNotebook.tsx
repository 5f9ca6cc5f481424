import { useEffect, useState } from 'react';
import { useApi } from '../app/ApiContext';
import type { OpenTarget } from '../app/route';
import { ErrorMessage } from '../components/ErrorMessage';
import { useLanguage } from '../i18n/LanguageContext';

interface Handoff {
  url: string;
  expiresIn: number;
}

/**
 * Takes a person into a notebook: asks the API for a one-time hand-off (it checks the session is theirs, or shared with
 * them, and running) and replaces this page with the notebook's own origin, which redeems it for a cookie of its own.
 * The portal's cookie never goes there.
 */
export function OpenNotebook({ target }: { target: OpenTarget }) {
  const { t } = useLanguage();
  const api = useApi();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let current = true;
    api.post<Handoff>(`/api/v1/sessions/${encodeURIComponent(target.sessionId)}/handoff`, target.next ? { next: target.next } : {})
      .then(handoff => { if (current) window.location.replace(handoff.url); }, e => { if (current) setError(e); });
    return () => { current = false; };
  }, [api, target.sessionId, target.next]);

  return (
    <section className="card" aria-labelledby="open-heading" data-testid="open-notebook-page">
      <h2 id="open-heading">{t('open.heading')}</h2>
      {!error && <p aria-live="polite">{t('open.opening', { id: target.sessionId })}</p>}
      <ErrorMessage error={error} />
      {error !== undefined && <p><a href="/">{t('open.back')}</a></p>}
    </section>
  );
}
