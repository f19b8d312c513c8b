import { useEffect, useState } from 'react';
import type { CustomerListItem, CustomersQuery, Page } from '../../../electron/contract/index.js';
import { CUSTOMER_SEGMENTS, CUSTOMER_SORTS, type CustomerSegment, type CustomerSort, type SortOrder } from '../../../electron/contract/segments.js';
import { useFormat, useQuery } from '../state.js';
import { Empty, ErrorMessage, Loading } from './common.js';

const PAGE_SIZE = 50;

/**
 * The customers a salon works from: searched, narrowed to a segment (its definition on hover),
 * sorted, and paged. Each row shows the last visit, the visits and the spend over the last year.
 */
export function CustomerList({ selected, onCustomer }: { selected: number | null; onCustomer(id: number): void }) {
  const fmt = useFormat();
  const [search, setSearch] = useState('');
  const [view, setView] = useState<Omit<CustomersQuery, 'limit'>>({ sort: 'name', offset: 0 });
  const change = (next: Partial<CustomersQuery>) => setView((v) => ({ ...v, offset: 0, ...next }));
  useEffect(() => {
    const t = setTimeout(() => setView((v) => (v.query === (search.trim() || undefined) ? v : { ...v, offset: 0, query: search.trim() || undefined })), 200);
    return () => clearTimeout(t);
  }, [search]);
  // Only what is set: the desktop transport checks the input as it is, keys and all.
  const asked = Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as CustomersQuery;
  const list = useQuery((c) => c.call('listCustomers', { ...asked, limit: PAGE_SIZE }), [asked], ['customers']);
  const sort = view.sort ?? 'name';
  const order = view.order ?? CUSTOMER_SORTS[sort].order;

  return (
    <>
      <label className="search">
        <span className="visually-hidden">Search customers</span>
        <input type="search" name="customer-query" placeholder="Search by name, phone or email" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <div className="segments" role="group" aria-label="Show">
        <SegmentButton label="All" pressed={!view.segment} onClick={() => change({ segment: undefined })} />
        {(Object.keys(CUSTOMER_SEGMENTS) as CustomerSegment[]).map((s) => (
          <SegmentButton key={s} segment={s} label={CUSTOMER_SEGMENTS[s].label} title={CUSTOMER_SEGMENTS[s].definition} pressed={view.segment === s} onClick={() => change({ segment: s })} />
        ))}
      </div>
      {view.segment && <p className="hint segment-definition">{CUSTOMER_SEGMENTS[view.segment].definition}</p>}
      <div className="row sort-row">
        <label>
          Sort by{' '}
          <select name="customer-sort" value={sort} onChange={(e) => change({ sort: e.target.value as CustomerSort, order: undefined })}>
            {(Object.keys(CUSTOMER_SORTS) as CustomerSort[]).map((s) => (
              <option key={s} value={s}>
                {CUSTOMER_SORTS[s].label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" name="customer-order" data-order={order} onClick={() => change({ order: (order === 'asc' ? 'desc' : 'asc') satisfies SortOrder })}>
          {orderWords(sort, order)}
        </button>
      </div>
      {list.loading && !list.data ? (
        <Loading what="customers" />
      ) : list.error ? (
        <ErrorMessage error={list.error} />
      ) : list.data && list.data.items.length > 0 ? (
        <>
          <ul className="customer-list" data-total={list.data.total}>
            {list.data.items.map((c) => (
              <li key={c.id} data-customer-id={c.id}>
                <button type="button" className={`link ${c.id === selected ? 'active' : ''}`} aria-current={c.id === selected} onClick={() => onCustomer(c.id)}>
                  <span className="name">{c.name ?? 'Unnamed'}</span>
                  <span className="sub">{fmt.phone(c.phone)}</span>
                  <span className="sub customer-facts" data-visits={c.visits} data-spend={c.spend_365d_cents} data-last-visit={c.last_visit_at ?? ''}>
                    {c.last_visit_at ? `Last visit ${fmt.date(c.last_visit_at)}` : 'No visit yet'} · {c.visits} visit{c.visits === 1 ? '' : 's'} · {fmt.money(c.spend_365d_cents)} in the last year
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <Pager page={list.data} offset={view.offset ?? 0} onOffset={(offset) => setView((v) => ({ ...v, offset }))} />
        </>
      ) : view.query || view.segment ? (
        <Empty title={`No customer matches${view.query ? ` “${view.query}”` : ''}${view.segment ? ` among ${CUSTOMER_SEGMENTS[view.segment].label.toLowerCase()}` : ''}.`}>
          Phone numbers match without punctuation (555-0101 finds +1 312 555 0101).
        </Empty>
      ) : (
        <Empty title="No customers yet.">Every caller becomes a customer; so does everyone booked in the Appointments tab.</Empty>
      )}
    </>
  );
}

function SegmentButton({ segment, label, title, pressed, onClick }: { segment?: CustomerSegment; label: string; title?: string; pressed: boolean; onClick(): void }) {
  return (
    <button type="button" data-segment={segment ?? 'all'} aria-pressed={pressed} title={title} onClick={onClick}>
      {label}
    </button>
  );
}

/** What the order button says: the order in the sort's own words. */
function orderWords(sort: CustomerSort, order: SortOrder): string {
  if (sort === 'name') return order === 'asc' ? 'A to Z' : 'Z to A';
  if (sort === 'last_visit' || sort === 'first_visit') return order === 'desc' ? 'Most recent first' : 'Oldest first';
  return order === 'desc' ? 'Highest first' : 'Lowest first';
}

function Pager({ page, offset, onOffset }: { page: Page<CustomerListItem>; offset: number; onOffset(offset: number): void }) {
  const fmt = useFormat();
  const last = offset + page.items.length;
  return (
    <div className="row pager" data-offset={offset}>
      <span className="hint" role="status">
        {page.total > page.items.length ? `${fmt.count(offset + 1)}–${fmt.count(last)} of ${fmt.count(page.total)} customers` : `${fmt.count(page.total)} customer${page.total === 1 ? '' : 's'}`}
      </span>
      {page.total > PAGE_SIZE && (
        <>
          <button type="button" onClick={() => onOffset(Math.max(0, offset - PAGE_SIZE))} disabled={offset === 0}>
            Previous
          </button>
          <button type="button" onClick={() => onOffset(offset + PAGE_SIZE)} disabled={last >= page.total}>
            Next
          </button>
        </>
      )}
    </div>
  );
}
