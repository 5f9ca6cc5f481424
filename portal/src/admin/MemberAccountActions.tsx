import { useState } from 'react';
import type { Member } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useLanguage } from '../i18n/LanguageContext';

/**
 * Disabling, enabling and removing one member. Removing asks once more, naming the member, because it cannot be undone:
 * their personal data is erased at once (their files after the grace period).
 */
export function MemberAccountActions({ member, onChanged }: { member: Member; onChanged: (member: Member) => void }) {
  const { t } = useLanguage();
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const path = `/api/v1/members/${encodeURIComponent(member.id)}`;

  async function act(request: () => Promise<Member>) {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await request());
      setConfirming(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (member.removedAt) return null;
  return (
    <div className="row actions">
      {member.disabledAt
        ? <button type="button" className="secondary" disabled={busy} onClick={() => act(() => api.post<Member>(`${path}/enable`))}>{t('admin.enable')}</button>
        : <button type="button" className="secondary" disabled={busy} onClick={() => act(() => api.post<Member>(`${path}/disable`))}>{t('admin.disable')}</button>}
      {!confirming && <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>{t('admin.remove')}</button>}
      {confirming && (
        <span role="alert">
          {t('admin.removeConfirm', { name: member.displayName })}{' '}
          <button type="button" className="danger" disabled={busy} onClick={() => act(async () => (await api.send('DELETE', path)).json() as Promise<Member>)}>
            {t('admin.removeNow')}
          </button>{' '}
          <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)}>{t('admin.removeCancel')}</button>
        </span>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
