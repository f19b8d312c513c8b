import type { Reliability } from '../../../electron/contract/index.js';

/**
 * A customer past the salon's deposit threshold: their no-shows and late cancellations of the
 * last year, and the suggestion to ask for a deposit (the server's own words).
 */
export function ReliabilityFlag({ reliability, when }: { reliability: Reliability; when?: string }) {
  if (!reliability.flagged) return null;
  return (
    <div
      className="reliability-flag"
      role="note"
      data-testid="reliability-flag"
      data-no-shows={reliability.no_shows}
      data-late-cancellations={reliability.late_cancellations}
      title={`Flagged at ${reliability.deposit_threshold} no-shows and late cancellations (cancelled less than 24 hours before the start) in 365 days: the salon's deposit threshold, in Settings.`}
    >
      <strong>{when ?? 'Unreliable'}:</strong> {reliability.warning ?? `${reliability.incidents} missed or late-cancelled visits in the last year`}
    </div>
  );
}
