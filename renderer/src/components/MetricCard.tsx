import type { FigureName, WeekInfo } from '../../../electron/contract/index.js';
import { FIGURES, GROWTH_DEFINITION, formatFigure } from '../figures.js';
import { useFormat } from '../state.js';
import { Explained } from './common.js';

/** One figure of the week, its change since last week with the direction, and (on hover or focus) what it means and which week it covers. */
export function MetricCard({ name, value, growth, week }: { name: FigureName; value: number; growth?: number | null; week: WeekInfo }) {
  const fmt = useFormat();
  const info = FIGURES[name];
  const direction = growth === undefined || growth === null ? 'none' : growth > 0 ? 'up' : growth < 0 ? 'down' : 'flat';
  const good = direction === 'flat' || direction === 'none' || info.neutral ? '' : (direction === 'up') !== !!info.lowerIsBetter ? 'good' : 'bad';
  const weekText = `Week of ${fmt.weekRange(week.start, week.end)}${week.complete ? '' : ' (in progress, to date)'}`;
  return (
    <Explained
      className="card"
      focusable={false}
      data-figure={name}
      tip={
        <>
          <strong>{info.label}</strong>: {info.definition}
          <br />
          <span className="tip-week">{weekText}.</span>
          {growth !== undefined && (
            <>
              <br />
              {GROWTH_DEFINITION}
            </>
          )}
        </>
      }
    >
      <div className="card-label">{info.label}</div>
      <div className="card-value" data-value={value}>
        {formatFigure(name, value, fmt)}
      </div>
      {growth !== undefined && (
        <div className={`card-change ${direction} ${good}`} data-growth={growth ?? ''}>
          {growth === null ? (
            <span>— (last week: 0)</span>
          ) : (
            <>
              <span aria-hidden="true">{direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■'}</span>{' '}
              {/* Words, not only colour: "up 12%, better". A week in progress is compared with the whole of last week: say so. */}
              {direction === 'flat' ? 'unchanged' : `${direction} ${fmt.percent(Math.abs(growth))}`}
              {good && `, ${good === 'good' ? 'better' : 'worse'}`} vs {week.complete ? 'last week' : 'all of last week'}
            </>
          )}
        </div>
      )}
    </Explained>
  );
}

export function MetricGrid({ names, figures, growth, week }: { names: FigureName[]; figures: Record<FigureName, number>; growth?: Record<FigureName, number | null>; week: WeekInfo }) {
  return (
    <div className="cards">
      {names.map((name) => (
        <MetricCard key={name} name={name} value={figures[name]} growth={growth ? growth[name] : undefined} week={week} />
      ))}
    </div>
  );
}
