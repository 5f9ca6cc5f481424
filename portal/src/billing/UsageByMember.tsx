import type { Usage } from '../api/types';
import { BarChart } from '../components/BarChart';
import { formatHours } from '../format/numbers';
import { useLanguage } from '../i18n/LanguageContext';
import type { MemberDirectory } from './memberDirectory';
import { MemberName } from './MemberName';
import { usageByMember } from './usageByMember';

/** A month's hours per member, as a chart (its full length is at least one hour) and a table, with names and e-mails. */
export function UsageByMember({ month, usage, members }: { month: string; usage: Usage[] | undefined; members: MemberDirectory }) {
  const { t, language } = useLanguage();
  const totals = usageByMember(usage ?? []);
  return (
    <section className="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">{t('billing.usageHeading', { month })}</h2>
      {usage && totals.length === 0 && <p>{t('billing.usageNone')}</p>}
      {totals.length > 0 && (
        <>
          <BarChart label={t('billing.chartLabel')} floor={1}
            bars={totals.map(m => ({ label: members(m.member).name, value: m.hours, text: t('billing.hours', { hours: formatHours(m.hours, language) }) }))} />
          <div className="scroll">
            <table>
              <thead><tr><th scope="col">{t('billing.member')}</th><th scope="col" className="num">{t('billing.quantity')}</th></tr></thead>
              <tbody>
                {totals.map(m => (
                  <tr key={m.member}><td><MemberName label={members(m.member)} /></td><td className="num">{t('billing.hours', { hours: formatHours(m.hours, language) })}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
