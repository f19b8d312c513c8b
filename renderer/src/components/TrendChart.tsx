import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FigureName, WeeklyRow } from '../../../electron/contract/index.js';
import { FIGURES } from '../figures.js';
import { useFormat } from '../state.js';
import { Explained } from './common.js';

const COLORS = ['#5b7bd5', '#2e9e6b', '#d9822b', '#b0485c'];
/** The key of a line's dashed stretch: from the last complete week to the week in progress. */
const soFar = (name: FigureName) => `${name}:so-far`;
const hatchId = (color: string) => `so-far-hatch-${color.slice(1)}`;

export type TrendKind = 'count' | 'money' | 'rate';

/**
 * Hatched fills for the bars of a week in progress, one per series colour. In an SVG of their
 * own: `url(#…)` reaches across the page's inline SVGs, so every chart can use them.
 */
export function SoFarPatterns() {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" style={{ position: 'absolute' }}>
      <defs>
        {COLORS.map((color) => (
          <pattern key={color} id={hatchId(color)} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={color} fillOpacity="0.25" />
            <line x1="0" y1="0" x2="0" y2="6" stroke={color} strokeWidth="3" />
          </pattern>
        ))}
      </defs>
    </svg>
  );
}

/**
 * Figures week by week. The week in progress is drawn as partial, never as a collapse: its
 * point hangs off a dashed stretch (lines) or a hatched bar, and its label says "so far".
 */
export function TrendChart({ title, names, kind, type, rows, range }: { title: string; names: FigureName[]; kind: TrendKind; type: 'line' | 'bar'; rows: WeeklyRow[]; range: string }) {
  const fmt = useFormat();
  const value = (v: number) => (kind === 'money' ? fmt.money(v) : kind === 'rate' ? fmt.percent(v) : fmt.count(v));
  const partial = rows.findIndex((r) => !r.complete);
  const data = rows.map((r, i) => {
    const label = fmt.day(r.week_start).replace(/^\w+,?\s*/, '');
    const point: Record<string, string | number | null> = { label: i === partial ? `${label} (so far)` : label };
    for (const name of names) {
      if (type === 'bar') point[name] = r[name];
      else {
        point[name] = partial === -1 || i < partial ? r[name] : null;
        point[soFar(name)] = partial !== -1 && (i === partial || i === partial - 1) ? r[name] : null;
      }
    }
    return point;
  });
  const axis = (v: number) => (kind === 'money' ? fmt.money(v).replace(/\.00$/, '') : kind === 'rate' ? fmt.percent(v) : fmt.count(v));
  const color = (i: number) => COLORS[i % COLORS.length]!;
  const series = names.flatMap((name, i) =>
    type === 'bar'
      ? [
          <Bar key={name} dataKey={name} name={FIGURES[name].label} fill={color(i)} isAnimationActive={false}>
            {data.map((_, j) => (
              <Cell key={j} fill={j === partial ? `url(#${hatchId(color(i))})` : color(i)} stroke={j === partial ? color(i) : undefined} data-so-far={j === partial || undefined} />
            ))}
          </Bar>,
        ]
      : [
          <Line key={name} dataKey={name} name={FIGURES[name].label} stroke={color(i)} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />,
          ...(partial === -1
            ? []
            : [
                <Line
                  key={soFar(name)}
                  dataKey={soFar(name)}
                  name={`${FIGURES[name].label} (so far)`}
                  className="so-far"
                  stroke={color(i)}
                  strokeWidth={2}
                  strokeDasharray="5 4"
                  dot={{ r: 3, fill: '#fff' }}
                  legendType="none"
                  isAnimationActive={false}
                />,
              ]),
        ],
  );
  const common: ReactNode[] = [
    <CartesianGrid key="grid" strokeDasharray="3 3" />,
    <XAxis key="x" dataKey="label" tick={{ fontSize: 11 }} />,
    <YAxis key="y" tickFormatter={axis} tick={{ fontSize: 11 }} width={64} allowDecimals={kind !== 'count'} />,
    <Tooltip key="tip" formatter={(v, n) => [value(Number(v)), n]} labelFormatter={(l) => `Week of ${l}`} />,
    <Legend key="legend" />,
  ];
  return (
    <Explained
      className="chart"
      data-chart={title}
      data-partial-week={partial === -1 ? undefined : rows[partial]?.week_start}
      tip={
        <>
          <strong>{title}</strong>, week by week, {range} (each point is one week, Monday to Sunday, salon time; a week in progress is dashed or hatched, and counts only so far).
          <ul>
            {names.map((n) => (
              <li key={n}>
                <strong>{FIGURES[n].label}</strong>: {FIGURES[n].definition}
              </li>
            ))}
          </ul>
        </>
      }
    >
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={220}>
        {type === 'bar' ? (
          <BarChart data={data}>
            {common}
            {series}
          </BarChart>
        ) : (
          <LineChart data={data}>
            {common}
            {series}
          </LineChart>
        )}
      </ResponsiveContainer>
    </Explained>
  );
}
