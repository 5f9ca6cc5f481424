import { describe, expect, it } from 'vitest';
import type { Dataset } from '../api/types';
import { datasetText, launchableDatasets } from './datasetText';

const dataset = (over: Partial<Dataset>): Dataset => ({
  name: 'shops', title: 'Shops', titleKo: '상점', titleEn: 'Shops', descriptionKo: '상점 매출', descriptionEn: 'Shop sales',
  latestVersion: '1', entitled: true, versions: [], ...over,
});

describe('datasetText', () => {
  it('speaks the page language', () => {
    expect(datasetText(dataset({}), 'ko')).toEqual({ title: '상점', description: '상점 매출' });
    expect(datasetText(dataset({}), 'en')).toEqual({ title: 'Shops', description: 'Shop sales' });
  });

  it('falls back to the other language, then to the name', () => {
    expect(datasetText(dataset({ titleKo: null, descriptionKo: null }), 'ko')).toEqual({ title: 'Shops', description: 'Shop sales' });
    expect(datasetText(dataset({ titleKo: null, titleEn: '', title: '', descriptionKo: null, descriptionEn: null }), 'ko'))
      .toEqual({ title: 'shops', description: '' });
  });

  it('offers only published datasets the caller may use', () => {
    const list = [dataset({ name: 'b' }), dataset({ name: 'a' }), dataset({ name: 'building', latestVersion: null }), dataset({ name: 'named', entitled: false })];
    expect(launchableDatasets(list).map(d => d.name)).toEqual(['a', 'b']);
  });
});
