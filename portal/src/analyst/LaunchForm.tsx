import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Dataset, Profile, Quota, Session, Size } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatKrw } from '../format/krw';
import { affordableHours, formatHours } from '../format/numbers';
import { useLanguage } from '../i18n/LanguageContext';
import { datasetText, launchableDatasets } from './datasetText';

interface Props {
  profiles: Profile[];
  sizes: Size[];
  datasets: Dataset[];
  quota: Quota;
  onLaunched: (session: Session) => void;
}

/** Profile, size (with its price per hour at my tier), datasets; the price and my remaining budget before I click. */
export function LaunchForm({ profiles, sizes, datasets, quota, onLaunched }: Props) {
  const { t, language } = useLanguage();
  const api = useApi();
  const allowedSizes = sizes.filter(s => s.allowed !== false);
  const [profile, setProfile] = useState(profiles[0]?.id ?? '');
  const [size, setSize] = useState(allowedSizes[0]?.id ?? sizes[0]?.id ?? '');
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  // One key per intended launch: a double click or a retry after a lost answer does not launch twice.
  const idempotencyKey = useRef(crypto.randomUUID());
  const launchable = useMemo(() => launchableDatasets(datasets), [datasets]);

  useEffect(() => {
    if (!profile && profiles[0]) setProfile(profiles[0].id);
  }, [profiles, profile]);

  const selected = sizes.find(s => s.id === size);
  const hours = selected ? affordableHours(quota.remainingBudgetKrw, selected.krwPerHour) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await api.post<Session>('/api/v1/sessions', { profile, size, datasets: chosen },
        { headers: { 'Idempotency-Key': idempotencyKey.current } });
      idempotencyKey.current = crypto.randomUUID();
      onLaunched(session);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (profiles.length === 0) {
    return <section className="card"><h2>{t('launch.heading')}</h2><p>{t('launch.noProfiles')}</p></section>;
  }

  return (
    <section className="card" aria-labelledby="launch-heading">
      <h2 id="launch-heading">{t('launch.heading')}</h2>
      <form onSubmit={submit}>
        <label htmlFor="launch-profile">{t('launch.profile')}</label>
        <select id="launch-profile" value={profile} onChange={e => setProfile(e.target.value)}>
          {profiles.map(p => <option key={p.id} value={p.id}>{p.displayName}</option>)}
        </select>

        <label htmlFor="launch-size">{t('launch.size')}</label>
        <select id="launch-size" value={size} onChange={e => setSize(e.target.value)}>
          {sizes.map(s => (
            <option key={s.id} value={s.id} disabled={s.allowed === false}>
              {t('launch.sizeOption', {
                id: s.id, cpu: s.cpu, memory: s.memoryGiB, price: formatKrw(s.krwPerHour),
                gpu: s.gpu > 0 ? t('launch.sizeGpu', { gpu: s.gpu }) : '',
              })}
              {s.allowed === false ? t('launch.sizeNotAllowed') : ''}
            </option>
          ))}
        </select>

        <fieldset>
          <legend>{t('launch.datasets')}</legend>
          {launchable.length === 0 && <p>{t('launch.noDatasets')}</p>}
          {launchable.map(d => {
            const text = datasetText(d, language);
            const id = `launch-dataset-${d.name}`;
            return (
              <div className="check" key={d.name}>
                <input type="checkbox" id={id} value={d.name} checked={chosen.includes(d.name)} aria-describedby={`${id}-description`}
                  onChange={e => setChosen(e.target.checked ? [...chosen, d.name] : chosen.filter(n => n !== d.name))} />
                <label htmlFor={id}>
                  <span className="strong">{text.title}</span> <span className="muted">({d.name}, {t('launch.datasetVersion', { version: d.latestVersion ?? '' })})</span>
                </label>
                <p id={`${id}-description`} className="muted description">{text.description}</p>
              </div>
            );
          })}
        </fieldset>

        {selected && (
          <p className="price" data-testid="launch-price" aria-live="polite">
            {t('launch.price', {
              price: formatKrw(selected.krwPerHour),
              remaining: formatKrw(quota.remainingBudgetKrw),
              hours: hours === null ? '∞' : formatHours(hours, language),
            })}
          </p>
        )}
        <button type="submit" disabled={busy || !profile || !size}>{busy ? t('launch.starting') : t('launch.submit')}</button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}
