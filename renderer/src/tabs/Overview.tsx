import type { TabProps } from '../navigation.js';
import { LiveCalls } from '../components/CallList.js';
import { GoalList } from '../components/Goals.js';
import { MetricGrid } from '../components/MetricCard.js';
import { TodayPanel } from '../components/TodayPanel.js';
import { ConnectPhoneSystem } from '../components/Webhook.js';
import { Empty, Section } from '../components/common.js';
import { useFormat } from '../state.js';

/** The week at a glance: the figures that matter with their change, who is on the phone, and the customers. */
export function Overview({ dashboard, nav }: TabProps) {
  const fmt = useFormat();
  const { figures, growth, week } = dashboard;
  // A past week is named by its dates: "This week" there would pass last week's figures off as this week's.
  const weekName = `the week of ${fmt.weekRange(week.start, week.end)}`;
  // A week still to come (reached with ▶ to see its bookings) is not "this week" either.
  const upcoming = Date.parse(week.start) > Date.now();
  const noCallsEver = dashboard.recent_calls.length === 0 && dashboard.live_calls.length === 0;
  return (
    <div className="tab overview">
      <TodayPanel dashboard={dashboard} nav={nav} />
      <Section title={week.complete || upcoming ? `Figures of ${weekName}${upcoming ? ' (still to come)' : ''}` : 'This week’s figures so far'} id="overview-figures">
        <MetricGrid
          names={['calls_total', 'calls_answered', 'calls_missed', 'answer_rate', 'appointments_booked', 'appointments_completed', 'revenue_cents', 'conversion_rate']}
          figures={figures}
          growth={growth}
          previous={dashboard.previous.figures}
          week={week}
        />
      </Section>
      {dashboard.goals && (
        <Section title={week.complete || upcoming ? `Growth goals of ${weekName}: beat the week before` : 'This week’s growth goals: beat the whole of last week'} id="overview-goals">
          <GoalList goals={dashboard.goals} />
        </Section>
      )}
      <Section title="Live calls" id="live-calls">
        {noCallsEver ? (
          <Empty title="No call has reached the desk yet.">
            <ConnectPhoneSystem />
          </Empty>
        ) : (
          <LiveCalls calls={dashboard.live_calls} onCustomer={nav.customer} />
        )}
      </Section>
      <Section title="Customers" id="overview-customers">
        <MetricGrid names={['customers_served', 'new_customers', 'returning_customers', 'retention_rate']} figures={figures} growth={growth} previous={dashboard.previous.figures} week={week} />
      </Section>
    </div>
  );
}
