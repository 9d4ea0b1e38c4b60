/**
 * @junction/integration-google-analytics-4: page views, Segment ecommerce events and custom events
 * to Google Analytics 4 through the Measurement Protocol. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { addPaymentInfo } from './add-payment-info-action.ts';
import { addToCart } from './add-to-cart-action.ts';
import { addToWishlist } from './add-to-wishlist-action.ts';
import { beginCheckout } from './begin-checkout-action.ts';
import { customEvent } from './custom-event-action.ts';
import { validateConnection } from './google-analytics-4-errors.ts';
import { googleAnalytics4Settings } from './google-analytics-4-settings.ts';
import { pageView } from './page-view-action.ts';
import { purchase } from './purchase-action.ts';
import { refund } from './refund-action.ts';
import { removeFromCart } from './remove-from-cart-action.ts';
import { search } from './search-action.ts';
import { selectItem } from './select-item-action.ts';
import { viewCart } from './view-cart-action.ts';
import { viewItem } from './view-item-action.ts';
import { viewItemList } from './view-item-list-action.ts';

export { collectUrl, GA4_HOSTS, planRequests, sendGa4Events } from './google-analytics-4-client.ts';
export { type Ga4Event, type Ga4Payload, toGa4Event, toMicros } from './google-analytics-4-event.ts';
export { parseValidationMessages, type ValidationMessage, validateConnection } from './google-analytics-4-errors.ts';
export { eventNameProblem, GA4_LIMITS, normalizeEventName, RESERVED_EVENT_NAMES } from './google-analytics-4-rules.ts';
export { type GoogleAnalytics4Settings, googleAnalytics4Settings } from './google-analytics-4-settings.ts';

const HOUR = 3_600_000;

const ecommerce = {
  purchase: 'Order Completed',
  refund: 'Order Refunded',
  addToCart: 'Product Added',
  removeFromCart: 'Product Removed',
  viewItem: 'Product Viewed',
  selectItem: 'Product Clicked',
  addToWishlist: 'Product Added to Wishlist',
  viewItemList: 'Product List Viewed',
  viewCart: 'Cart Viewed',
  beginCheckout: 'Checkout Started',
  addPaymentInfo: 'Payment Info Entered',
  search: 'Products Searched',
} as const;

/**
 * Segment spec event → the action (and GA4 event) that handles it.
 *
 * @example
 * SEGMENT_ECOMMERCE_EVENTS['Order Completed']; // 'purchase'
 */
export const SEGMENT_ECOMMERCE_EVENTS: Readonly<Record<string, keyof typeof ecommerce>> = Object.fromEntries(
  Object.entries(ecommerce).map(([action, event]) => [event, action as keyof typeof ecommerce]),
);

const specNames = Object.values(ecommerce)
  .map((e) => JSON.stringify(e))
  .join(', ');

/**
 * The Google Analytics 4 destination.
 *
 * @example
 * import googleAnalytics4 from '@junction/integration-google-analytics-4';
 * catalog.register(googleAnalytics4);
 */
export const googleAnalytics4 = defineIntegration({
  slug: 'google-analytics-4',
  name: 'Google Analytics 4',
  version: '0.1.0',
  description: 'Send page views, ecommerce and custom events to Google Analytics 4 with the Measurement Protocol.',
  categories: ['Analytics'],
  website: 'https://marketingplatform.google.com/about/analytics/',
  settings: googleAnalytics4Settings,
  actions: { pageView, customEvent, purchase, refund, addToCart, removeFromCart, viewItem, selectItem, addToWishlist, viewItemList, viewCart, beginCheckout, addPaymentInfo, search },
  presets: [
    { name: 'Page Calls', actionId: 'pageView', trigger: 'type = "page"' },
    { name: 'Custom Events', actionId: 'customEvent', trigger: `type = "track" and !(event in [${specNames}])` },
    ...Object.entries(ecommerce).map(([actionId, event]) => ({ name: event, actionId, trigger: `type = "track" and event = "${event}"` })),
  ],
  delivery: {
    batch: { maxCount: 100, maxBytes: 500_000, maxWaitMs: 1000 },
    concurrency: 10,
    timeoutMs: 10_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
  testConnection: validateConnection,
});

export default googleAnalytics4;
