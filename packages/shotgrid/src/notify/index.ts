export { FailureNotifier } from "./failure-notifier.js";
export { NotifyThrottle } from "./throttle.js";
export { projectManagers } from "./targets.js";
export { failureMessage, summaryMessage, scrub } from "./message.js";
