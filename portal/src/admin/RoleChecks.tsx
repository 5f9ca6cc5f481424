import { useLanguage } from '../i18n/LanguageContext';

const roleNames = ['mentor', 'billing', 'admin'] as const;

/** Roles besides analyst (every account is one), as checkboxes in a labelled group. */
export function RoleChecks({ idPrefix, roles, onChange }: { idPrefix: string; roles: string[]; onChange: (roles: string[]) => void }) {
  const { t } = useLanguage();
  return (
    <fieldset className="inline">
      <legend>{t('admin.roles')}</legend>
      {roleNames.map(role => (
        <span className="check" key={role}>
          <input type="checkbox" id={`${idPrefix}-role-${role}`} checked={roles.includes(role)}
            onChange={e => onChange(e.target.checked ? [...roles, role] : roles.filter(r => r !== role))} />
          <label htmlFor={`${idPrefix}-role-${role}`}>{t(`role.${role}`)}</label>
        </span>
      ))}
    </fieldset>
  );
}
