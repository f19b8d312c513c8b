import type { ApiHandlers } from '../../contract/index.js';
import type { Salon } from '../../core/salon.js';

/** What every route module is built over: the dashboard API's handlers and, for webhooks, the salon. */
export interface RouteContext {
  salon: Salon;
  api: ApiHandlers;
}
