import type { Dataset, Profile, Quota, Size, Usage } from '../api/types';
import { useApi } from '../app/ApiContext';
import type { Identity } from '../auth/identity';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useLanguage } from '../i18n/LanguageContext';
import { isEnded, splitByOwner } from '../sessions/sessionList';
import { useSessions } from '../sessions/useSessions';
import { LaunchForm } from './LaunchForm';
import { QuotaCard } from './QuotaCard';
import { SessionCard } from './SessionCard';

/** Analysts: launch (price first), my sessions live, my month against my budget. */
export function AnalystPage({ me }: { me: Identity }) {
  const { t } = useLanguage();
  const api = useApi();
  const catalog = useAsync(() => Promise.all([
    api.get<Profile[]>('/api/v1/profiles'),
    api.get<Size[]>('/api/v1/sizes'),
    api.getAll<Dataset>('/api/v1/datasets?limit=1000'),
  ]), []);
  const money = useAsync(() => Promise.all([api.get<Quota>('/api/v1/me/quota'), api.getAll<Usage>('/api/v1/usage?limit=1000')]), []);
  const sessions = useSessions();
  const own = splitByOwner(sessions.data ?? [], me.id).own;
  const live = own.filter(s => !isEnded(s.state));
  const ended = own.filter(s => isEnded(s.state));
  const quota = money.data?.[0];

  return (
    <>
      <h1>{t('nav.analyst')}</h1>
      <ErrorMessage error={catalog.error ?? money.error ?? sessions.error} />
      <div className="columns">
        <div>
          {catalog.data && quota
            ? <LaunchForm profiles={catalog.data[0]} sizes={catalog.data[1]} datasets={catalog.data[2]} quota={quota}
                onLaunched={session => { sessions.merge(session); void money.reload(); }} />
            : !catalog.error && <p className="card">{t('app.loading')}</p>}
        </div>
        <div>{quota && <QuotaCard quota={quota} usage={money.data?.[1]} />}</div>
      </div>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('sessions.heading')}</h2>
        {sessions.data && own.length === 0 && <p>{t('sessions.none')}</p>}
        <ul className="plain sessions">
          {live.map(s => <SessionCard key={s.id} session={s} onChanged={session => { sessions.merge(session); void money.reload(); }} />)}
        </ul>
        {ended.length > 0 && (
          <details>
            <summary>{t('sessions.showEnded', { count: ended.length })}</summary>
            <ul className="plain sessions">
              {ended.map(s => <SessionCard key={s.id} session={s} onChanged={sessions.merge} />)}
            </ul>
          </details>
        )}
      </section>
    </>
  );
}
