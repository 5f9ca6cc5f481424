import { useState } from 'react';
import type { MemberNotice } from '../api/types';
import { useLanguage } from '../i18n/LanguageContext';
import { useHubMessage } from './LiveContext';

const kept = 5;

/** What the hub tells me beside session states (a budget warning, a session about to be culled), until dismissed. */
export function MemberNotices() {
  const { t } = useLanguage();
  const [notices, setNotices] = useState<(MemberNotice & { key: number })[]>([]);
  useHubMessage<MemberNotice>('memberNotice', notice =>
    setNotices(current => [{ ...notice, key: Date.now() + Math.random() }, ...current].slice(0, kept)));

  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map(n => (
        <p key={n.key} className="notice" data-kind={n.kind}>
          <span>{n.message}</span>
          <button type="button" className="link" onClick={() => setNotices(current => current.filter(c => c.key !== n.key))}>
            {t('app.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}
