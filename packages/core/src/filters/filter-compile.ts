/**
 * `compileFilters`: a destination's filters compiled once into one function per event.
 */
import { compileFql, type FqlPredicate } from '../fql/index.ts';
import { compilePath } from '../fql/fql-path.ts';
import { type DestinationFilter, MAX_FILTERS_PER_DESTINATION } from './destination-filter.ts';
import { compileFieldEdit, type FieldEdit } from './filter-properties.ts';
import { keepSample } from './filter-sample.ts';
import { validateFilter } from './filter-validate.ts';

/**
 * What the filters did to one event: the event to send (a copy when properties were edited,
 * else the input itself, never mutated) or null, and the id (else title) of the dropping filter.
 * @example
 * const r: FilterOutcome = { event: null, droppedBy: 'df_1' };
 */
export interface FilterOutcome {
  event: object | null;
  droppedBy?: string;
}

interface CompiledFilter {
  label: string;
  matches: FqlPredicate;
  samples: Array<{ percent: number; path: ((e: unknown) => unknown) | null }>;
  drop: boolean;
  dropEdits: FieldEdit[];
  allowEdits: FieldEdit[];
}

const labelOf = (f: unknown, i: number): string => {
  const r = (typeof f === 'object' && f !== null ? f : {}) as { id?: unknown; title?: unknown };
  if (typeof r.id === 'string' && r.id !== '') return r.id;
  if (typeof r.title === 'string' && r.title !== '') return r.title;
  return `filter #${i + 1}`;
};

function compileOne(f: DestinationFilter, label: string): CompiledFilter {
  const c: CompiledFilter = { label, matches: compileFql(f.if), samples: [], drop: false, dropEdits: [], allowEdits: [] };
  for (const a of f.actions) {
    if (a.type === 'SAMPLE') c.samples.push({ percent: a.percent!, path: a.path ? compilePath(a.path.split('.')) : null });
    else if (a.type === 'DROP') c.drop = true;
    else if (a.type === 'DROP_PROPERTIES') c.dropEdits.push(compileFieldEdit(a.fields!, 'drop'));
    else c.allowEdits.push(compileFieldEdit(a.fields!, 'allow'));
  }
  return c;
}

const dropAll = (droppedBy: string) => (): FilterOutcome => ({ event: null, droppedBy });

/**
 * Compiles a destination's filters. Disabled filters are ignored. For each event every enabled
 * filter's `if` is evaluated once on the event as received, then actions run in Segment's order
 * across all filters: sample → drop → drop properties → allow properties. Fails closed: if any
 * enabled filter is invalid (see `validateFilter`), or there are more than 10, every event is
 * dropped, `droppedBy` naming the culprit.
 * @example
 * const apply = compileFilters([
 *   { id: 'no-tests', title: 'No test users', if: 'match(userId, "test-*")', actions: [{ type: 'DROP' }], enabled: true },
 *   { id: 'no-pii', title: 'No PII', if: 'all', actions: [{ type: 'DROP_PROPERTIES', fields: { context: ['ip'] } }], enabled: true },
 * ]);
 * apply({ userId: 'test-1' }); // { event: null, droppedBy: 'no-tests' }
 * apply({ userId: 'u1', context: { ip: '1.2.3.4' } }); // { event: { userId: 'u1', context: {} } }
 */
export function compileFilters(filters: DestinationFilter[]): (event: unknown) => FilterOutcome {
  const active = filters.map((f, i) => ({ f, i })).filter(({ f }) => !(typeof f === 'object' && f !== null && f.enabled === false));
  if (active.length > MAX_FILTERS_PER_DESTINATION) {
    return dropAll(`more than ${MAX_FILTERS_PER_DESTINATION} filters (${active.length})`);
  }
  const compiled: CompiledFilter[] = [];
  for (const { f, i } of active) {
    const label = labelOf(f, i);
    if (validateFilter(f).length > 0) return dropAll(label);
    compiled.push(compileOne(f, label));
  }
  const sampling = compiled.filter((c) => c.samples.length > 0);
  const dropping = compiled.filter((c) => c.drop);
  const editing = compiled.filter((c) => c.dropEdits.length > 0 || c.allowEdits.length > 0);

  return (event) => {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return { event: null };
    for (const c of sampling) {
      if (!c.matches(event)) continue;
      for (const s of c.samples) {
        const keep = keepSample(s.percent, s.path ? { hasPath: true, value: s.path(event) } : { hasPath: false });
        if (!keep) return { event: null, droppedBy: c.label };
      }
    }
    for (const c of dropping) if (c.matches(event)) return { event: null, droppedBy: c.label };
    const matched = editing.filter((c) => c.matches(event));
    if (matched.length === 0) return { event };
    const copy = structuredClone(event) as Record<string, unknown>;
    for (const c of matched) for (const edit of c.dropEdits) edit(copy);
    for (const c of matched) for (const edit of c.allowEdits) edit(copy);
    return { event: copy };
  };
}
