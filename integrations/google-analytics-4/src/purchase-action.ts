import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, productsItems } from './google-analytics-4-fields.ts';

/**
 * Action "purchase": Segment's "Order Completed" → GA4 `purchase`.
 *
 * @example
 * await t.run({ action: 'purchase', event: { ...sampleEvents.track, event: 'Order Completed' }, settings });
 */
export const purchase = ga4Action({
  title: 'Purchase',
  description: 'Send purchase for "Order Completed" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Order Completed"',
  eventName: 'purchase',
  properties: { currency: f.currency, value: f.value, transaction_id: f.transaction_id, coupon: f.coupon, affiliation: f.affiliation, shipping: f.shipping, tax: f.tax, items: productsItems },
  required: ['transaction_id'],
});
