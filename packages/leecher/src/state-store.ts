/**
 * The leecher's state lives in AYON, not on disk (no local state that matters).
 *
 * Why a dedicated state event rather than reading the newest dispatched events back (the Python leecher's
 * way): events of different projects are dispatched in parallel and gaps fill late, so "the newest
 * `sg_event_id`" is not a safe restart point — an older id may still be open. The state event holds the exact
 * cursor (scanned position and open holes) plus the projects already backfilled. It has a fixed hash per
 * ShotGrid site, so two sites never share a cursor and a second leecher start finds the same event; it is
 * rewritten with PATCH, at most every few seconds (a restart re-reads a safety window below it anyway).
 *
 * Without a state event, the newest `shotgrid.event`s still tell where a previous leecher stopped: ours carry
 * `summary.sg_site`, the Python addon's carry only `summary.sg_event_id` (ynput/ayon-shotgrid
 * services/leecher/leecher/listener.py), and its earliest versions put the id in the hash.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { AyonClient, EventNode } from "@ayon-sg/core";
import type { CursorSnapshot } from "./cursor.js";
import { EVENT_TOPIC } from "./event-requests.js";

export const STATE_TOPIC = "shotgrid.leecher.state";

export interface LeecherState {
  cursor: CursorSnapshot;
  /** Never re-read below this id (the first start's position, or where the Python addon stopped). */
  floor: number;
  /** Projects already being leeched (full sync requested or inherited): ShotGrid id → AYON project name. */
  linked: Map<number, string>;
}

/** Where a previous leecher stopped, read from dispatched `shotgrid.event`s. */
export interface EventTrail {
  lastEventId: number;
  /** true when the events are this leecher's own (same hashes): a safety window may be re-read. */
  ours: boolean;
}

const storedStateSchema = z.object({
  version: z.literal(1),
  sg_site: z.string(),
  scanned: z.number().int().min(0),
  holes: z.array(z.number().int().min(1)).max(100_000),
  floor: z.number().int().min(0),
  linked: z.record(z.string().regex(/^\d+$/), z.string().min(1)),
});

export type StateClient = Pick<AyonClient, "queryEvents" | "dispatchEvent" | "updateEvent">;

export class StateStore {
  readonly hash: string;
  #eventId: string | null = null;

  constructor(
    private readonly ayon: StateClient,
    private readonly site: string,
  ) {
    this.hash = createHash("sha256").update(JSON.stringify([STATE_TOPIC, site])).digest("hex");
  }

  /** The saved state; null when there is none. Throws a clear error when it exists but cannot be read. */
  async load(): Promise<LeecherState | null> {
    const node = await this.#find();
    if (!node) return null;
    this.#eventId = node.id;
    const parsed = storedStateSchema.safeParse(node.payload);
    if (!parsed.success || parsed.data.sg_site !== this.site) {
      const where = parsed.success ? "sg_site" : parsed.error.issues.map((i) => i.path.join(".") || "(payload)").join(", ");
      throw new CorruptStateError(`the leecher state event ${node.id} cannot be read (${where})`);
    }
    const data = parsed.data;
    return {
      cursor: { scanned: data.scanned, holes: [...data.holes].filter((id) => id <= data.scanned).sort((a, b) => a - b) },
      floor: data.floor,
      linked: new Map(Object.entries(data.linked).map(([id, name]) => [Number(id), name])),
    };
  }

  /** Writes the state: creates the event the first time, PATCHes it afterwards. */
  async save(state: LeecherState): Promise<void> {
    const lowWater = state.cursor.holes.length > 0 ? state.cursor.holes[0]! - 1 : state.cursor.scanned;
    const body = {
      description: `ShotGrid leecher cursor for ${this.site}: every EventLogEntry up to ${lowWater} is handled`,
      summary: { sg_site: this.site, low_water: lowWater, scanned: state.cursor.scanned, open_holes: state.cursor.holes.length },
      payload: {
        version: 1,
        sg_site: this.site,
        scanned: state.cursor.scanned,
        holes: state.cursor.holes,
        floor: state.floor,
        linked: Object.fromEntries([...state.linked].map(([id, name]) => [String(id), name])),
      },
    };
    if (this.#eventId === null) {
      const result = await this.ayon.dispatchEvent({ topic: STATE_TOPIC, hash: this.hash, finished: true, ...body });
      if (!result.alreadyExists) {
        this.#eventId = result.id;
        return;
      }
      // Someone (an earlier attempt whose answer was lost) created it: find it and overwrite.
      const node = await this.#find();
      if (!node) throw new Error("the leecher state event exists (409) but cannot be found");
      this.#eventId = node.id;
    }
    await this.ayon.updateEvent(this.#eventId, body);
  }

  /** The newest ShotGrid event id a previous leecher (ours or the Python addon's) dispatched for this site. */
  async lastDispatched(): Promise<EventTrail | null> {
    const page = await this.ayon.queryEvents({ topics: [EVENT_TOPIC], last: 100, withPayload: false });
    let best: EventTrail | null = null;
    for (const node of page.events) {
      const found = trailOf(node, this.site);
      if (found && (!best || found.lastEventId > best.lastEventId)) best = found;
    }
    return best;
  }

  async #find(): Promise<EventNode | null> {
    // One state event per site under its own topic: the newest 100 hold it unless a hundred sites share AYON.
    const result = await this.ayon.queryEvents({ topics: [STATE_TOPIC], last: 100 });
    return result.events.find((e) => e.hash === this.hash) ?? null;
  }
}

export class CorruptStateError extends Error {
  override readonly name = "CorruptStateError";
}

function trailOf(node: EventNode, site: string): EventTrail | null {
  const summary = node.summary ?? {};
  const id = summary.sg_event_id;
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) {
    const eventSite = summary.sg_site;
    if (eventSite === undefined) return { lastEventId: id, ours: false };
    return eventSite === site ? { lastEventId: id, ours: true } : null;
  }
  // The earliest Python leecher used the raw ShotGrid id as the hash (ynput/ayon-shotgrid
  // services/leecher/leecher/listener.py still reads it).
  if (/^\d{1,15}$/.test(node.hash)) return { lastEventId: Number(node.hash), ours: false };
  return null;
}
