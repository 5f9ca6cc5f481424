import type { Quota, Usage } from '../api/types';
import { formatDateTime } from '../format/dates';
import { formatKrw } from '../format/krw';
import { budgetUsedPercent, formatHours } from '../format/numbers';
import { useLanguage } from '../i18n/LanguageContext';
import type { MessageKey } from '../i18n/messages.ko';

/** This month's spending against the budget, and the month's usage records. */
export function QuotaCard({ quota, usage }: { quota: Quota; usage: Usage[] | undefined }) {
  const { t, language } = useLanguage();
  const used = budgetUsedPercent(quota.monthToDateKrw, quota.limits.monthlyBudgetKrw);
  return (
    <section className="card" aria-labelledby="quota-heading">
      <h2 id="quota-heading">{t('quota.heading')}</h2>
      <p>{t('quota.tier', { tier: t(`tier.${quota.tier}` as MessageKey) })}</p>
      <p data-testid="quota-spent">{t('quota.spent', { month: quota.month, spent: formatKrw(quota.monthToDateKrw), budget: formatKrw(quota.limits.monthlyBudgetKrw) })}</p>
      <div className="meter" role="meter" aria-label={t('quota.meterLabel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={used}
        aria-valuetext={`${used}%`}>
        <div className={used >= 90 ? 'meter-fill meter-high' : 'meter-fill'} style={{ width: `${used}%` }} />
      </div>
      <p className="strong" data-testid="quota-remaining">{t('quota.remaining', { remaining: formatKrw(quota.remainingBudgetKrw) })}</p>
      <p>{t('quota.sessions', { active: quota.used.activeSessions, max: quota.limits.maxConcurrentSessions })}</p>
      <h3>{t('usage.heading')}</h3>
      {usage && usage.length === 0 && <p>{t('usage.none')}</p>}
      {usage && usage.length > 0 && (
        <ul className="plain">
          {usage.map(u => (
            <li key={u.session}>
              {t('usage.row', { start: formatDateTime(u.start, language), size: u.size, hours: formatHours(u.hours, language) })}
              {u.end === null && <span className="badge badge-running">{t('usage.running')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
