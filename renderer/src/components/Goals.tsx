import type { Goal, Goals } from '../../../electron/contract/index.js';
import { FIGURES, formatFigure, formatProjection } from '../figures.js';
import { addDays } from '../format.js';
import { useFormat } from '../state.js';
import { Explained } from './common.js';

/** Where a goal stands, in words: beaten, on track at this pace, or behind. */
function standing(goal: Goal, complete: boolean): { key: 'met' | 'on-track' | 'behind' | 'missed'; text: string } {
  if (goal.met) return { key: 'met', text: 'beaten' };
  if (complete) return { key: 'missed', text: 'not beaten' };
  return goal.on_track ? { key: 'on-track', text: 'on track' } : { key: 'behind', text: 'behind' };
}

/**
 * The week's growth goals: beat last week on call volume, conversion, revenue, returning
 * customers, no-show and cancellation rates, with the progress so far and where the pace leads.
 * They come with the dashboard, so they follow every live update.
 */
export function GoalList({ goals }: { goals: Goals }) {
  const fmt = useFormat();
  const { week } = goals;
  const baselineRange = fmt.weekRange(goals.baseline_week, addDays(goals.baseline_week, 6));
  const elapsed = fmt.percent(goals.elapsed_fraction);
  return (
    <ul className="goals" data-testid="goals" data-elapsed={goals.elapsed_fraction}>
      {goals.goals.map((g) => {
        const show = (v: number) => formatFigure(g.metric, v, fmt);
        const s = standing(g, week.complete);
        const bar = g.progress === null ? (g.direction === 'lower' && g.current === 0 && g.met ? 1 : 0) : Math.min(g.progress, 1);
        return (
          <li key={g.metric} data-goal={g.metric} data-current={g.current} data-target={g.target} data-progress={g.progress ?? ''} data-standing={s.key}>
            <Explained
              className="goal"
              tip={
                <>
                  <strong>{g.label}</strong>: {FIGURES[g.metric].definition}
                  <br />
                  Goal: {g.direction === 'higher' ? 'more than' : 'less than'} last week ({baselineRange}): {show(g.target)}.
                  <br />
                  Progress = {g.direction === 'higher' ? 'this week ÷ target' : 'target ÷ this week (lower is better)'}.
                  {!week.complete && (
                    <>
                      {' '}
                      {elapsed} of this week’s opening hours are past;{' '}
                      {g.direction === 'higher' && g.metric !== 'conversion_rate' ? 'the projection carries the pace so far to the end of the week.' : 'a rate is projected as it stands.'}
                    </>
                  )}
                </>
              }
            >
              <div className="goal-head">
                <span className="goal-label">{g.label}</span>
                <span className={`goal-standing ${s.key}`}>{s.text}</span>
              </div>
              <div className="goal-figures">
                <span className="goal-current">{show(g.current)}</span>
                <span className="sub">
                  {' '}
                  {g.direction === 'higher' ? 'of' : 'vs'} {show(g.target)} last week
                </span>
              </div>
              <progress max={1} value={bar} aria-label={`${g.label}: ${show(g.current)} against ${show(g.target)} last week, ${s.text}`} />
              <div className="sub">
                {g.direction === 'lower'
                  ? g.target === 0
                    ? 'none last week'
                    : `${fmt.points(g.current - g.target)} on last week`
                  : g.progress === null
                    ? 'last week was 0'
                    : `${fmt.percent(g.progress)} of the goal`}
                {!week.complete && g.projected !== g.current && ` · heading for ${formatProjection(g.metric, g.projected, fmt)}`}
              </div>
            </Explained>
          </li>
        );
      })}
    </ul>
  );
}
