/**
 * Action `shotgrid-event`: one ShotGrid EventLogEntry, dispatched by the leecher, applied to AYON (README.md).
 * Thin: it checks the payload and the project, asks the domain what the event means (event-intent.ts) and
 * reconciles the entity (@ayon-sg/shotgrid, sync/incremental/). Every decision re-reads ShotGrid, so a replayed
 * or late event is harmless.
 */
import {
  AddonSettings, AyonClient, Handler, HandlerError, PluginConfig, z,
  type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome,
} from "@ayon-sg/core";
import {
  describeReport, inPlaceKeys, intentOf, NotInPlaceError, planWaves, readEntities, reconcileEntity, settingsAreFinal, syncProjectFields, ShotgridClient, WaveReader, WaveWriteBacks, WaveWriter,
  type EntityIntent, type ProjectContext, type ReadEntity, type WaveReadSeat, type WaveSeat, type WaveWriteBackSeat,
} from "@ayon-sg/shotgrid";
import { parseUpdateEvent, UPDATE_ACTION } from "./event-payload.js";
import { UpdateContexts } from "./project-contexts.js";

export const UPDATE_TOPIC = "shotgrid.event";

export const updateConfigSchema = z
  .object({
    /** How long a project's settings, anatomy, navchains and Steps are reused between events. */
    contextTtlSeconds: z.number().min(0).max(3600).default(15),
  })
  .strict();

export type UpdateConfig = z.infer<typeof updateConfigSchema>;

/** Events of one project taken together (core's `batch` option): their ShotGrid reads go out at once, and changes
 * that cannot interfere are reconciled side by side (sync/incremental/batch-waves.ts). */
export const UPDATE_BATCH = 25;

/** An event checked and understood, with the entity to reconcile; or already answered. */
type Prepared =
  | { kind: "answer"; outcome: HandlerOutcome }
  | {
      kind: "entity"; project: string; sgEventId: number; label: string; context: ProjectContext; intent: EntityIntent; cache: ContextCache;
      /** The event's `old_value` (what a rename gave up). */
      previousName: unknown;
    };

type ContextCache = ReturnType<UpdateContexts["cacheFor"]>;

