import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, singleProductItems } from './google-analytics-4-fields.ts';

/**
 * Action "selectItem": Segment's "Product Clicked" → GA4 `select_item`.
 *
 * @example
 * await t.run({ action: 'selectItem', event: { ...sampleEvents.track, event: 'Product Clicked' }, settings });
 */
export const selectItem = ga4Action({
  title: 'Select Item',
  description: 'Send select_item for "Product Clicked" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Product Clicked"',
  eventName: 'select_item',
  properties: { item_list_id: f.item_list_id, item_list_name: f.item_list_name, items: singleProductItems },
  required: ['items'],
});
