import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, singleProductItems } from './google-analytics-4-fields.ts';

/**
 * Action "addToWishlist": Segment's "Product Added to Wishlist" → GA4 `add_to_wishlist`.
 *
 * @example
 * await t.run({ action: 'addToWishlist', event: { ...sampleEvents.track, event: 'Product Added to Wishlist' }, settings });
 */
export const addToWishlist = ga4Action({
  title: 'Add to Wishlist',
  description: 'Send add_to_wishlist for "Product Added to Wishlist" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Product Added to Wishlist"',
  eventName: 'add_to_wishlist',
  properties: { currency: f.currency, value: f.productValue, items: singleProductItems },
  required: ['items'],
});
