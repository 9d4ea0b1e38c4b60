/**
 * `validateFilter`: every problem of a destination filter, each naming the field at fault.
 */
import { validateFql } from '../fql/index.ts';
import { DESTINATION_FILTER_ACTION_TYPES, type DestinationFilterActionType, type FilterIssue } from './destination-filter.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 80) ?? String(v));

function validateFields(fields: unknown, at: string, issues: FilterIssue[]): void {
  if (!isRecord(fields)) {
    issues.push({ field: at, message: `fields must be an object mapping an object path to a list of keys, got ${show(fields)}` });
    return;
  }
  const entries = Object.entries(fields);
  if (entries.length === 0) issues.push({ field: at, message: 'fields must name at least one object path' });
  for (const [path, keys] of entries) {
    const where = `${at}.${path === '' ? '""' : path}`;
    if (!Array.isArray(keys)) {
      issues.push({ field: where, message: `must be a list of keys, got ${show(keys)}` });
    } else if (keys.some((k) => typeof k !== 'string' || k === '')) {
      issues.push({ field: where, message: 'every key must be a non-empty string' });
    }
  }
}

function validateAction(action: unknown, at: string, issues: FilterIssue[]): void {
  if (!isRecord(action)) {
    issues.push({ field: at, message: `an action must be an object, got ${show(action)}` });
    return;
  }
  const type = action.type;
  if (!DESTINATION_FILTER_ACTION_TYPES.includes(type as DestinationFilterActionType)) {
    issues.push({ field: `${at}.type`, message: `type must be one of ${DESTINATION_FILTER_ACTION_TYPES.join(', ')}, got ${show(type)}` });
    return;
  }
  if (type === 'SAMPLE') {
    const p = action.percent;
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
      issues.push({ field: `${at}.percent`, message: `percent must be a number from 0 to 1 (0.1 = 10%), got ${show(p)}` });
    }
    if (action.path !== undefined && action.path !== null && (typeof action.path !== 'string' || action.path.trim() === '')) {
      issues.push({ field: `${at}.path`, message: `path must be a non-empty field path such as "userId", got ${show(action.path)}` });
    }
  }
  if (type === 'DROP_PROPERTIES' || type === 'ALLOW_PROPERTIES') validateFields(action.fields, `${at}.fields`, issues);
}

/**
 * Lists every problem of a destination filter (empty when valid). An `if` that does not parse
 * is refused with the parser's message and position.
 * @example
 * validateFilter({ title: 'x', if: 'event = ', actions: [{ type: 'SAMPLE', percent: 50 }], enabled: true });
 * // [{ field: 'if', message: 'FQL syntax error at 1:9: expected a value after "="' },
 * //  { field: 'actions[0].percent', message: 'percent must be a number from 0 to 1 (0.1 = 10%), got 50' }]
 */
export function validateFilter(filter: unknown): FilterIssue[] {
  const issues: FilterIssue[] = [];
  if (!isRecord(filter)) return [{ field: '', message: `a filter must be an object, got ${show(filter)}` }];
  if (typeof filter.title !== 'string' || filter.title.trim() === '') {
    issues.push({ field: 'title', message: `title must be a non-empty string, got ${show(filter.title)}` });
  }
  if (typeof filter.if !== 'string') {
    issues.push({ field: 'if', message: `if must be an FQL string (or "all"), got ${show(filter.if)}` });
  } else {
    const v = validateFql(filter.if);
    if (!v.valid) issues.push({ field: 'if', message: v.message });
  }
  if (typeof filter.enabled !== 'boolean') issues.push({ field: 'enabled', message: `enabled must be true or false, got ${show(filter.enabled)}` });
  for (const key of ['id', 'sourceId', 'destinationId', 'description'] as const) {
    const v = filter[key];
    if (v !== undefined && v !== null && typeof v !== 'string') issues.push({ field: key, message: `${key} must be a string, got ${show(v)}` });
  }
  if (!Array.isArray(filter.actions) || filter.actions.length === 0) {
    issues.push({ field: 'actions', message: `actions must be a non-empty list, got ${show(filter.actions)}` });
  } else {
    filter.actions.forEach((a, i) => {
      validateAction(a, `actions[${i}]`, issues);
    });
  }
  return issues;
}
