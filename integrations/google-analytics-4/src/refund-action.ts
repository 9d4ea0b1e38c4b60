import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, productsItems } from './google-analytics-4-fields.ts';

/**
 * Action "refund": Segment's "Order Refunded" → GA4 `refund`.
 *
 * @example
 * await t.run({ action: 'refund', event: { ...sampleEvents.track, event: 'Order Refunded' }, settings });
 */
export const refund = ga4Action({
  title: 'Refund',
  description: 'Send refund for "Order Refunded" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Order Refunded"',
  eventName: 'refund',
  properties: { currency: f.currency, value: f.value, transaction_id: f.transaction_id, coupon: f.coupon, affiliation: f.affiliation, shipping: f.shipping, tax: f.tax, items: productsItems },
  required: ['transaction_id'],
});
