import type { Language } from '../i18n/translate';

// The cooperative bills in Seoul time; people see times as they are there.
const timeZone = 'Asia/Seoul';

export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A duration such as "1시간 5분" or "1 h 5 min" (minutes rounded down; under a minute is "0분"/"0 min"). */
export function formatDuration(milliseconds: number, language: Language): string {
  const totalMinutes = Math.max(0, Math.floor(milliseconds / 60_000));
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (language === 'ko') return hours > 0 ? `${hours}시간 ${minutes}분` : `${minutes}분`;
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}