@Handler({
  topic: UPDATE_TOPIC,
  action: UPDATE_ACTION,
  batch: UPDATE_BATCH,
  description: "ShotGrid → AYON live updates: New, Change, Retirement and Revival of Episodes, Sequences, Shots, Assets, Tasks",
})
export class UpdateFromShotgridHandler implements EventHandler {
  constructor(
    private readonly ayon: AyonClient,
    private readonly sg: ShotgridClient,
    private readonly settings: AddonSettings,
    private readonly config: PluginConfig<UpdateConfig>,
    private readonly contexts: UpdateContexts,
  ) {}

  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const prepared = await this.prepare(event, ctx);
    return prepared.kind === "answer" ? prepared.outcome : this.reconcile(prepared, ctx);
  }

  /**
   * The same as `handle` for each event in turn, faster: the events are checked in order, their entities read
   * from ShotGrid at once, and reconciled in waves (batch-waves.ts) — side by side where one by one would give
   * the same result. A wave's AYON lookups share one GraphQL request and its writes one operations transaction
   * (wave-reader.ts, wave-writer.ts), each update keeping its own answer and outcome.
   */
  async handleBatch(events: readonly AyonEvent[], ctx: HandlerContext): Promise<Array<PromiseSettledResult<HandlerOutcome>>> {
    const results: Array<PromiseSettledResult<HandlerOutcome>> = [];
    const work: Array<{ index: number; prepared: Extract<Prepared, { kind: "entity" }>; read?: ReadEntity | null }> = [];
    for (const [index, event] of events.entries()) {
      try {
        const prepared = await this.prepare(event, ctx);
        if (prepared.kind === "answer") results[index] = { status: "fulfilled", value: prepared.outcome };
        else work.push({ index, prepared });
      } catch (error) {
        results[index] = { status: "rejected", reason: error };
      }
    }
    // One search per entity type for the events that share a project context (all of a batch, unless the
    // project's settings were reloaded in it). A failed read is left to the reconcile, which reads again.
    const byContext = new Map<ProjectContext, typeof work>();
    for (const item of work) {
      const same = byContext.get(item.prepared.context);
      if (same) same.push(item);
      else byContext.set(item.prepared.context, [item]);
    }
    await Promise.all(
      [...byContext].map(async ([context, items]) => {
        const requests = items.map(({ prepared: { intent } }) => ({ ref: intent.ref, expect: intent.expect }));
        const reads = await readEntities(this.sg, requests, { navchains: context.navchains, enabledTypes: context.enabledTypes, fieldMap: context.fieldMap });
        items.forEach((item, i) => (item.read = reads[i]));
      }),
    );
    const items = work.map((w) => ({ intent: w.prepared.intent, read: w.read, navchains: w.prepared.context.navchains, folderLayout: w.prepared.context.mapping.folderLayout, previousName: w.prepared.previousName }));
    const waves = planWaves(items);
    const settle = (item: (typeof work)[number], read: ReadEntity | null | undefined, inPlaceOnly: boolean, wave?: WaveSeats) =>
      this.reconcile(item.prepared, ctx, read, inPlaceOnly, wave).then(
        (value) => ({ status: "fulfilled", value }) as const,
        (reason: unknown) => ({ status: "rejected", reason }) as const,
      );
    for (const [w, wave] of waves.entries()) {
      // The reads stand in for the first wave's own: nothing has written since. Later waves read again, as one by
      // one would after the events before them (which may have created, moved or linked these very entities).
      const fresh = (i: number) => (w === 0 ? work[i]!.read : undefined);
      // An in-place update that turns out to need more than its own entity stops before writing anything and runs
      // alone right after its wave, in queue order.
      const alone: number[] = [];
      // The wave's AYON lookups go out as one request, its writes as one transaction (each falling back to its own
      // when AYON refuses it), its ShotGrid write-backs as one `_batch`.
      const seats = wave.length > 1 ? waveSeats(this.ayon, this.sg, wave.length) : () => undefined;
      await Promise.all(
        wave.map(async (i) => {
          const result = await settle(work[i]!, fresh(i), inPlaceKeys(items[i]!) !== null, seats());
          if (result.status === "rejected" && result.reason instanceof NotInPlaceError) alone.push(i);
          else results[work[i]!.index] = result;
        }),
      );
      for (const i of alone.sort((a, b) => a - b)) results[work[i]!.index] = await settle(work[i]!, undefined, false);
    }
    return results;
  }

  /** Checks the payload and the project, and asks the domain what the event means. */
  private async prepare(event: AyonEvent, ctx: HandlerContext): Promise<Prepared> {
    const { project, entry } = parseUpdateEvent(event);
    const ttlMs = (this.config.value?.contextTtlSeconds ?? 15) * 1000;
    const cache = this.contexts.cacheFor({ ayon: this.ayon, sg: this.sg, settings: this.settings }, ttlMs);
    let loaded = await cache.get(project).catch(settingsAreFinal);
    if (!loaded.ok) return answer(ctx.skip(loaded.reason));
    let context = loaded.context;
    const label = `EventLogEntry ${entry.id} (${entry.eventType}${entry.attributeName ? `.${entry.attributeName}` : ""})`;

    const intent = intentOf(entry, {
      navchains: context.navchains,
      enabledTypes: context.enabledTypes,
      projectCodeField: context.settings.shotgrid_project_code_field,
      fieldMap: context.fieldMap,
    });
    if (intent.kind === "project") {
      // The Project changed (navchains, auto-sync, names): reload what this handler keeps of it.
      cache.invalidate(project);
      loaded = await cache.get(project).catch(settingsAreFinal);
      if (!loaded.ok) return answer(ctx.skip(loaded.reason));
      context = loaded.context;
    }
    const refusal = projectRefusal(context, entry.project?.id ?? (intent.kind === "project" ? intent.sgProjectId : null));
    if (refusal) return answer(ctx.skip(refusal));
    if (intent.kind === "skip") return answer(ctx.skip(`${label}: ${intent.reason}`));
    if (intent.kind === "project") {
      // Its mapped fields (attributes mapped for Project, its tags) follow at once; the rest is read from the reloaded context.
      const fields = await syncProjectFields(this.ayon, context);
      if (fields.changed.length > 0) cache.invalidate(project);
      const written = fields.changed.length > 0 ? `; AYON project updated (${fields.changed.join(", ")})` : "";
      return answer(ctx.done(`${label}: ${intent.why}; project settings reloaded (navchains, auto-sync, code)${written}`));
    }
    return { kind: "entity", project, sgEventId: entry.id, label, context, intent, cache, previousName: entry.meta.old_value };
  }

  /** Reconciles the event's entity (read already, in a batch) and describes what happened. */
  private async reconcile(
    prepared: Extract<Prepared, { kind: "entity" }>, ctx: HandlerContext, read?: ReadEntity | null, inPlaceOnly = false, wave?: WaveSeats,
  ): Promise<HandlerOutcome> {
    const { project, sgEventId, label, context, intent, cache } = prepared;
    ctx.progress(10, `${intent.why}: reconciling ${intent.ref.type} ${intent.ref.id}`);
    const report = await reconcileEntity(
      { ayon: this.ayon, sg: this.sg, logger: ctx.logger, context, signal: ctx.signal, onAnatomyChanged: () => cache.invalidate(project), inPlaceOnly, ...(wave ? { wave: wave.write, waveRead: wave.read, waveWriteBack: wave.writeBack } : {}) },
      { ...intent, ...(read !== undefined ? { read } : {}) },
    );
    const description = `${label}: ${describeReport(report)}`;
    if (report.failures.some((f) => /foreign-key|not present in table/i.test(f.reason))) {
      // AYON's anatomy changed under the cached context: reload it and let the runtime run the event again.
      cache.invalidate(project);
      throw new HandlerError(`${description} (the project anatomy changed meanwhile; retrying)`, { retryable: true });
    }
    if (report.change === "failed") throw new HandlerError(description, { retryable: false });
    if (report.change === "skipped") return ctx.skip(description);
    // The entity is in another ShotGrid project and this AYON project had nothing of it (project-guard.ts).
    if (report.foreignProject.length > 0 && report.change === "absent") return ctx.skip(description);
    const { entities, failures, ayonOperations, shotgridWrites, unknownAssignees } = report;
    const summary = { sg_event_id: sgEventId, entities, failures, ayonOperations, shotgridWrites };
    return ctx.done(description, unknownAssignees.length > 0 ? { ...summary, unknownAssignees } : summary);
  }
}

