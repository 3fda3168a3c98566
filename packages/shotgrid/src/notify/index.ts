export { FailureNotifier } from "./failure-notifier.js";
export { NotifyThrottle } from "./throttle.js";
export { failureMessage, summaryMessage, scrub } from "./message.js";
