import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, productsItems } from './google-analytics-4-fields.ts';

/**
 * Action "viewCart": Segment's "Cart Viewed" → GA4 `view_cart`.
 *
 * @example
 * await t.run({ action: 'viewCart', event: { ...sampleEvents.track, event: 'Cart Viewed' }, settings });
 */
export const viewCart = ga4Action({
  title: 'View Cart',
  description: 'Send view_cart for "Cart Viewed" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Cart Viewed"',
  eventName: 'view_cart',
  properties: { currency: f.currency, value: f.value, items: productsItems },
  required: ['items'],
});