/** One update's seats in its wave: its AYON lookup, its AYON write and its ShotGrid write-backs go with the wave's. */
interface WaveSeats {
  write: WaveSeat;
  read: WaveReadSeat;
  writeBack: WaveWriteBackSeat;
}

/** Seats for the `size` updates of one wave, one set per call. */
function waveSeats(ayon: AyonClient, sg: ShotgridClient, size: number): () => WaveSeats {
  const writer = new WaveWriter(ayon, size);
  const reader = new WaveReader(ayon, size);
  const writeBacks = new WaveWriteBacks(sg, size);
  return () => ({ write: writer.seat(), read: reader.seat(), writeBack: writeBacks.seat() });
}

function answer(outcome: HandlerOutcome): Prepared {
  return { kind: "answer", outcome };
}

/** Why this project's events are not applied: auto-sync off, or the event names another ShotGrid project. */
function projectRefusal(context: ProjectContext, eventProjectId: number | null): string | null {
  const sgProject = context.sgProject;
  if (!sgProject.autoSync) {
    return `auto-sync is off for ShotGrid project ${sgProject.id} (sg_ayon_auto_sync), so its events are not applied to ${context.ayonProjectName}`;
  }
  if (eventProjectId !== null && eventProjectId !== sgProject.id) {
    return `the event belongs to ShotGrid project ${eventProjectId}, but AYON project ${context.ayonProjectName} is linked to ShotGrid project ${sgProject.id}`;
  }
  return null;
}

