import type { FigureName, WeekFigures, WeekInfo } from '../../../electron/contract/index.js';
import { FIGURES, GROWTH_DEFINITION, formatChange, formatFigure } from '../figures.js';
import { useFormat } from '../state.js';
import { Explained } from './common.js';

interface CardProps {
  name: FigureName;
  value: number;
  /** The relative change (SPEC §2), null when last week's figure was 0; absent: no change shown. */
  growth?: number | null;
  /** The figure it compared with: last week's, up to the same moment while this week is in progress. */
  previous?: number;
  week: WeekInfo;
}

/** One figure of the week, its change since last week with the direction, and (on hover or focus) what it means and which week it covers. */
export function MetricCard({ name, value, growth, previous, week }: CardProps) {
  const fmt = useFormat();
  const info = FIGURES[name];
  const direction = growth === undefined || growth === null ? 'none' : growth > 0 ? 'up' : growth < 0 ? 'down' : 'flat';
  const good = direction === 'flat' || direction === 'none' || info.neutral ? '' : (direction === 'up') !== !!info.lowerIsBetter ? 'good' : 'bad';
  const weekText = `Week of ${fmt.weekRange(week.start, week.end)}${week.complete ? '' : ' (in progress, so far)'}`;
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
              {previous !== undefined && (
                <>
                  {' '}
                  Last week{week.complete ? '' : ' to this point'}: {formatFigure(name, previous, fmt)}.
                </>
              )}
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
          {growth === null || previous === undefined ? (
            <span>— (last week{week.complete ? '' : ' to this point'}: 0)</span>
          ) : (
            <>
              <span aria-hidden="true">{direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■'}</span>{' '}
              {/* Words, not only colour: "up 12%, better". */}
              <span className="visually-hidden">{direction === 'up' ? 'up' : direction === 'down' ? 'down' : 'unchanged'} </span>
              {formatChange(name, value, previous, fmt)} vs {week.complete ? 'last week' : 'last week to this point'}
              {good && `, ${good === 'good' ? 'better' : 'worse'}`}
            </>
          )}
        </div>
      )}
    </Explained>
  );
}

interface GridProps {
  names: FigureName[];
  figures: WeekFigures;
  growth?: Record<FigureName, number | null>;
  /** What growth compared with (the dashboard's `previous.figures`). */
  previous?: WeekFigures;
  week: WeekInfo;
}

export function MetricGrid({ names, figures, growth, previous, week }: GridProps) {
  return (
    <div className="cards">
      {names.map((name) => (
        <MetricCard key={name} name={name} value={figures[name]} growth={growth ? growth[name] : undefined} previous={previous?.[name]} week={week} />
      ))}
    </div>
  );
}
