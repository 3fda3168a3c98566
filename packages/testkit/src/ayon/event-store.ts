// The events table with the indexes enroll and the readers need:
//   id → event, hash → event (the UNIQUE index), creation order, topic → events in created_at order,
//   (topic, project) → events in created_at order (an enroll filtered on one project reads only its events),
//   and source id → target topic → target event (the enroll join).
// Enroll also keeps "done prefixes" here: per (source topic, target topic[, project]), how many of the oldest
// sources are known to have a finished target, so repeated enrolls do not rescan finished work.
import type { EventRecord } from "./types.js";

type NewEvent = Omit<EventRecord, "creationOrder">;

export class EventStore {
  private readonly byId = new Map<string, EventRecord>();
  private readonly byHash = new Map<string, EventRecord>();
  /** All events, creationOrder ascending. */
  private readonly ordered: EventRecord[] = [];
  /** Per topic, ordered by (createdAt, creationOrder): enroll's ORDER BY. */
  private readonly byTopic = new Map<string, EventRecord[]>();
  /** Per topic and project (events with a project only), ordered like byTopic. */
  private readonly byTopicProject = new Map<string, EventRecord[]>();
  /** Per topic, ordered by creation order: GraphQL paging over a topic. */
  private readonly byTopicOrder = new Map<string, EventRecord[]>();
  private readonly targets = new Map<string, Map<string, EventRecord>>();
  private readonly donePrefix = new Map<string, number>();
  private nextOrder = 1;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): EventRecord | undefined {
    return this.byId.get(id);
  }

  getByHash(hash: string): EventRecord | undefined {
    return this.byHash.get(hash);
  }

  /** Every event, oldest first (creation order). Do not mutate. */
  all(): readonly EventRecord[] {
    return this.ordered;
  }

  topics(): IterableIterator<string> {
    return this.byTopic.keys();
  }

  /** Events of one topic, ordered by created_at then creation order. Do not mutate. */
  ofTopic(topic: string): readonly EventRecord[] {
    return this.byTopic.get(topic) ?? [];
  }

  /** Events of one topic in one project, ordered like ofTopic. Do not mutate. */
  ofTopicInProject(topic: string, project: string): readonly EventRecord[] {
    return this.byTopicProject.get(topicProjectKey(topic, project)) ?? [];
  }

  /** Events of one topic in creation order. Do not mutate. */
  ofTopicByOrder(topic: string): readonly EventRecord[] {
    return this.byTopicOrder.get(topic) ?? [];
  }

  targetOf(sourceId: string, targetTopic: string): EventRecord | undefined {
    return this.targets.get(sourceId)?.get(targetTopic);
  }

  /** Whether any event depends on this one (whatever its topic). */
  hasDependents(id: string): boolean {
    return this.targets.has(id);
  }

  /** Inserts a new event; the caller has checked hash uniqueness. */
  insert(fields: NewEvent): EventRecord {
    if (this.byHash.has(fields.hash)) throw new Error(`duplicate event hash ${fields.hash}`);
    const record: EventRecord = { ...fields, creationOrder: this.nextOrder++ };
    this.byId.set(record.id, record);
    this.byHash.set(record.hash, record);
    this.ordered.push(record);
    this.addToTopic(record);
    this.addTarget(record);
    return record;
  }

  /**
   * Applies changes to an event, keeping every index right. `id`, `hash`, `topic` and `dependsOn`
   * may change (reuse overwrites rows); creationOrder never does.
   */
  update(record: EventRecord, changes: Partial<Omit<EventRecord, "creationOrder">>): void {
    const wasFinishedTarget = record.dependsOn !== null && record.status === "finished";
    const oldTopic = record.topic;
    const reindexTopic =
      (changes.topic !== undefined && changes.topic !== record.topic) ||
      (changes.project !== undefined && changes.project !== record.project) ||
      (changes.createdAt !== undefined && changes.createdAt !== record.createdAt);
    const reindexTarget =
      reindexTopic || (changes.dependsOn !== undefined && changes.dependsOn !== record.dependsOn);
    if (reindexTopic) this.removeFromTopic(record);
    if (reindexTarget) this.removeTarget(record);
    if (changes.id !== undefined && changes.id !== record.id) {
      this.byId.delete(record.id);
      this.byId.set(changes.id, record);
      // Targets that depended on the old id now point at nothing (the FK would have refused this).
      this.targets.delete(record.id);
    }
    if (changes.hash !== undefined && changes.hash !== record.hash) {
      this.byHash.delete(record.hash);
      this.byHash.set(changes.hash, record);
    }
    const senderTypeChanged = changes.senderType !== undefined && changes.senderType !== record.senderType;
    Object.assign(record, changes);
    if (reindexTopic) this.addToTopic(record);
    if (reindexTarget) this.addTarget(record);
    if (wasFinishedTarget && (record.status !== "finished" || reindexTarget)) {
      this.forgetPrefixes(oldTopic);
      this.forgetPrefixes(record.topic);
    }
    // A source left behind for its sender type may be in reach now.
    if (senderTypeChanged && !reindexTopic) this.forgetPrefixes(record.topic, 0);
  }

  delete(record: EventRecord): void {
    if (this.byId.get(record.id) !== record) return;
    this.byId.delete(record.id);
    this.byHash.delete(record.hash);
    const index = binarySearchOrder(this.ordered, record.creationOrder);
    if (index >= 0) this.ordered.splice(index, 1);
    this.removeFromTopic(record);
    this.removeTarget(record);
    if (record.dependsOn !== null) this.forgetPrefixes(record.topic);
  }

  /**
   * Enroll cache: index in `ofTopic(sourceTopic)` (or `ofTopicInProject(sourceTopic, project)`) below which
   * every source is out of enroll's reach: it has a finished target, or (per `ignored`, the request's sorted
   * ignoreSenderTypes joined) a sender type the request ignores.
   */
  getDonePrefix(sourceTopic: string, targetTopic: string, project: string | null = null, ignored = ""): number {
    return this.donePrefix.get(prefixKey(sourceTopic, targetTopic, project, ignored)) ?? 0;
  }

  setDonePrefix(sourceTopic: string, targetTopic: string, index: number, project: string | null = null, ignored = ""): void {
    this.donePrefix.set(prefixKey(sourceTopic, targetTopic, project, ignored), index);
  }

  private forgetPrefixes(topicPart: string, position: 0 | 1 = 1): void {
    for (const key of [...this.donePrefix.keys()]) {
      if (key.split("\u0000")[position] === topicPart) this.donePrefix.delete(key);
    }
  }

  private addToTopic(record: EventRecord): void {
    let byOrder = this.byTopicOrder.get(record.topic);
    if (!byOrder) this.byTopicOrder.set(record.topic, (byOrder = []));
    const newest = byOrder[byOrder.length - 1];
    // A new event is the newest of its topic: appended without a search.
    const at = !newest || newest.creationOrder < record.creationOrder ? byOrder.length : indexAfterOrder(byOrder, record.creationOrder);
    if (at === byOrder.length) byOrder.push(record);
    else byOrder.splice(at, 0, record);

    const lists = [listOf(this.byTopic, record.topic)];
    if (record.project !== null) lists.push(listOf(this.byTopicProject, topicProjectKey(record.topic, record.project)));
    let shifted = false;
    for (const list of lists) shifted = insertByCreated(list, record) || shifted;
    // Out-of-order created_at (an injected clock went backwards): positions shifted, prefixes are stale.
    if (shifted) this.forgetPrefixes(record.topic, 0);
  }

  private removeFromTopic(record: EventRecord): void {
    const byOrder = this.byTopicOrder.get(record.topic);
    if (byOrder) {
      const at = binarySearchOrder(byOrder, record.creationOrder);
      if (at >= 0 && byOrder[at] === record) byOrder.splice(at, 1);
      if (byOrder.length === 0) this.byTopicOrder.delete(record.topic);
    }
    const removed = removeFrom(this.byTopic, record.topic, record);
    if (record.project !== null) removeFrom(this.byTopicProject, topicProjectKey(record.topic, record.project), record);
    if (removed) this.forgetPrefixes(record.topic, 0);
  }

  private addTarget(record: EventRecord): void {
    if (record.dependsOn === null) return;
    let map = this.targets.get(record.dependsOn);
    if (!map) {
      map = new Map();
      this.targets.set(record.dependsOn, map);
    }
    // The hash (targetTopic, sourceId) is unique, so one target per topic in practice.
    if (!map.has(record.topic)) map.set(record.topic, record);
  }

  private removeTarget(record: EventRecord): void {
    if (record.dependsOn === null) return;
    const map = this.targets.get(record.dependsOn);
    if (map?.get(record.topic) === record) {
      map.delete(record.topic);
      if (map.size === 0) this.targets.delete(record.dependsOn);
    }
  }
}

