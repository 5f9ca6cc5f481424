import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { AdminPage } from '../admin/AdminPage';
import { AnalystPage } from '../analyst/AnalystPage';
import { ApiClient } from '../api/client';
import type { Me } from '../api/types';
import { SignInPage } from '../auth/SignInPage';
import { identityOf, loadIdentity, saveIdentity, type Identity } from '../auth/identity';
import { BillingPage } from '../billing/BillingPage';
import { LanguageContext, type LanguageState } from '../i18n/LanguageContext';
import { storeLanguage, storedLanguage } from '../i18n/language';
import { translate, type Language } from '../i18n/translate';
import { LiveContext } from '../live/LiveContext';
import { LiveHub } from '../live/LiveHub';
import { MemberNotices } from '../live/MemberNotices';
import { MentorPage } from '../mentor/MentorPage';
import { ApiContext } from './ApiContext';
import { Header } from './Header';
import { openTargetOf, pageOf, pagePaths, type Page } from './route';
import { OpenNotebook } from '../sessions/OpenNotebook';

export function App() {
  const [language, setLanguageState] = useState<Language>(() => storedLanguage(window.localStorage));
  const [identity, setIdentityState] = useState<Identity | null>(() => loadIdentity(window.sessionStorage));
  const [page, setPage] = useState<Page>(() => pageOf(window.location.pathname));
  const [openTarget] = useState(() => openTargetOf(window.location.pathname, window.location.search));
  // A new tab starts with no stored identity (it is kept per tab), but may well be signed in by its cookie: ask once.
  const [askedWhoIAm, setAskedWhoIAm] = useState(() => identity !== null);
  const main = useRef<HTMLElement>(null);

  const setIdentity = useCallback((next: Identity | null) => {
    saveIdentity(window.sessionStorage, next);
    setIdentityState(next);
  }, []);
  const api = useMemo(() => new ApiClient(() => setIdentity(null)), [setIdentity]);

  const languageState = useMemo<LanguageState>(() => ({
    language,
    t: (key, params) => translate(language, key, params),
    setLanguage: next => {
      storeLanguage(window.localStorage, next);
      setLanguageState(next);
    },
  }), [language]);

  // The document's language follows the page's, for screen readers and for the browser's own fonts and hyphenation.
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = translate(language, 'app.title');
  }, [language]);

  useEffect(() => {
    const onPop = () => setPage(pageOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // What was stored may be stale (roles granted or taken away, the sign-in expired): ask again on every load. A 401
  // signs out through the client; other failures keep what is shown, and the API still checks every request.
  useEffect(() => {
    if (!identity) return undefined;
    let current = true;
    api.get<Me>('/api/v1/me').then(me => current && setIdentity(identityOf(me)), () => undefined);
    return () => { current = false; };
  }, [identity?.id, api, setIdentity]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (askedWhoIAm) return undefined;
    let current = true;
    api.get<Me>('/api/v1/me').then(me => current && setIdentity(identityOf(me)), () => undefined).finally(() => current && setAskedWhoIAm(true));
    return () => { current = false; };
  }, [askedWhoIAm, api, setIdentity]);

  const hub = useMemo(() => (identity ? new LiveHub() : null), [identity?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    hub?.start();
    return () => hub?.stop();
  }, [hub]);

  const navigate = useCallback((target: Page, event?: MouseEvent) => {
    event?.preventDefault();
    window.history.pushState(null, '', pagePaths[target]);
    setPage(target);
    main.current?.focus();
  }, []);

  async function signOut() {
    try {
      await api.post('/api/v1/auth/signout');
    } finally {
      api.reset();
      setIdentity(null);
    }
  }

  const allowed = identity && ((page === 'billing' && !identity.billing) || (page === 'admin' && !identity.admin)) ? 'analyst' : page;
  return (
    <LanguageContext.Provider value={languageState}>
      <ApiContext.Provider value={api}>
        <LiveContext.Provider value={hub}>
          <a className="skip" href="#main">{translate(language, 'app.skip')}</a>
          <Header identity={identity} page={allowed} onNavigate={navigate} onSignOut={() => void signOut()} />
          <main id="main" ref={main} tabIndex={-1}>
            {identity && <MemberNotices />}
            {!identity && askedWhoIAm && <SignInPage onSignedIn={setIdentity} />}
            {identity && openTarget && <OpenNotebook target={openTarget} />}
            {identity && !openTarget && allowed === 'analyst' && <AnalystPage me={identity} />}
            {identity && !openTarget && allowed === 'mentor' && <MentorPage me={identity} />}
            {identity && !openTarget && allowed === 'billing' && <BillingPage />}
            {identity && !openTarget && allowed === 'admin' && <AdminPage />}
          </main>
        </LiveContext.Provider>
      </ApiContext.Provider>
    </LanguageContext.Provider>
  );
}
