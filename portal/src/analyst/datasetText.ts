import type { Dataset } from '../api/types';
import type { Language } from '../i18n/translate';

/** A dataset's title and description in the page's language, falling back to the other one when it has none. */
export function datasetText(dataset: Dataset, language: Language): { title: string; description: string } {
  const title = language === 'ko' ? dataset.titleKo || dataset.titleEn : dataset.titleEn || dataset.titleKo;
  const description = language === 'ko' ? dataset.descriptionKo || dataset.descriptionEn : dataset.descriptionEn || dataset.descriptionKo;
  return { title: title || dataset.title || dataset.name, description: description ?? '' };
}

/** Datasets the caller can mount now: a usable version and the right to use it. */
export function launchableDatasets(datasets: readonly Dataset[]): Dataset[] {
  return datasets.filter(d => d.latestVersion !== null && d.entitled).sort((a, b) => a.name.localeCompare(b.name));
}
