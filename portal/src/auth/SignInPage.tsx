import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/ApiError';
import type { Me } from '../api/types';
import { useApi } from '../app/ApiContext';
import { useLanguage } from '../i18n/LanguageContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { identityOf, type Identity } from './identity';

export function SignInPage({ onSignedIn }: { onSignedIn: (identity: Identity) => void }) {
  const { t } = useLanguage();
  const api = useApi();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      api.reset();
      await api.post('/api/v1/auth/signin', { email, password });
      onSignedIn(identityOf(await api.get<Me>('/api/v1/me')));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const refused = error instanceof ApiError && (error.status === 401 || error.status === 429);
  return (
    <section className="card signin" aria-labelledby="signin-heading">
      <h1 id="signin-heading">{t('signIn.heading')}</h1>
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit}>
        <label htmlFor="signin-email">{t('signIn.email')}</label>
        <input id="signin-email" type="email" autoComplete="username" required value={email} onChange={e => setEmail(e.target.value)} />
        <label htmlFor="signin-password">{t('signIn.password')}</label>
        <input id="signin-password" type="password" autoComplete="current-password" required value={password}
          onChange={e => setPassword(e.target.value)} />
        <button type="submit" disabled={busy}>{t('signIn.submit')}</button>
      </form>
      {refused
        ? <p className="error" role="alert">{t((error as ApiError).status === 429 ? 'signIn.tooMany' : 'signIn.failed')}</p>
        : <ErrorMessage error={error} />}
    </section>
  );
}
