import { describe, expect, it } from 'vitest';
import type { Dataset, DatasetVersion } from '../api/types';
import { anyBuilding, applyDatasetUpdate } from './datasetUpdates';

const version = (v: string, status: DatasetVersion['status']): DatasetVersion => ({
  name: 'shops', version: v, status, reason: null, fileCount: 1, totalBytes: 10, createdAt: '2026-11-03T09:00:00+09:00', publishedAt: null, withdrawnAt: null,
});
const catalog: Dataset[] = [{
  name: 'shops', title: 'Shops', titleKo: null, titleEn: 'Shops', descriptionKo: null, descriptionEn: null, latestVersion: '1', entitled: true,
  versions: [version('2', 'building'), version('1', 'published')],
}];

describe('dataset updates', () => {
  it('changes the status of the version reported, and only that one', () => {
    const updated = applyDatasetUpdate(catalog, { name: 'shops', version: '2', status: 'failed', reason: 'dataset.too_many_files' })!;
    expect(updated[0].versions.map(v => [v.version, v.status, v.reason])).toEqual([['2', 'failed', 'dataset.too_many_files'], ['1', 'published', null]]);
    expect(catalog[0].versions[0].status).toBe('building');
  });

  it('says when the version is not listed (the catalog must be fetched again)', () => {
    expect(applyDatasetUpdate(catalog, { name: 'shops', version: '3', status: 'building' })).toBeNull();
    expect(applyDatasetUpdate(catalog, { name: 'other', version: '1', status: 'published' })).toBeNull();
  });

  it('knows whether anything is still building', () => {
    expect(anyBuilding(catalog)).toBe(true);
    expect(anyBuilding(applyDatasetUpdate(catalog, { name: 'shops', version: '2', status: 'published' })!)).toBe(false);
  });
});
