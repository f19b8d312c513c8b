import type { TabProps } from '../App.js';
import { LiveCalls } from '../components/CallList.js';
import { GoalList } from '../components/Goals.js';
import { MetricGrid } from '../components/MetricCard.js';
import { TodayPanel } from '../components/TodayPanel.js';
import { ConnectPhoneSystem } from '../components/Webhook.js';
import { Empty, Section } from '../components/common.js';

/** The week at a glance: the figures that matter with their change, who is on the phone, and the customers. */
export function Overview({ dashboard, nav }: TabProps) {
  const { figures, growth, week } = dashboard;
  const noCallsEver = dashboard.recent_calls.length === 0 && dashboard.live_calls.length === 0;
  return (
    <div className="tab overview">
      <TodayPanel dashboard={dashboard} nav={nav} />
      <Section title="This week's figures" id="overview-figures">
        <MetricGrid
          names={['calls_total', 'calls_answered', 'calls_missed', 'answer_rate', 'appointments_booked', 'appointments_completed', 'revenue_cents', 'conversion_rate']}
          figures={figures}
          growth={growth}
          week={week}
        />
      </Section>
      {dashboard.goals && (
        <Section title={week.complete ? 'Growth goals of the week: beat the week before' : 'This week’s growth goals: beat last week'} id="overview-goals">
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
        <MetricGrid names={['customers_served', 'new_customers', 'returning_customers', 'retention_rate']} figures={figures} growth={growth} week={week} />
      </Section>
    </div>
  );
}
