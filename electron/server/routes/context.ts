import type { ApiHandlers } from '../../contract/index.js';
import type { Salon } from '../../core/salon.js';
import type { SpooledIngest } from '../../core/spool.js';

/** What every route module is built over: the dashboard API's handlers and, for webhooks, the salon and its spooled ingest. */
export interface RouteContext {
  salon: Salon;
  api: ApiHandlers;
  /** Call and appointment webhooks go through it: spooled when the database cannot take them. */
  ingest: SpooledIngest;
}
