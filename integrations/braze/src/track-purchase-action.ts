import { captureIntegrationError, defineAction, IntegrationError, throwIfError } from '@junction/core';
import { trackObjects } from './braze-client.ts';
import { identityFields, identityOf, toIsoTime } from './braze-fields.ts';
import type { BrazeSettings } from './braze-settings.ts';

const productShape = {
  product_id: {
    '@if': {
      exists: { '@path': '$.product_id' },
      // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
      then: { '@path': '$.product_id' },
      else: { '@path': '$.sku' },
    },
  },
  price: { '@path': '$.price' },
  quantity: { '@path': '$.quantity' },
  currency: { '@path': '$.currency' },
};

const fields = {
  type: 'object',
  properties: {
    ...identityFields,
    email: { type: 'string', title: 'Email', default: { '@path': '$.context.traits.email' } },
    time: { type: ['string', 'number'], title: 'Time', default: { '@path': '$.timestamp' } },
    currency: { type: 'string', pattern: '^[A-Za-z]{3}$', title: 'Currency (ISO 4217)', description: 'Default for products without one; USD when empty.', default: { '@path': '$.properties.currency' } },
    products: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          product_id: { type: 'string', minLength: 1 },
          price: { type: 'number' },
          quantity: { type: 'integer', minimum: 1, maximum: 100 },
          currency: { type: 'string', pattern: '^[A-Za-z]{3}$' },
        },
        required: ['product_id', 'price'],
      },
      title: 'Products',
      description: 'One Braze purchase per product: product_id (product_id, else sku), price, quantity.',
      default: { '@arrayPath': ['$.properties.products', productShape] },
    },
    properties: { type: 'object', title: 'Purchase properties', description: 'Sent with each purchase (without products).', default: { '@path': '$.properties' } },
  },
  required: ['products'],
} as const;

type Payload = {
  time?: string | number;
  currency?: string;
  products: Array<{ product_id: string; price: number; quantity?: number; currency?: string }>;
  properties?: Record<string, unknown>;
} & Parameters<typeof identityOf>[0];

function toPurchases(p: Payload) {
  const identity = identityOf(p);
  const time = toIsoTime(p.time, 'payload.time');
  const { products: _products, ...rest } = p.properties ?? {};
  return p.products.map((product, i) => {
    const currency = (product.currency ?? p.currency ?? 'USD').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new IntegrationError('INVALID_PAYLOAD', `payload.products[${i}].currency "${currency}" is not an ISO 4217 code`);
    return {
      ...identity,
      product_id: product.product_id,
      currency,
      price: product.price,
      quantity: product.quantity ?? 1,
      time,
      ...(Object.keys(rest).length > 0 ? { properties: rest } : {}),
    };
  });
}

/**
 * Action "trackPurchase": "Order Completed" → one Braze purchase per product (`purchases` of
 * `/users/track`); an order fails as a whole when Braze refuses one of its purchases.
 *
 * @example
 * await t.run({ action: 'trackPurchase', event: sampleEvents.track, settings });
 */
export const trackPurchase = defineAction<BrazeSettings>()({
  title: 'Track Purchase',
  description: 'Record the products of an order as Braze purchases.',
  defaultSubscription: 'type = "track" and event = "Order Completed"',
  fields,
  async perform({ settings, payload, request }) {
    const [result] = await trackObjects(request, settings, 'purchases', [captureIntegrationError(() => toPurchases(payload))]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return trackObjects(
      request,
      settings,
      'purchases',
      payloads.map((p) => captureIntegrationError(() => toPurchases(p))),
    );
  },
});
