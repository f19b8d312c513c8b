import { Suspense, useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { SalonClient } from './api/client.js';
import { BookingPanel } from './components/BookingPanel.js';
import { CallerCards } from './components/CallerCard.js';
import { ConnectionBadge, TokenDialog } from './components/Connection.js';
import { ErrorMessage, Loading } from './components/common.js';
import { retryableLazy, TabBoundary } from './components/TabBoundary.js';
import { WeekPicker } from './components/WeekPicker.js';
import { TABS, type BookFor, type Navigate, type TabId, type TabProps } from './navigation.js';
import { SharedProvider, useQuery, useShared } from './state.js';
import { Overview } from './tabs/Overview.js';

// Only the first tab is in the initial script; the others (and recharts) load when opened.
const Calls = retryableLazy(() => import('./tabs/Calls.js'));
const Appointments = retryableLazy(() => import('./tabs/Appointments.js'));
const Customers = retryableLazy(() => import('./tabs/Customers.js'));
const Growth = retryableLazy(() => import('./tabs/Growth.js'));
const Settings = retryableLazy(() => import('./tabs/Settings.js'));

function parseHash(): { tab: TabId; customer: number | null } {
  const [tab, id] = window.location.hash.replace(/^#\/?/, '').split('/');
  const known = TABS.find((t) => t.id === tab)?.id ?? 'overview';
  return { tab: known, customer: known === 'customers' && id && /^\d+$/.test(id) ? Number(id) : null };
}

export function App({ client }: { client: SalonClient }) {
  return (
    <SharedProvider client={client}>
      <Shell />
    </SharedProvider>
  );
}

function Shell() {
  const { setSalonZone } = useShared();
  const [route, setRoute] = useState(parseHash);
  const [week, setWeek] = useState<string | undefined>(undefined);
  const [bookFor, setBookFor] = useState<BookFor | null>(null);

  useEffect(() => {
    const onHash = () => setRoute(parseHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const dashboard = useQuery((c) => c.call('getDashboard', week ? { week } : {}), [week], ['calls', 'appointments', 'metrics', 'settings']);
  const settings = useQuery((c) => c.call('getSettings', {}), [], ['settings']);
  useEffect(() => {
    if (dashboard.data) setSalonZone(dashboard.data.timezone, settings.data?.default_region);
  }, [dashboard.data, settings.data, setSalonZone]);

  const go = useCallback((tab: TabId, customer?: number) => {
    const hash = customer ? `#${tab}/${customer}` : `#${tab}`;
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
    setRoute({ tab, customer: customer ?? null });
  }, []);
  const nav: Navigate = {
    tab: (tab) => go(tab),
    customer: (id) => go('customers', id),
    book: (who) => setBookFor(who),
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.findIndex((t) => t.id === route.tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length]!;
    go(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  const d = dashboard.data;
  return (
    <div className="app">
      <header className="top">
        <h1>Salon Front Desk</h1>
        {d && <WeekPicker week={d.week} selected={week} onChange={setWeek} />}
        <ConnectionBadge />
      </header>
      <nav className="tabs" role="tablist" aria-label="Dashboard">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            role="tab"
            type="button"
            aria-selected={route.tab === t.id}
            aria-controls="tabpanel"
            tabIndex={route.tab === t.id ? 0 : -1}
            onClick={() => go(t.id)}
            onKeyDown={onTabKey}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <CallerCards nav={nav} />
      <main id="tabpanel" role="tabpanel" aria-labelledby={`tab-${route.tab}`} data-tab={route.tab} aria-busy={dashboard.refreshing}>
        {dashboard.error !== undefined && !d ? (
          <div className="panel">
            <ErrorMessage error={dashboard.error} title="The dashboard could not be loaded" />
            <button type="button" onClick={dashboard.reload}>
              Try again
            </button>
          </div>
        ) : !d ? (
          <Loading what="the dashboard" />
        ) : (
          <TabBoundary key={route.tab} what={`The ${TABS.find((t) => t.id === route.tab)!.label} tab`}>
            <Suspense fallback={<Loading what="this tab" />}>
              {dashboard.error !== undefined && <ErrorMessage error={dashboard.error} title="Could not refresh; showing the last figures" />}
              <TabBody tab={route.tab} customer={route.customer} props={{ dashboard: d, week, nav, reloadDashboard: dashboard.reload }} />
            </Suspense>
          </TabBoundary>
        )}
      </main>
      {bookFor && <BookingPanel bookFor={bookFor} onClose={() => setBookFor(null)} />}
      <TokenDialog />
    </div>
  );
}

function TabBody({ tab, customer, props }: { tab: TabId; customer: number | null; props: TabProps }) {
  switch (tab) {
    case 'calls':
      return <Calls {...props} />;
    case 'appointments':
      return <Appointments {...props} />;
    case 'customers':
      return <Customers {...props} selected={customer} />;
    case 'growth':
      return <Growth {...props} />;
    case 'settings':
      return <Settings {...props} />;
    default:
      return <Overview {...props} />;
  }
}
