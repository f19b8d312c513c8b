/** The dashboard's tabs and how one part of it sends the desk to another; every tab takes TabProps. */
import type { Dashboard } from '../../electron/contract/index.js';

export const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'calls', label: 'Calls' },
  { id: 'appointments', label: 'Appointments' },
  { id: 'customers', label: 'Customers' },
  { id: 'growth', label: 'Growth & Insights' },
  { id: 'settings', label: 'Settings' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

/** Someone to book for (all null: the desk chooses), from a caller card, the call-back list, a profile or the appointments. */
export interface BookFor {
  customerId: number | null;
  name: string | null;
  phone: string | null;
  callSid: string | null;
}

export interface Navigate {
  tab(tab: TabId): void;
  customer(id: number): void;
  book(who: BookFor): void;
}

export interface TabProps {
  dashboard: Dashboard;
  week: string | undefined;
  nav: Navigate;
  reloadDashboard(): void;
}
