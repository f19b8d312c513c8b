/** Inline SVG charts for the printed report: no scripts, no external files. */

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface Series {
  name: string;
  values: readonly number[];
  color: string;
}

export interface ChartSpec {
  title: string;
  labels: readonly string[];
  series: readonly Series[];
  /** Axis and tooltip text for a value. */
  format: (v: number) => string;
  /** Bars stacked (counts that add up) or lines (rates). */
  kind: 'stacked' | 'line';
  /** Index of the bar to draw emphasised (the report's week). */
  highlight?: number;
}

const W = 640;
const H = 220;
const PAD = { left: 64, right: 12, top: 28, bottom: 44 };

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= max) return m * exp;
  return 10 * exp;
}

export function chart(spec: ChartSpec): string {
  const n = spec.labels.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const totals = spec.labels.map((_, i) =>
    spec.kind === 'stacked' ? spec.series.reduce((a, s) => a + (s.values[i] ?? 0), 0) : Math.max(...spec.series.map((s) => s.values[i] ?? 0)),
  );
  const top = niceMax(Math.max(0, ...totals));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(n, 1);
  const parts: string[] = [];
  parts.push(`<text x="${PAD.left}" y="16" class="chart-title">${esc(spec.title)}</text>`);
  for (let t = 0; t <= 4; t++) {
    const v = (top * t) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="axis">${esc(spec.format(v))}</text>`);
  }
  spec.labels.forEach((label, i) => {
    const cx = PAD.left + slot * i + slot / 2;
    parts.push(`<text x="${cx.toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" class="axis${i === spec.highlight ? ' current' : ''}">${esc(label)}</text>`);
  });
  if (spec.kind === 'stacked') {
    const bw = slot * 0.62;
    spec.labels.forEach((_, i) => {
      let base = 0;
      const x = PAD.left + slot * i + (slot - bw) / 2;
      for (const s of spec.series) {
        const v = s.values[i] ?? 0;
        if (v > 0) {
          const y1 = y(base + v);
          const h = y(base) - y1;
          parts.push(
            `<rect x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"${i === spec.highlight ? ' class="current"' : ' opacity="0.75"'}><title>${esc(`${spec.labels[i]} ${s.name}: ${spec.format(v)}`)}</title></rect>`,
          );
        }
        base += v;
      }
    });
  } else {
    for (const s of spec.series) {
      const pts = s.values.map((v, i) => `${(PAD.left + slot * i + slot / 2).toFixed(1)},${y(v).toFixed(1)}`);
      parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
      s.values.forEach((v, i) => {
        parts.push(`<circle cx="${(PAD.left + slot * i + slot / 2).toFixed(1)}" cy="${y(v).toFixed(1)}" r="${i === spec.highlight ? 4 : 2.5}" fill="${s.color}"><title>${esc(`${spec.labels[i]} ${s.name}: ${spec.format(v)}`)}</title></circle>`);
      });
    }
  }
  const legend = spec.series
    .map((s, k) => `<rect x="${W - PAD.right - 150 * (spec.series.length - k)}" y="${H - 14}" width="10" height="10" fill="${s.color}"/><text x="${W - PAD.right - 150 * (spec.series.length - k) + 14}" y="${H - 5}" class="axis">${esc(s.name)}</text>`)
    .join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.title)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}${legend}</svg>`;
}
