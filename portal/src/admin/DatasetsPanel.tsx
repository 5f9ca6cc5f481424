import { useEffect } from 'react';
import type { Dataset, DatasetUpdate } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { formatDateTime } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';
import { useHubMessage, useLiveStatus } from '../live/LiveContext';
import { usePolling } from '../live/usePolling';
import { datasetText } from '../analyst/datasetText';
import { anyBuilding, applyDatasetUpdate } from './datasetUpdates';
import { PublishDatasetForm } from './PublishDatasetForm';

const pollMs = 2_000;

/** The catalog with every version's build status, live (hub datasetUpdated, else polling while one builds). */
export function DatasetsPanel() {
  const { t, language } = useLanguage();
  const api = useApi();
  const live = useLiveStatus();
  const datasets = useAsync(() => api.getAll<Dataset>('/api/v1/datasets?limit=1000'), []);
  const { reload, setData } = datasets;

  useEffect(() => {
    if (live.generation > 0) void reload();
  }, [live.generation, reload]);
  useHubMessage<DatasetUpdate>('datasetUpdated', update => {
    const updated = applyDatasetUpdate(datasets.data ?? [], update);
    if (updated) setData(() => updated);
    else void reload();
  });
  usePolling(() => void reload(), pollMs, anyBuilding(datasets.data ?? []) && !live.connected);

  return (
    <>
      <PublishDatasetForm onPublished={() => void reload()} />
      <section className="card" aria-labelledby="datasets-heading">
        <h2 id="datasets-heading">{t('admin.datasetsHeading')}</h2>
        <ErrorMessage error={datasets.error} />
        <div className="scroll">
          <table>
            <thead>
              <tr><th scope="col">{t('admin.datasetName')}</th><th scope="col">{t('admin.datasetTitle')}</th><th scope="col">{t('admin.versions')}</th></tr>
            </thead>
            <tbody>
              {(datasets.data ?? []).map(d => (
                <tr key={d.name} data-dataset={d.name}>
                  <td><code>{d.name}</code></td>
                  <td>{datasetText(d, language).title}</td>
                  <td>
                    <ul className="plain">
                      {d.versions.map(v => (
                        <li key={v.version} data-version={v.version} data-status={v.status}>
                          {v.version}{' '}
                          <span className={`badge badge-${v.status}`}>{t(`admin.status.${v.status}`)}</span>
                          {v.withdrawnAt && <span className="badge">{t('admin.withdrawn')}</span>}
                          {v.reason && <span className="muted"> {v.reason}</span>}
                          <span className="muted small"> {formatDateTime(v.createdAt, language)}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
