/**
 * Which column of a booking system's export holds which of our fields, and which source and
 * kind a header row is. Each booking system's column map is a module of its own in sources/,
 * which says whether its names are confirmed from real exports or our best guess (vendors
 * rename columns from time to time). Headers are compared after normalisation (lower case,
 * letters and digits only: "Customer Phone #" = "customerphone"), so spacing, case and
 * punctuation never matter.
 *
 * To teach the importer a new column name, add it to the alias list of its field in the
 * source's map (the first alias found in a file wins, so put the best one first); to add a
 * booking system, add a map and its id to SOURCE_IDS (contract/imports.ts). An unknown column
 * is never an error: it is listed as ignored in the preview.
 */
import { KINDS, SOURCE_IDS, SOURCE_NAMES, type DetectionView, type Field, type ImportKind, type SourceId } from '../../contract/index.js';
import { ACUITY } from './sources/acuity.js';
import { FRESHA } from './sources/fresha.js';
import { GENERIC } from './sources/generic.js';
import type { SourceMap } from './sources/source-map.js';
import { SQUARE } from './sources/square.js';
import { VAGARO } from './sources/vagaro.js';

export const SOURCES: Record<SourceId, SourceMap> = { square: SQUARE, acuity: ACUITY, vagaro: VAGARO, fresha: FRESHA, generic: GENERIC };

/** "Customer Phone #" → "customerphone": how headers are compared. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Which columns (by index) hold each field, best first, and which columns no field uses. */
export interface Mapping {
  source: SourceId;
  kind: ImportKind;
  columns: Partial<Record<Field, number[]>>;
  headers: string[];
  ignored: string[];
}

/**
 * Maps a header row onto a source's fields. `names` are what is matched (default: the headers
 * themselves; for a file matched by position, the source's own names in their places).
 */
export function mapColumns(headers: readonly string[], source: SourceId, kind: ImportKind, names: readonly string[] = headers): Mapping {
  const normalized = names.map(normalizeHeader);
  const used = new Set<number>();
  const columns: Mapping['columns'] = {};
  const map = SOURCES[source][kind];
  for (const [field, aliases] of Object.entries(map) as [Field, readonly string[]][]) {
    const indexes: number[] = [];
    for (const alias of aliases) {
      const wanted = normalizeHeader(alias);
      normalized.forEach((h, i) => {
        if (h === wanted && !used.has(i) && !indexes.includes(i)) indexes.push(i);
      });
    }
    if (indexes.length) {
      columns[field] = indexes;
      for (const i of indexes) used.add(i);
    }
  }
  return { source, kind, columns, headers: [...headers], ignored: headers.filter((h, i) => !used.has(i) && h.trim() !== '') };
}

const has = (m: Mapping, ...fields: Field[]) => fields.some((f) => m.columns[f]?.length);

/** Whether a mapping can carry rows of its kind at all. */
export function usable(m: Mapping): boolean {
  const named = has(m, 'customer_name', 'first_name', 'last_name');
  // Customers are matched by phone: a customer file without a phone column cannot be imported.
  if (m.kind === 'customers') return has(m, 'phone') && (named || has(m, 'email'));
  return has(m, 'start', 'date') && has(m, 'service') && (has(m, 'phone') || named);
}

export interface Detection {
  mapping: Mapping;
  detection: DetectionView;
}

interface Candidate {
  mapping: Mapping;
  score: number;
  signature: number;
  mapped: number;
}

/** Below this share of its named columns mapped, and with no column only one source uses, a file matches no source well. */
const WELL_MAPPED = 0.5;

/** Every source and kind that can carry the file, best first (one point per mapped column, three per signature column). */
function candidatesByName(headers: readonly string[], only: DetectOnly): Candidate[] {
  // Signatures compare more strictly (case and surrounding spaces only): "customer_phone" is
  // ours, "Customer Phone" is Square's, though both map to the phone field.
  const strict = (h: string) => h.replace(/^\uFEFF/, '').trim().toLowerCase();
  const exact = new Set(headers.map(strict));
  const out: Candidate[] = [];
  for (const source of SOURCE_IDS) {
    if (only.source && only.source !== source) continue;
    const signature = SOURCES[source].signature.filter((s) => exact.has(strict(s))).length;
    for (const kind of KINDS) {
      if (only.kind && only.kind !== kind) continue;
      const mapping = mapColumns(headers, source, kind);
      if (!usable(mapping)) continue;
      const mapped = Object.values(mapping.columns).reduce((n, c) => n + c.length, 0);
      // Appointments win a tie over customers (an appointments file also names its customers).
      out.push({ mapping, score: mapped + 3 * signature + (kind === 'appointments' ? 0.5 : 0), signature, mapped });
    }
  }
  // Stable: on a tie the first source listed wins (ours last).
  return out.sort((a, b) => b.score - a.score);
}

/** A header in another language, matched by where its columns are: a source's own export with the same number of columns. */
function candidateByPosition(headers: readonly string[], only: DetectOnly): Candidate | null {
  for (const source of SOURCE_IDS) {
    const positional = SOURCES[source].positional;
    if (!positional || positional.columns.length !== headers.length) continue;
    if ((only.source && only.source !== source) || (only.kind && only.kind !== positional.kind)) continue;
    const mapping = mapColumns(headers, source, positional.kind, positional.columns);
    if (!usable(mapping)) continue;
    const mapped = Object.values(mapping.columns).reduce((n, c) => n + c.length, 0);
    return { mapping, score: mapped, signature: 0, mapped };
  }
  return null;
}

export type DetectOnly = { source?: SourceId | undefined; kind?: ImportKind | undefined };

const describe = (c: Candidate) => `${SOURCE_NAMES[c.mapping.source]} ${c.mapping.kind}`;

/**
 * The source and kind whose columns best fit a header row, and whether that is sure enough to
 * import: not when the file could as well be the other kind (customers or appointments), nor
 * when it fits no source well (few of its columns mapped and none that only one source uses).
 * Then the report asks which it is, and nothing is imported until the source and kind are given.
 */
export function detect(headers: readonly string[], only: DetectOnly = {}): Detection | null {
  const byName = candidatesByName(headers, only);
  const named = headers.filter((h) => h.trim() !== '').length;
  const fitsWell = (c: Candidate) => !!only.source || c.signature > 0 || c.mapped >= WELL_MAPPED * named || matchedBy === 'position';
  let matchedBy: DetectionView['matched_by'] = 'name';
  let best = byName[0];
  if (!best || !fitsWell(best)) {
    const positional = candidateByPosition(headers, only);
    if (positional) {
      best = positional;
      matchedBy = 'position';
    }
  }
  if (!best) return null;
  let question: string | null = null;
  const otherKind = byName.find((c) => c.mapping.kind !== best.mapping.kind);
  if (!only.kind && otherKind && best.score - otherKind.score < 1) {
    question = `the file could be ${describe(best)} or ${describe(otherKind)}: say which (source and kind) before importing`;
  } else if (!fitsWell(best)) {
    const share = `${best.mapped} of its ${named} columns`;
    question = `the file matches no booking system well (as ${describe(best)}, only ${share} are understood): say which source and kind it is before importing`;
  }
  return {
    mapping: best.mapping,
    detection: {
      confident: question === null,
      question,
      matched_by: matchedBy,
      columns: SOURCES[best.mapping.source].evidence[best.mapping.kind],
      candidates: (matchedBy === 'position' ? [best, ...byName] : byName).map((c) => ({ source: c.mapping.source, kind: c.mapping.kind, score: c.score })),
    },
  };
}
