/**
 * How the dashboard words a change and a projection (issue 16): a rate moves by percentage
 * points, never by a percentage of a percentage; a projection is in whole dollars.
 */
import { describe, expect, it } from 'vitest';
import { formatChange, formatProjection } from '../renderer/src/figures.js';
import { makeFormatter } from '../renderer/src/format.js';

const fmt = makeFormatter('America/Chicago', 'US', 'en-US');

describe('changes and projections on the dashboard', () => {
  it("shows a rate's change in percentage points, with a true minus sign", () => {
    expect(formatChange('answer_rate', 0.737, 0.793, fmt)).toBe('−5.6 pts');
    expect(formatChange('no_show_rate', 0.092, 0.05, fmt)).toBe('+4.2 pts');
    expect(formatChange('retention_rate', 0.5, 0.5, fmt)).toBe('0.0 pts');
  });

  it("shows a count's or money's change relative to last week", () => {
    expect(formatChange('calls_total', 12, 10, fmt)).toBe('+20%');
    expect(formatChange('revenue_cents', 9_000, 12_000, fmt)).toBe('-25%');
  });

  it('projects money in whole dollars and counts in whole numbers', () => {
    expect(formatProjection('revenue_cents', 396_484, fmt)).toBe('$3,965');
    expect(formatProjection('calls_total', 159, fmt)).toBe('159');
  });
});