function compareCreated(a: EventRecord, b: EventRecord): number {
  return a.createdAt - b.createdAt || a.creationOrder - b.creationOrder;
}

const topicProjectKey = (topic: string, project: string) => `${topic}\u0000${project}`;
// Source topic first, target topic second: forgetPrefixes matches on those positions.
const prefixKey = (source: string, target: string, project: string | null, ignored: string) =>
  `${source}\u0000${target}\u0000${project ?? ""}\u0000${ignored}`;

function listOf(lists: Map<string, EventRecord[]>, key: string): EventRecord[] {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = []));
  return list;
}

/** Inserts in (created_at, creation order) order; true when it went before others (their positions shifted). */
function insertByCreated(list: EventRecord[], record: EventRecord): boolean {
  const last = list[list.length - 1];
  if (!last || compareCreated(last, record) < 0) {
    list.push(record);
    return false;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCreated(list[mid]!, record) < 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, record);
  return true;
}

function removeFrom(lists: Map<string, EventRecord[]>, key: string, record: EventRecord): boolean {
  const list = lists.get(key);
  const index = list ? list.indexOf(record) : -1;
  if (!list || index < 0) return false;
  list.splice(index, 1);
  if (list.length === 0) lists.delete(key);
  return true;
}

export function binarySearchOrder(list: readonly { creationOrder: number }[], order: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = list[mid]!.creationOrder;
    if (value === order) return mid;
    if (value < order) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** First index whose creationOrder is greater than `order` (list ascending). */
export function indexAfterOrder(list: readonly { creationOrder: number }[], order: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.creationOrder <= order) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
