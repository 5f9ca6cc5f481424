import type { Profile } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useLanguage } from '../i18n/LanguageContext';

/** Notebook profiles whose image is present on the engine (configured in the orchestrator's settings). */
export function ProfilesPanel() {
  const { t } = useLanguage();
  const api = useApi();
  const profiles = useAsync(() => api.get<Profile[]>('/api/v1/profiles'), []);
  return (
    <section className="card" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">{t('admin.profilesHeading')}</h2>
      <ErrorMessage error={profiles.error} />
      <div className="scroll">
        <table>
          <thead><tr><th scope="col">{t('admin.profileId')}</th><th scope="col">{t('admin.name')}</th><th scope="col">{t('admin.image')}</th></tr></thead>
          <tbody>
            {(profiles.data ?? []).map(p => <tr key={p.id}><td>{p.id}</td><td>{p.displayName}</td><td><code>{p.image}</code></td></tr>)}
          </tbody>
        </table>
      </div>
    </section>
  );
}
