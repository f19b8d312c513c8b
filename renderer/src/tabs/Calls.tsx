import { useState } from 'react';
import type { Call, Recovered } from '../../../electron/contract/index.js';
import type { SalonClient } from '../api/client.js';
import type { TabProps } from '../navigation.js';
import { CallbackList, RankRule } from '../components/CallbackList.js';
import { CallTable } from '../components/CallList.js';
import { HeatMap } from '../components/HeatMap.js';
import { MetricGrid } from '../components/MetricCard.js';
import { ConnectPhoneSystem } from '../components/Webhook.js';
import { Empty, ErrorMessage, Explained, Loading, Section } from '../components/common.js';
import { addDays } from '../format.js';
import { useFormat, useQuery } from '../state.js';

const HEAT_WEEKS = 8;
const SHORT_LIST = 25;
const PAGE = 1000;
const MAX_PAGES = 10;

/** Every call between two local dates, page by page (the API answers at most 1000 at a time). */
async function allCalls(client: SalonClient, from: string, to: string): Promise<Call[]> {
  const calls: Call[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { items, total } = await client.call('listCalls', { from, to, limit: PAGE, offset: page * PAGE });
    calls.push(...items);
    if (calls.length >= total || items.length === 0) break;
  }
  return calls;
}

export default function Calls({ dashboard, nav }: TabProps) {
  const { figures, growth, week } = dashboard;
  const calls = useQuery((c) => c.call('listCalls', { from: week.start, to: week.end, limit: 200 }), [week.start], ['calls']);
  const heatFrom = addDays(week.start, -7 * (HEAT_WEEKS - 1));
  const heat = useQuery((c) => allCalls(c, heatFrom, week.end), [heatFrom, week.end], ['calls']);
  const settings = useQuery((c) => c.call('getSettings', {}), [], ['settings']);
  const callbacks = useQuery((c) => c.call('listCallbacks', { week: week.start }), [week.start], ['calls', 'appointments', 'metrics']);
  const [showAll, setShowAll] = useState(false);

  return (
    <div className="tab calls-tab">
      <Section title="Calls of the week" id="calls-figures">
        <MetricGrid
          names={['calls_total', 'calls_answered', 'calls_missed', 'answer_rate', 'calls_after_hours', 'calls_converted', 'conversion_rate', 'avg_call_duration_sec']}
          figures={figures}
          growth={growth}
          previous={dashboard.previous.figures}
          week={week}
        />
      </Section>
      <Section
        title={`Call-back list (${dashboard.callback_list.length})`}
        id="callbacks"
        actions={<RankRule rule={callbacks.data?.rank_rule} />}
      >
        {callbacks.data && <RecoveredFigures recovered={callbacks.data.recovered} week={week} />}
        <ErrorMessage error={callbacks.error} title="Could not load what the call-back list recovered" />
        <CallbackList entries={dashboard.callback_list} onCustomer={nav.customer} onBook={(e) => nav.book({ customerId: e.customer_id, name: e.customer_name, phone: e.phone, callSid: null })} />
      </Section>
      <Section title="Peak call times" id="heatmap">
        {heat.loading ? <Loading what="the call times" /> : <ErrorMessage error={heat.error} />}
        {heat.data && <HeatMap calls={heat.data} hours={settings.data?.business_hours} weeks={HEAT_WEEKS} from={heatFrom} to={week.end} />}
      </Section>
      <Section title={week.complete ? 'Calls of the week' : 'Recent calls'} id="recent-calls">
        {calls.loading ? (
          <Loading what="the calls" />
        ) : calls.error ? (
          <ErrorMessage error={calls.error} />
        ) : calls.data && calls.data.items.length > 0 ? (
          <>
            <CallTable calls={showAll ? calls.data.items : calls.data.items.slice(0, SHORT_LIST)} caption="Calls of the week, newest first" onCustomer={nav.customer} />
            <p className="hint">
              Showing the newest {showAll ? calls.data.items.length : Math.min(SHORT_LIST, calls.data.items.length)} of {calls.data.total} calls.{' '}
              {!showAll && calls.data.items.length > SHORT_LIST && (
                <button type="button" className="link" onClick={() => setShowAll(true)}>
                  Show {calls.data.items.length}
                </button>
              )}
            </p>
          </>
        ) : dashboard.recent_calls.length === 0 ? (
          <Empty title="No calls yet.">
            <ConnectPhoneSystem />
          </Empty>
        ) : (
          <Empty title="No calls in this week.">Pick another week above, or wait: new calls show here as they come in.</Empty>
        )}
      </Section>
    </div>
  );
}

/** What calling missed callers back won in the week: bookings made within 7 days of a missed call, and their revenue. */
function RecoveredFigures({ recovered, week }: { recovered: Recovered; week: TabProps['dashboard']['week'] }) {
  const fmt = useFormat();
  return (
    <Explained
      className="recovered"
      data-testid="recovered"
      data-bookings={recovered.recovered_bookings}
      data-revenue={recovered.recovered_revenue_cents}
      data-pending={recovered.recovered_pending_cents}
      tip={
        <>
          <strong>Recovered</strong>, week of {fmt.weekRange(week.start, week.end)}: {recovered.formula}.
        </>
      }
    >
      <dl className="facts inline">
        <dt>Recovered bookings</dt>
        <dd>{fmt.count(recovered.recovered_bookings)}</dd>
        <dt>Recovered revenue</dt>
        <dd>
          {fmt.money(recovered.recovered_revenue_cents)}
          {recovered.recovered_pending_cents > 0 && <span className="sub"> (+ {fmt.money(recovered.recovered_pending_cents)} still booked)</span>}
        </dd>
      </dl>
    </Explained>
  );
}
