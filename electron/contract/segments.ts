/**
 * The customer segments of `GET /salon/customers?segment=`, each with the definition the
 * dashboard shows on hover. Kept apart from the schemas (no TypeBox) so that the renderer can
 * bundle the words. The core's queries (core/customer-list.ts) follow these definitions.
 */
export const CUSTOMER_SEGMENTS = {
  new: { label: 'New', definition: 'First visit in the last 30 days.' },
  regular: { label: 'Regulars', definition: '3 visits or more, the last one in the last 90 days.' },
  at_risk: {
    label: 'At risk',
    definition: 'Due to rebook: 3 visits or more, now later than their own usual interval between visits (plus a quarter of it, at least a week), nothing booked, and seen within the last year.',
  },
  lapsed: { label: 'Lapsed', definition: 'Have visited, but not in the last 180 days, and have nothing booked.' },
  vip: { label: 'VIP', definition: 'The top 10% of customers by spend over the last 365 days.' },
} as const;

export type CustomerSegment = keyof typeof CUSTOMER_SEGMENTS;
export const CUSTOMER_SEGMENT_NAMES = Object.keys(CUSTOMER_SEGMENTS) as CustomerSegment[];

/** What the customer list sorts by; each has the order it takes when none is asked for. */
export const CUSTOMER_SORTS = {
  name: { label: 'Name', order: 'asc' },
  last_visit: { label: 'Last visit', order: 'desc' },
  spend_365d: { label: 'Spend (last 365 days)', order: 'desc' },
  visits: { label: 'Visits', order: 'desc' },
  first_visit: { label: 'First visit', order: 'desc' },
} as const satisfies Record<string, { label: string; order: SortOrder }>;

export type CustomerSort = keyof typeof CUSTOMER_SORTS;
export type SortOrder = 'asc' | 'desc';
