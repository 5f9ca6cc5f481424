import type { MouseEvent } from 'react';
import type { Identity } from '../auth/identity';
import { useLanguage } from '../i18n/LanguageContext';
import { useLiveStatus } from '../live/LiveContext';
import { pagePaths, type Page } from './route';

interface Props {
  identity: Identity | null;
  page: Page;
  onNavigate: (page: Page, event: MouseEvent) => void;
  onSignOut: () => void;
}

export function Header({ identity, page, onNavigate, onSignOut }: Props) {
  const { t, language, setLanguage } = useLanguage();
  const live = useLiveStatus();
  const pages: Page[] = identity
    ? (['analyst', 'mentor', 'billing', 'admin'] as Page[]).filter(p => (p !== 'billing' || identity.billing) && (p !== 'admin' || identity.admin))
    : [];
  const other = language === 'ko' ? 'en' : 'ko';

  return (
    <header className="top">
      <div className="brand">
        <span className="logo" aria-hidden="true">▦</span>
        <span>{t('app.title')}</span>
      </div>
      {pages.length > 0 && (
        <nav aria-label={t('nav.label')}>
          <ul>
            {pages.map(p => (
              <li key={p}>
                <a href={pagePaths[p]} aria-current={p === page ? 'page' : undefined} onClick={e => onNavigate(p, e)}>{t(`nav.${p}`)}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="tools">
        {identity && (
          <span className={live.connected ? 'live live-on' : 'live'} role="status">{live.connected ? t('app.live') : t('app.polling')}</span>
        )}
        {identity && (
          <span className="muted small" data-testid="signed-in-as" title={t('app.memberId', { id: identity.id })}>
            {t('app.signedInAs', { name: identity.displayName })}
          </span>
        )}
        <button type="button" className="secondary" lang={other} title={t('app.languageLabel')} onClick={() => setLanguage(other)}>
          {t('app.language')}
        </button>
        {identity && <button type="button" className="secondary" onClick={onSignOut}>{t('app.signOut')}</button>}
      </div>
    </header>
  );
}
