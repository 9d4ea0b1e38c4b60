import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, singleProductItems } from './google-analytics-4-fields.ts';

/**
 * Action "addToCart": Segment's "Product Added" → GA4 `add_to_cart`.
 *
 * @example
 * await t.run({ action: 'addToCart', event: { ...sampleEvents.track, event: 'Product Added' }, settings });
 */
export const addToCart = ga4Action({
  title: 'Add to Cart',
  description: 'Send add_to_cart for "Product Added" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Product Added"',
  eventName: 'add_to_cart',
  properties: { currency: f.currency, value: f.productValue, items: singleProductItems },
  required: ['items'],
});
