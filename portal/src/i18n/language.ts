import type { Language } from './translate';

const storageKey = 'sandbox.language';

/** The language the person chose last time on this browser; Korean until they choose. */
export function storedLanguage(storage: Pick<Storage, 'getItem'> | undefined): Language {
  return storage?.getItem(storageKey) === 'en' ? 'en' : 'ko';
}

export function storeLanguage(storage: Pick<Storage, 'setItem'> | undefined, language: Language): void {
  storage?.setItem(storageKey, language);
}
