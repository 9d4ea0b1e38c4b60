const path = (p: string) => ({ '@path': p }) as const;
// biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
const either = (a: string, b: string) => ({ '@if': { exists: path(a), then: path(a), else: path(b) } }) as const;
const scalar = { type: ['string', 'number', 'boolean'] } as const;

/**
 * Request-level fields shared by every GA4 action (who the events are about, when, consent) plus
 * `engagement_time_msec` and free `params`.
 *
 * @example
 * const fields = { type: 'object', properties: { ...commonFields, name: { type: 'string' } } } as const;
 */
export const commonFields = {
  client_id: {
    type: 'string',
    minLength: 1,
    title: 'Client ID',
    description: 'Web streams: identifies the browser/device. Default: anonymousId, else userId.',
    default: either('$.anonymousId', '$.userId'),
  },
  app_instance_id: {
    type: 'string',
    pattern: '^[0-9a-fA-F]{32}$',
    title: 'Firebase app instance ID',
    description: 'App streams (required there): the 32 hex digits the Firebase SDK reports. No default: map it, e.g. from $.context.device.id.',
  },
  user_id: { type: 'string', minLength: 1, maxLength: 256, title: 'User ID', default: path('$.userId') },
  timestamp_micros: {
    type: ['string', 'number'],
    title: 'Event timestamp',
    description: 'ISO-8601 or Unix microseconds; sent as events[].timestamp_micros (GA4 accepts up to 72 hours back).',
    default: path('$.timestamp'),
  },
  user_properties: {
    type: 'object',
    additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
    title: 'User properties',
    description: 'Sent as user_properties.<name>.value (≤ 25, names ≤ 24 characters).',
  },
  engagement_time_msec: {
    type: 'number',
    minimum: 0,
    title: 'Engagement time (ms)',
    description: 'GA4 only counts users with a non-zero engagement time. Default 1.',
    default: 1,
  },
  session_id: { type: 'string', title: 'Session ID', description: 'Ties the event to a gtag/Firebase session.' },
  ad_user_data_consent: { type: 'string', enum: ['GRANTED', 'DENIED'], title: 'Ad user data consent' },
  ad_personalization_consent: { type: 'string', enum: ['GRANTED', 'DENIED'], title: 'Ad personalization consent' },
  params: {
    type: 'object',
    additionalProperties: scalar,
    title: 'Event parameters',
    description: 'Extra event parameters (strings, numbers, booleans), merged over the mapped ones.',
  },
} as const;

/**
 * The keys of {@link commonFields} that are not event parameters.
 *
 * @example
 * REQUEST_KEYS.has('client_id'); // true
 */
export const REQUEST_KEYS: ReadonlySet<string> = new Set([
  'client_id', 'app_instance_id', 'user_id', 'timestamp_micros', 'user_properties',
  'ad_user_data_consent', 'ad_personalization_consent', 'params', 'name', 'lowercase',
]);

const itemSchema = {
  type: 'object',
  properties: {
    item_id: { type: 'string' },
    item_name: { type: 'string' },
    affiliation: { type: 'string' },
    coupon: { type: 'string' },
    discount: { type: 'number' },
    index: { type: 'number' },
    item_brand: { type: 'string' },
    item_category: { type: 'string' },
    item_list_id: { type: 'string' },
    item_list_name: { type: 'string' },
    item_variant: { type: 'string' },
    price: { type: 'number' },
    quantity: { type: 'number' },
  },
  additionalProperties: scalar,
} as const;

const productShape = {
  item_id: either('$.product_id', '$.sku'),
  item_name: path('$.name'),
  affiliation: path('$.affiliation'),
  coupon: path('$.coupon'),
  index: path('$.position'),
  item_brand: path('$.brand'),
  item_category: path('$.category'),
  item_variant: path('$.variant'),
  price: path('$.price'),
  quantity: path('$.quantity'),
} as const;

/**
 * `items` filled from `properties.products` (Segment's multi-product events: Order Completed, Cart Viewed…).
 *
 * @example
 * const fields = { items: productsItems };
 */
export const productsItems = {
  type: 'array',
  items: itemSchema,
  title: 'Items',
  description: 'Products: item_id (product_id, else sku), item_name, price, quantity, …',
  default: { '@arrayPath': ['$.properties.products', productShape] },
} as const;

/**
 * `items` made of the single product in `properties` (Product Added, Product Viewed…).
 *
 * @example
 * const fields = { items: singleProductItems };
 */
export const singleProductItems = {
  ...productsItems,
  minItems: 1,
  default: { '@arrayPath': ['$.properties', productShape] },
} as const;

/**
 * Ecommerce parameters with Segment's default mappings.
 *
 * @example
 * const fields = { currency: ecommerceFields.currency, value: ecommerceFields.value };
 */
export const ecommerceFields = {
  currency: { type: 'string', pattern: '^[A-Za-z]{3}$', title: 'Currency (ISO 4217)', default: path('$.properties.currency') },
  value: { type: 'number', title: 'Value', default: either('$.properties.total', '$.properties.revenue') },
  productValue: { type: 'number', title: 'Value', default: either('$.properties.value', '$.properties.price') },
  transaction_id: { type: 'string', minLength: 1, title: 'Transaction ID', default: path('$.properties.order_id') },
  coupon: { type: 'string', title: 'Coupon', default: path('$.properties.coupon') },
  affiliation: { type: 'string', title: 'Affiliation', default: path('$.properties.affiliation') },
  shipping: { type: 'number', title: 'Shipping', default: path('$.properties.shipping') },
  tax: { type: 'number', title: 'Tax', default: path('$.properties.tax') },
  item_list_id: { type: 'string', title: 'Item list ID', default: path('$.properties.list_id') },
  item_list_name: { type: 'string', title: 'Item list name', default: path('$.properties.category') },
} as const;
