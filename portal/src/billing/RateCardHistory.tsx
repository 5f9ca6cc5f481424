import type { RateCard } from '../api/types';
import { formatDateTime } from '../format/dates';
import { useLanguage } from '../i18n/LanguageContext';
import type { MessageKey } from '../i18n/messages.ko';

/** Every rate card version (past ones never change). Rates per hour keep their decimals: they are not amounts. */
export function RateCardHistory({ cards }: { cards: RateCard[] | undefined }) {
  const { t, language } = useLanguage();
  const rate = (value: number) => `₩${new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 4 }).format(value)}`;
  return (
    <section className="card" aria-labelledby="ratecards-heading">
      <h2 id="ratecards-heading">{t('billing.rateCardsHeading')}</h2>
      {cards && (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('billing.tier')}</th>
                <th scope="col">{t('billing.rateFrom')}</th>
                <th scope="col" className="num">{t('billing.cpu')}</th>
                <th scope="col" className="num">{t('billing.memoryGiB')}</th>
                <th scope="col" className="num">{t('billing.gpu')}</th>
                <th scope="col">{t('billing.createdBy')}</th>
              </tr>
            </thead>
            <tbody>
              {cards.map(card => (
                <tr key={`${card.tier}-${card.effectiveFrom}`}>
                  <td>{t(`tier.${card.tier}` as MessageKey)}</td>
                  <td>{formatDateTime(card.effectiveFrom, language)}</td>
                  <td className="num">{rate(card.krwPerHour.cpu)}</td>
                  <td className="num">{rate(card.krwPerHour.memoryGiB)}</td>
                  <td className="num">{rate(card.krwPerHour.gpu)}</td>
                  <td>{card.createdBy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
