import { ApiError } from '../api/ApiError';
import { useLanguage } from '../i18n/LanguageContext';
import { reasonKey } from '../i18n/translate';

/** A failure in words people read: the portal's own text for known reasons, else the server's detail. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useLanguage();
  if (!error) return null;
  let detail: string;
  if (error instanceof ApiError) {
    const key = reasonKey(error.reason);
    detail = key ? t(key) : error.status === 0 ? t('error.network') : error.detail;
  } else {
    detail = error instanceof Error ? error.message : String(error);
  }

  return <p className="error" role="alert">{t('app.error', { detail })}</p>;
}
