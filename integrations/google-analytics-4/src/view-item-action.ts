import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, singleProductItems } from './google-analytics-4-fields.ts';

/**
 * Action "viewItem": Segment's "Product Viewed" → GA4 `view_item`.
 *
 * @example
 * await t.run({ action: 'viewItem', event: { ...sampleEvents.track, event: 'Product Viewed' }, settings });
 */
export const viewItem = ga4Action({
  title: 'View Item',
  description: 'Send view_item for "Product Viewed" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Product Viewed"',
  eventName: 'view_item',
  properties: { currency: f.currency, value: f.productValue, items: singleProductItems },
  required: ['items'],
});
