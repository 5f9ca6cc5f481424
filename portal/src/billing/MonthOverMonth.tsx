import type { InvoiceRun } from '../api/types';
import { formatKrw } from '../format/krw';
import { useLanguage } from '../i18n/LanguageContext';
import type { MemberDirectory } from './memberDirectory';
import { MemberName } from './MemberName';
import { monthOverMonth } from './monthOverMonth';

/** Each member's invoice total over the last months (issued versions where issued, else computed), and the last change. */
export function MonthOverMonth({ months, runs, members }: { months: string[]; runs: InvoiceRun[] | undefined; members: MemberDirectory }) {
  const { t } = useLanguage();
  const rows = runs ? monthOverMonth(runs) : [];
  return (
    <section className="card" aria-labelledby="month-over-month-heading">
      <h2 id="month-over-month-heading">{t('billing.monthOverMonthHeading')}</h2>
      {runs && rows.length === 0 && <p>{t('billing.invoicesNone')}</p>}
      {rows.length > 0 && (
        <div className="scroll">
          <table data-testid="month-over-month">
            <thead>
              <tr>
                <th scope="col">{t('billing.member')}</th>
                {months.map(month => <th key={month} scope="col" className="num">{month}</th>)}
                <th scope="col" className="num">{t('billing.change')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(row => (
                <tr key={row.member} data-member-months={row.member}>
                  <td><MemberName label={members(row.member)} /></td>
                  {row.totals.map((total, i) => <td key={months[i]} className="num">{formatKrw(total)}</td>)}
                  <td className="num">{row.change > 0 ? '+' : ''}{formatKrw(row.change)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
