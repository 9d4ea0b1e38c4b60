/** Troubleshooting: Event Tester, source debugger, Event Delivery, delivery overview and the error codes reference. */
export { renderErrorCodesDoc } from './error-codes-doc.ts';
export { type ErrorReferenceEntry, errorReference, helpFor } from './error-reference.ts';
export { bucketStart, bucketTimes, type DeliveryWindow, GRANULARITIES, type Granularity, readWindow, WINDOWS, WindowError } from './delivery-window.ts';
export { deliveryOverview, type OverviewDataset, OverviewParamError, type OverviewQuery, type OverviewStep, OVERVIEW_STEPS } from './delivery-overview.ts';
export { type CodeBreakdown, type EventDeliveryView, eventDeliveryView, type FailedSample, splitCode } from './event-delivery-view.ts';
export { type EventTestInput, EventTestInputError, type EventTestView, loadDestinationConfig, runEventTest, type SubscriptionTestView, type TesterDeps } from './event-test-service.ts';
export { type LoggedEventView, loggedEventView, MAX_SCAN_SPAN, recentSourceEvents } from './log-scan.ts';
export { type TailOptions, tailSourceEvents } from './source-tail.ts';
