import type { Dataset, DatasetUpdate } from '../api/types';

/** The catalog with one version's build status as the hub reports it; null when that version is not listed yet. */
export function applyDatasetUpdate(datasets: readonly Dataset[], update: DatasetUpdate): Dataset[] | null {
  const dataset = datasets.find(d => d.name === update.name);
  if (!dataset?.versions.some(v => v.version === update.version)) return null;
  return datasets.map(d => d !== dataset ? d : {
    ...d,
    versions: d.versions.map(v => (v.version === update.version ? { ...v, status: update.status, reason: update.reason ?? v.reason } : v)),
  });
}

/** Whether any version is still building: worth a refresh while the hub does not report it. */
export function anyBuilding(datasets: readonly Dataset[]): boolean {
  return datasets.some(d => d.versions.some(v => v.status === 'building'));
}
