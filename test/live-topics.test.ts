/**
 * What each live message makes the dashboard fetch again. A phone connector's backfill page is
 * announced as one `metrics.updated` (test/connectors/backfill-batch.test.ts), so that message
 * refreshes the calls and callers as well as the figures.
 */
import { describe, expect, it } from 'vitest';
import { topicsOf } from '../renderer/src/state.js';

describe('the dashboard’s topics per live message', () => {
  it('a metrics.updated (a batch’s one message) refreshes the calls and customers too', () => {
    const topics = topicsOf({ type: 'metrics.updated', at: '2026-12-01T10:00:00.000Z', data: {} } as never);
    expect(topics).toEqual(expect.arrayContaining(['metrics', 'calls', 'customers']));
  });

  it('a call event refreshes the calls, customers and figures', () => {
    expect(topicsOf({ type: 'call.started', at: '2026-12-01T10:00:00.000Z', data: {} } as never)).toEqual(['calls', 'customers', 'metrics']);
  });
});
