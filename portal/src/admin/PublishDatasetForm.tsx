import { useRef, useState, type FormEvent } from 'react';
import type { DatasetVersion } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useLanguage } from '../i18n/LanguageContext';

const fields = ['name', 'version', 'titleKo', 'titleEn', 'descriptionKo', 'descriptionEn'] as const;
type Field = (typeof fields)[number];

/** Uploads a dataset version: metadata JSON and the archive as one multipart request; the image then builds. */
export function PublishDatasetForm({ onPublished }: { onPublished: () => void }) {
  const { t } = useLanguage();
  const api = useApi();
  const archive = useRef<HTMLInputElement>(null);
  const [values, setValues] = useState<Record<Field, string>>({ name: '', version: '', titleKo: '', titleEn: '', descriptionKo: '', descriptionEn: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<DatasetVersion>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const file = archive.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const metadata = Object.fromEntries(fields.filter(f => values[f].trim() !== '').map(f => [f, values[f].trim()]));
      const body = new FormData();
      body.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }), 'metadata.json');
      body.append('archive', file, file.name);
      setDone(await api.post<DatasetVersion>('/api/v1/datasets', body));
      onPublished();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const label: Record<Field, string> = {
    name: t('admin.datasetName'), version: t('admin.version'), titleKo: t('admin.titleKo'), titleEn: t('admin.titleEn'),
    descriptionKo: t('admin.descriptionKo'), descriptionEn: t('admin.descriptionEn'),
  };
  return (
    <section className="card" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{t('admin.publishHeading')}</h2>
      <form onSubmit={submit}>
        <div className="row">
          {fields.map(f => (
            <div key={f} className={f.startsWith('description') ? 'wide' : undefined}>
              <label htmlFor={`publish-${f}`}>{label[f]}</label>
              {f.startsWith('description')
                ? <textarea id={`publish-${f}`} rows={2} value={values[f]} onChange={e => setValues({ ...values, [f]: e.target.value })} />
                : <input id={`publish-${f}`} required={f === 'name' || f === 'version' || f === 'titleEn'} value={values[f]}
                    onChange={e => setValues({ ...values, [f]: e.target.value })} autoComplete="off" />}
            </div>
          ))}
        </div>
        <label htmlFor="publish-archive">{t('admin.archive')}</label>
        <input id="publish-archive" ref={archive} type="file" required accept=".tar.gz,.tgz,.zip,application/gzip,application/zip" />
        <button type="submit" disabled={busy}>{busy ? t('admin.publishing') : t('admin.publish')}</button>
      </form>
      {done && <p role="status" className="ok">{t('admin.published', { name: done.name, version: done.version })}</p>}
      <ErrorMessage error={error} />
    </section>
  );
}
