/**
 * Destination filters (Segment's shape): drop, sample, drop properties, allow properties.
 */
export {
  DESTINATION_FILTER_ACTION_TYPES,
  type DestinationFilter,
  type DestinationFilterAction,
  type DestinationFilterActionType,
  type FilterIssue,
  MAX_FILTERS_PER_DESTINATION,
} from './destination-filter.ts';
export { validateFilter } from './filter-validate.ts';
export { compileFilters, type FilterOutcome } from './filter-compile.ts';
export { type FilterPreview, previewFilter } from './filter-preview.ts';
export { keepSample, sampleScore } from './filter-sample.ts';
