import { useState } from 'react';
import type { BillingMember, InvoiceRun, RateCard, Usage } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { isMonth, monthOf, monthRange, monthsUpTo } from '../format/months';
import { useLanguage } from '../i18n/LanguageContext';
import { InvoiceList } from './InvoiceList';
import { memberDirectory } from './memberDirectory';
import { MonthOverMonth } from './MonthOverMonth';
import { RateCardHistory } from './RateCardHistory';
import { UsageByMember } from './UsageByMember';

/**
 * Billing staff (and admins): a month's usage by member, its invoices with CSV export, each member's totals over the
 * six months to it, and the rate card history.
 */
export function BillingPage() {
  const { t } = useLanguage();
  const api = useApi();
  const [month, setMonth] = useState(() => monthOf(new Date()));
  const valid = isMonth(month);
  const usage = useAsync(async () => {
    if (!valid) return [];
    const { from, to } = monthRange(month);
    return api.getAll<Usage>(`/api/v1/usage?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=1000`);
  }, [month]);
  const invoices = useAsync(async () => (valid ? api.get<InvoiceRun>(`/api/v1/invoices?month=${month}`) : undefined), [month]);
  const rateCards = useAsync(() => api.get<RateCard[]>('/api/v1/rate-cards'), []);
  const directory = useAsync(() => api.get<BillingMember[]>('/api/v1/billing/members'), []);
  const months = valid ? monthsUpTo(month, 6) : [];
  const history = useAsync(async () => (valid ? Promise.all(months.map(m => api.get<InvoiceRun>(`/api/v1/invoices?month=${m}`))) : undefined), [month]);
  const members = memberDirectory(directory.data);

  return (
    <>
      <h1>{t('billing.heading')}</h1>
      <div className="card toolbar">
        <label htmlFor="billing-month">{t('billing.month')}</label>
        <input id="billing-month" type="month" value={month} onChange={e => e.target.value && setMonth(e.target.value)} />
      </div>
      <ErrorMessage error={usage.error ?? invoices.error ?? rateCards.error ?? directory.error ?? history.error} />
      <UsageByMember month={month} usage={usage.data} members={members} />
      <InvoiceList month={month} run={invoices.data} members={members} />
      <MonthOverMonth months={months} runs={history.data} members={members} />
      <RateCardHistory cards={rateCards.data} />
    </>
  );
}
