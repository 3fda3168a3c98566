/**
 * Which queue a plugin's handlers use. By default every plugin is its own group: its own routes and lanes, its
 * own job events (topic `ayonsg.job.<id>`), its own X-Sender-Type (its id). Plugins that must see each other's
 * events of a project in one order (one sync split over several plugins) declare the same group, with the same
 * job topic and sender type: their handlers then share routes, lanes and jobs, and a retry re-runs all of them.
 *
 * One order means one enroll route: handlers of a group with exact topics and the same `ordered` share a route
 * (one sequential queue per project), also when their topics ignore different sender types — each topic's rule
 * then goes into the enroll filter (routes.ts senderFilter), as a two-way sync needs: ShotGrid's events and AYON's
 * entity events of one project in one order. A wildcard topic makes a route of its own even within the group,
 * since AYON's enroll takes one topic list or one pattern (ayon-backend api/events/enroll.py); such a route only
 * shares the group's job topic and sender type.
 */
export interface OrderGroup {
  /** Plugins naming the same group share one order; kebab-case. */
  readonly name: string;
  /**
   * Topic of the group's job events. AYON keeps one job per source event and job topic (its enroll counts an
   * event as processed per target topic), so each group needs its own; default `ayonsg.job.<name>` (`-` as `_`).
   * Changing it makes AYON offer every source event of the last `ignoreOlderThanDays` again; so a plugin whose
   * jobs are already stored under another topic (before plugins had queues of their own, every job shared one)
   * declares that topic to keep them valid. Groups may share a job topic for different source topics only.
   */
  readonly jobTopic?: string;
  /**
   * X-Sender-Type of the group's writes to AYON (queue bookkeeping and the handlers' own requests), so handlers
   * that prevent loops with `ignoreSenderTypes` can tell this group's writes from others'. Default: the name.
   */
  readonly senderType?: string;
}

/** An order group with its defaults filled in. */
export interface ResolvedOrderGroup {
  readonly name: string;
  readonly jobTopic: string;
  readonly senderType: string;
}

const GROUP_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// ayon-backend ayon_server/types.py: TOPIC_REGEX (the enroll target topic takes no wildcard) and NAME_REGEX
// (the X-Sender-Type header).
const JOB_TOPIC = /^[a-zA-Z][a-zA-Z0-9_.]{2,64}$/;
const SENDER_TYPE = /^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;

/** The job topic of a group that declares none. */
export function defaultJobTopic(name: string): string {
  return `ayonsg.job.${name.replace(/-/g, "_")}`;
}

/** Fills in the defaults and checks the values AYON would refuse; `owner` names the plugin in the message. */
export function resolveOrderGroup(group: OrderGroup, owner: string): ResolvedOrderGroup {
  if (!GROUP_NAME.test(group.name)) throw new TypeError(`plugin '${owner}': order group '${group.name}' must be kebab-case (e.g. "studio-sync")`);
  const jobTopic = group.jobTopic ?? defaultJobTopic(group.name);
  if (!JOB_TOPIC.test(jobTopic)) {
    throw new TypeError(`plugin '${owner}': job topic '${jobTopic}' of order group '${group.name}' is not an AYON topic without wildcards (letters, digits, '_', '.'; at most 65 characters)`);
  }
  const senderType = group.senderType ?? group.name;
  if (!SENDER_TYPE.test(senderType)) throw new TypeError(`plugin '${owner}': sender type '${senderType}' of order group '${group.name}' may only contain letters, digits, '_', '.' and '-'`);
  return Object.freeze({ name: group.name, jobTopic, senderType });
}

/** Declares a group once, for the plugins that share it to import. */
export function defineOrderGroup(group: OrderGroup): ResolvedOrderGroup {
  return resolveOrderGroup(group, group.name);
}
