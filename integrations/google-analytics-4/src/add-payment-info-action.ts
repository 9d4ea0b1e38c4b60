import { ga4Action } from './google-analytics-4-action.ts';
import { ecommerceFields as f, productsItems } from './google-analytics-4-fields.ts';

/**
 * Action "addPaymentInfo": Segment's "Payment Info Entered" → GA4 `add_payment_info`.
 *
 * @example
 * await t.run({ action: 'addPaymentInfo', event: { ...sampleEvents.track, event: 'Payment Info Entered' }, settings });
 */
export const addPaymentInfo = ga4Action({
  title: 'Add Payment Info',
  description: 'Send add_payment_info for "Payment Info Entered" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Payment Info Entered"',
  eventName: 'add_payment_info',
  properties: { currency: f.currency, value: f.value, coupon: f.coupon, payment_type: { type: 'string', title: 'Payment type', default: { '@path': '$.properties.payment_method' } }, items: productsItems },
  required: ['items'],
});
