import { useState, type FormEvent } from 'react';
import type { Member } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useLanguage } from '../i18n/LanguageContext';
import { RoleChecks } from './RoleChecks';

/** Changes one member's tier (from now), roles and monthly budget (empty: the tier's default). */
export function MemberEditor({ member, onSaved }: { member: Member; onSaved: (member: Member) => void }) {
  const { t } = useLanguage();
  const api = useApi();
  const [tier, setTier] = useState(member.tier);
  const [roles, setRoles] = useState(member.roles);
  const [budget, setBudget] = useState(member.monthlyBudgetKrw?.toString() ?? '');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const prefix = `member-${member.id}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      const change: Record<string, unknown> = { roles, monthlyBudgetKrw: budget.trim() === '' ? null : Number(budget) };
      if (tier !== member.tier) change.tier = tier;
      onSaved(await api.patch<Member>(`/api/v1/members/${encodeURIComponent(member.id)}`, change));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <form onSubmit={submit} className="editor" aria-label={t('admin.edit', { name: member.displayName })}>
      <div className="row">
        <div>
          <label htmlFor={`${prefix}-tier`}>{t('admin.tier')}</label>
          <select id={`${prefix}-tier`} value={tier} onChange={e => setTier(e.target.value)}>
            <option value="member">{t('tier.member')}</option>
            <option value="non_member">{t('tier.non_member')}</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${prefix}-budget`}>{t('admin.budget')}</label>
          <input id={`${prefix}-budget`} type="number" min={0} step={1000} inputMode="numeric" value={budget}
            placeholder={t('admin.budgetDefault')} onChange={e => setBudget(e.target.value)} />
        </div>
      </div>
      <RoleChecks idPrefix={prefix} roles={roles} onChange={setRoles} />
      <button type="submit" className="secondary">{t('admin.save')}</button>
      {saved && <span role="status" className="ok"> {t('admin.saved')}</span>}
      <ErrorMessage error={error} />
    </form>
  );
}
