import { createContext, useContext } from 'react';
import { translate, type Language, type Translate } from './translate';

export interface LanguageState {
  language: Language;
  t: Translate;
  setLanguage: (language: Language) => void;
}

export const LanguageContext = createContext<LanguageState>({
  language: 'ko',
  t: (key, params) => translate('ko', key, params),
  setLanguage: () => undefined,
});

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}
