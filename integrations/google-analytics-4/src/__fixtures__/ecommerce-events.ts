import { sampleEvents } from '@junction/testing';

const product = { product_id: 'p-1', sku: 'sku-1', name: 'Monopoly', brand: 'Hasbro', category: 'Games', price: 18.99, quantity: 2, position: 3 };

/** A track call with the given name and properties. */
export const trackEvent = (event: string, properties: Record<string, unknown>) => ({ ...structuredClone(sampleEvents.track), event, properties });

/** One Segment ecommerce spec event per GA4 action, keyed by action id. */
export const ecommerceEvents = {
  purchase: structuredClone(sampleEvents.track),
  refund: trackEvent('Order Refunded', { order_id: 'o-42', total: 30, currency: 'usd', products: [product] }),
  addToCart: trackEvent('Product Added', { ...product, cart_id: 'c-1', currency: 'USD' }),
  removeFromCart: trackEvent('Product Removed', { ...product, currency: 'USD' }),
  viewItem: trackEvent('Product Viewed', { ...product, currency: 'USD', value: 18.99 }),
  selectItem: trackEvent('Product Clicked', { ...product }),
  addToWishlist: trackEvent('Product Added to Wishlist', { ...product, currency: 'USD' }),
  viewItemList: trackEvent('Product List Viewed', { list_id: 'hot', category: 'Deals', products: [product, { ...product, product_id: 'p-2' }] }),
  viewCart: trackEvent('Cart Viewed', { cart_id: 'c-1', products: [product] }),
  beginCheckout: trackEvent('Checkout Started', { order_id: 'o-1', value: 37.98, currency: 'USD', coupon: 'SPRING', products: [product] }),
  addPaymentInfo: trackEvent('Payment Info Entered', { checkout_id: 'k-1', payment_method: 'card', products: [product] }),
  search: trackEvent('Products Searched', { query: 'board games' }),
};
