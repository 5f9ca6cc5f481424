import { useState, type FormEvent } from 'react';
import type { Member, MemberHome } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { formatKrw } from '../format/krw';
import { formatBytes } from '../format/numbers';
import { useLanguage } from '../i18n/LanguageContext';
import type { MessageKey } from '../i18n/messages.ko';
import { MemberAccountActions } from './MemberAccountActions';
import { MemberEditor } from './MemberEditor';
import { RoleChecks } from './RoleChecks';

/**
 * Members with tier, roles, budget, state and home size; each opens to an editor and the account actions (disable,
 * enable, remove); a form adds a member. Home sizes come apart (the engine measures them: seconds on a large host).
 */
export function MembersPanel() {
  const { t, language } = useLanguage();
  const api = useApi();
  const members = useAsync(() => api.getAll<Member>('/api/v1/members?limit=1000'), []);
  const homes = useAsync(() => api.get<MemberHome[]>('/api/v1/members/homes'), []);
  const homeOf = (id: string) => (homes.data ?? []).find(h => h.member === id);
  function homeText(m: Member): string {
    if (m.homeRemovedAt) return t('admin.homeRemoved');
    const home = homeOf(m.id);
    if (!home) return homes.loading ? t('admin.homesLoading') : '';
    if (home.usedBytes !== null) return t('admin.homeSize', { size: formatBytes(home.usedBytes, language) });
    return home.capacityBytes !== null ? t('admin.homeCapacity', { size: formatBytes(home.capacityBytes, language) }) : '';
  }
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [tier, setTier] = useState('member');
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<string>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setCreated(undefined);
    try {
      const member = await api.post<Member>('/api/v1/members', { email, password, displayName: name, tier, roles });
      members.setData(list => [...(list ?? []), member]);
      setCreated(member.email);
      setEmail('');
      setName('');
      setPassword('');
      setRoles([]);
    } catch (e) {
      setError(e);
    }
  }

  const replace = (member: Member) => members.setData(list => (list ?? []).map(m => (m.id === member.id ? member : m)));
  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">{t('admin.membersHeading')}</h2>
      <ErrorMessage error={members.error} />
      <ul className="plain members">
        {(members.data ?? []).map(m => (
          <li key={m.id}>
            <details>
              <summary>
                <span className="strong">{m.displayName}</span> <span className="muted">{m.email} · {m.id}</span>{' '}
                <span className="badge">{t(`tier.${m.tier}` as MessageKey)}</span>{' '}
                {m.roles.map(r => <span key={r} className="badge">{t(`role.${r}` as MessageKey)}</span>)}{' '}
                <span className="muted">{m.monthlyBudgetKrw === null ? t('admin.budgetDefault') : formatKrw(m.monthlyBudgetKrw)}</span>{' '}
                {m.removedAt ? <span className="badge badge-failed">{t('admin.removedBadge')}</span>
                  : m.disabledAt ? <span className="badge badge-stopping">{t('admin.disabledBadge')}</span> : null}{' '}
                <span className="muted">{homeText(m)}</span>
              </summary>
              {!m.removedAt && <MemberEditor member={m} onSaved={replace} />}
              <MemberAccountActions member={m} onChanged={replace} />
            </details>
          </li>
        ))}
      </ul>
      <h3>{t('admin.newMember')}</h3>
      <form onSubmit={create}>
        <div className="row">
          <div>
            <label htmlFor="new-member-email">{t('admin.email')}</label>
            <input id="new-member-email" type="email" required value={email} onChange={e => setEmail(e.target.value)} autoComplete="off" />
          </div>
          <div>
            <label htmlFor="new-member-name">{t('admin.name')}</label>
            <input id="new-member-name" required value={name} onChange={e => setName(e.target.value)} autoComplete="off" />
          </div>
          <div>
            <label htmlFor="new-member-password">{t('admin.password')}</label>
            <input id="new-member-password" type="password" required minLength={8} value={password} autoComplete="new-password"
              onChange={e => setPassword(e.target.value)} />
          </div>
          <div>
            <label htmlFor="new-member-tier">{t('admin.tier')}</label>
            <select id="new-member-tier" value={tier} onChange={e => setTier(e.target.value)}>
              <option value="member">{t('tier.member')}</option>
              <option value="non_member">{t('tier.non_member')}</option>
            </select>
          </div>
        </div>
        <RoleChecks idPrefix="new-member" roles={roles} onChange={setRoles} />
        <button type="submit">{t('admin.create')}</button>
      </form>
      {created && <p role="status" className="ok">{t('admin.created', { email: created })}</p>}
      <ErrorMessage error={error} />
    </section>
  );
}
