import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, productsItems } from './google-analytics-4-fields.ts';

/**
 * Action "viewItemList": Segment's "Product List Viewed" → GA4 `view_item_list`.
 *
 * @example
 * await t.run({ action: 'viewItemList', event: { ...sampleEvents.track, event: 'Product List Viewed' }, settings });
 */
export const viewItemList = ga4Action({
  title: 'View Item List',
  description: 'Send view_item_list for "Product List Viewed" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Product List Viewed"',
  eventName: 'view_item_list',
  properties: { item_list_id: f.item_list_id, item_list_name: f.item_list_name, items: productsItems },
  required: ['items'],
});
