import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, singleProductItems } from './google-analytics-4-fields.ts';

/**
 * Action "removeFromCart": Segment's "Product Removed" → GA4 `remove_from_cart`.
 *
 * @example
 * await t.run({ action: 'removeFromCart', event: { ...sampleEvents.track, event: 'Product Removed' }, settings });
 */
export const removeFromCart = ga4Action({
  title: 'Remove from Cart',
  description: 'Send remove_from_cart for "Product Removed" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Product Removed"',
  eventName: 'remove_from_cart',
  properties: { currency: f.currency, value: f.productValue, items: singleProductItems },
  required: ['items'],
});
