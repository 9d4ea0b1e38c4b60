import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, productsItems } from './google-analytics-4-fields.ts';

/**
 * Action "beginCheckout": Segment's "Checkout Started" → GA4 `begin_checkout`.
 *
 * @example
 * await t.run({ action: 'beginCheckout', event: { ...sampleEvents.track, event: 'Checkout Started' }, settings });
 */
export const beginCheckout = ga4Action({
  title: 'Begin Checkout',
  description: 'Send begin_checkout for "Checkout Started" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Checkout Started"',
  eventName: 'begin_checkout',
  properties: { currency: f.currency, value: f.value, coupon: f.coupon, items: productsItems },
  required: ['items'],
});
