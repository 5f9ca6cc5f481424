import { Fragment, useState } from 'react';
import type { InvoiceRun } from '../api/types';
import { useApi } from '../app/ApiContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatKrw } from '../format/krw';
import { useLanguage } from '../i18n/LanguageContext';
import type { MessageKey } from '../i18n/messages.ko';
import { matches, type MemberDirectory } from './memberDirectory';
import { MemberName } from './MemberName';

type SortBy = 'total' | 'name';

/**
 * A month's invoices by member name, searchable (name, e-mail, id) and sorted by total (largest first) or by name; each
 * opens to its lines. The month's CSV comes from the API (Accept: text/csv) as a download.
 */
export function InvoiceList({ month, run, members }: { month: string; run: InvoiceRun | undefined; members: MemberDirectory }) {
  const { t } = useLanguage();
  const api = useApi();
  const [open, setOpen] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [sortBy, setSortBy] = useState<SortBy>('total');
  const shown = (run?.invoices ?? [])
    .map(invoice => ({ invoice, label: members(invoice.member) }))
    .filter(row => matches(row.label, query))
    .sort((a, b) => sortBy === 'total'
      ? b.invoice.totalKrw - a.invoice.totalKrw || a.label.name.localeCompare(b.label.name)
      : a.label.name.localeCompare(b.label.name) || a.label.id.localeCompare(b.label.id));
  const [downloaded, setDownloaded] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function downloadCsv() {
    setError(undefined);
    try {
      const response = await api.send('GET', `/api/v1/invoices?month=${month}`, { accept: 'text/csv' });
      const file = `invoices-${month}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = file;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownloaded(file);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby="invoices-heading">
      <div className="section-head">
        <h2 id="invoices-heading">{t('billing.invoicesHeading', { month })}</h2>
        <button type="button" className="secondary" onClick={() => void downloadCsv()}>{t('billing.csv')}</button>
      </div>
      {downloaded && <p role="status" className="ok">{t('billing.csvDone', { file: downloaded })}</p>}
      <ErrorMessage error={error} />
      {run && run.invoices.length === 0 && <p>{t('billing.invoicesNone')}</p>}
      {run && run.invoices.length > 0 && (
        <div className="toolbar">
          <label htmlFor="invoice-search">{t('billing.search')}</label>
          <input id="invoice-search" type="search" value={query} onChange={e => setQuery(e.target.value)} />
          <label htmlFor="invoice-sort">{t('billing.sortBy')}</label>
          <select id="invoice-sort" value={sortBy} onChange={e => setSortBy(e.target.value as SortBy)}>
            <option value="total">{t('billing.sortTotal')}</option>
            <option value="name">{t('billing.sortName')}</option>
          </select>
        </div>
      )}
      {run && run.invoices.length > 0 && shown.length === 0 && <p>{t('billing.searchNone')}</p>}
      {shown.length > 0 && (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('billing.member')}</th>
                <th scope="col" className="num">{t('billing.subtotal')}</th>
                <th scope="col" className="num">{t('billing.credit')}</th>
                <th scope="col" className="num">{t('billing.total')}</th>
                <th scope="col"><span className="visually-hidden">{t('billing.openInvoice', { member: '' })}</span></th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ invoice, label }) => {
                const isOpen = open === invoice.member;
                const linesId = `invoice-lines-${invoice.member}`;
                return (
                  <Fragment key={invoice.member}>
                    <tr data-invoice={invoice.member}>
                      <td><MemberName label={label} /></td>
                      <td className="num">{formatKrw(invoice.subtotalKrw)}</td>
                      <td className="num">{formatKrw(invoice.creditKrw)}</td>
                      <td className="num strong">{formatKrw(invoice.totalKrw)}</td>
                      <td>
                        <button type="button" className="link" aria-expanded={isOpen} aria-controls={linesId}
                          onClick={() => setOpen(isOpen ? null : invoice.member)}>
                          {t(isOpen ? 'billing.closeInvoice' : 'billing.openInvoice', { member: label.name })}
                        </button>
                      </td>
                    </tr>
                    {isOpen && (
                      <tr id={linesId} className="lines">
                        <td colSpan={5}>
                          <table data-testid="invoice-lines">
                            <thead>
                              <tr>
                                <th scope="col">{t('billing.resource')}</th>
                                <th scope="col">{t('billing.tier')}</th>
                                <th scope="col">{t('billing.rateFrom')}</th>
                                <th scope="col" className="num">{t('billing.rate')}</th>
                                <th scope="col" className="num">{t('billing.quantity')}</th>
                                <th scope="col" className="num">{t('billing.amount')}</th>
                              </tr>
                            </thead>
                            <tbody>
                              {invoice.lines.map(line => (
                                <tr key={`${line.resource}-${line.tier}-${line.rateEffectiveFrom}`}>
                                  <td>{t(`billing.${line.resource}` as MessageKey)}</td>
                                  <td>{t(`tier.${line.tier}` as MessageKey)}</td>
                                  <td>{line.rateEffectiveFrom}</td>
                                  <td className="num">{formatKrw(line.krwPerHour)}</td>
                                  <td className="num">{line.quantity}</td>
                                  <td className="num">{formatKrw(line.amountKrw)}</td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
