/**
 * AYON → ShotGrid live updates: AYON's own `entity.folder.*` / `entity.task.*` events, pushed to the linked
 * ShotGrid project (README.md). Thin: it checks the project (linked, `shotgridPush` on), asks the domain what the
 * event means (@ayon-sg/shotgrid push/ayon-change.ts) and pushes the entity's current state (push/push-entity.ts).
 *
 * Loop prevention: AYON events of our own ShotGrid → AYON writes carry the order group's sender type, which this
 * handler's route does not enroll (`ignoreSenderTypes`); our ShotGrid writes are made by the leecher's own
 * ApiUser, whose events the leecher does not dispatch. And every push writes only the fields that differ, so an
 * echo that got through would still write nothing.
 */
import {
  AddonSettings, AyonClient, Handler, HandlerError, PluginConfig, z,
  type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome,
} from "@ayon-sg/core";
import {
  ATTRIB_SHOTGRID_PUSH, PUSH_TOPICS, pushBatch, pushIntentOf, PushRefusedError, settingsAreFinal, SHOTGRID_ORDER_GROUP, ShotgridClient, ShotgridHttpError,
  type ProjectContext, type PushableIntent, type PushReport,
} from "@ayon-sg/shotgrid";
import { PushContexts } from "./push-contexts.js";

export const pushConfigSchema = z
  .object({
    /** How long a project's settings, anatomy, navchains, Steps and the site's schemas are reused between events. */
    contextTtlSeconds: z.number().min(0).max(3600).default(15),
    /** Requests per ShotGrid `_batch` of the full AYON → ShotGrid sync (`sync-from-ayon`). */
    shotgridBatchSize: z.number().int().min(1).max(500).default(200),
  })
  .strict();

export type PushConfig = z.infer<typeof pushConfigSchema>;

/** How long a project context and the site's schemas are reused (the config's `contextTtlSeconds`), in ms. */
export function contextTtlMs(config: PluginConfig<PushConfig>): number {
  return (config.value?.contextTtlSeconds ?? 15) * 1000;
}

/**
 * Events of one project taken together (core's `batch` option): their entities are read from AYON in one request and
 * from ShotGrid in one search per type, their writes go in one `_batch` per level of parents and their links back to
 * AYON in one operations request (@ayon-sg/shotgrid push/push-batch.ts).
 */
export const PUSH_BATCH = 50;

/** An event checked, with what the push needs; or already answered. */
type Prepared = { kind: "answer"; outcome: HandlerOutcome } | { kind: "push"; event: AyonEvent; intent: PushableIntent; context: ProjectContext };

@Handler({
  topic: PUSH_TOPICS,
  ignoreSenderTypes: [SHOTGRID_ORDER_GROUP.senderType],
  batch: PUSH_BATCH,
  description: "AYON → ShotGrid live updates: folders and tasks created, renamed, re-statused, re-tagged, re-assigned and deleted in AYON",
})
export class UpdateFromAyonHandler implements EventHandler {
  constructor(
    private readonly ayon: AyonClient,
    private readonly sg: ShotgridClient,
    private readonly settings: AddonSettings,
    private readonly config: PluginConfig<PushConfig>,
    private readonly contexts: PushContexts,
  ) {}

  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const [result] = await this.handleBatch([event], ctx);
    if (result!.status === "rejected") throw result!.reason;
    return result!.value;
  }

  /**
   * The events in queue order, pushed together: each is checked (project linked, push on), then those of one
   * project context go to ShotGrid as one batch (push-batch.ts). Each keeps its own outcome: done with what was
   * written, skipped with the reason, or failed with one sentence — a write ShotGrid refuses fails its own event only.
   */
  async handleBatch(events: readonly AyonEvent[], ctx: HandlerContext): Promise<Array<PromiseSettledResult<HandlerOutcome>>> {
    const results: Array<PromiseSettledResult<HandlerOutcome>> = [];
    const byContext = new Map<ProjectContext, Array<{ index: number; prepared: Extract<Prepared, { kind: "push" }> }>>();
    for (const [index, event] of events.entries()) {
      try {
        const prepared = await this.prepare(event, ctx);
        if (prepared.kind === "answer") results[index] = { status: "fulfilled", value: prepared.outcome };
        else {
          const same = byContext.get(prepared.context) ?? byContext.set(prepared.context, []).get(prepared.context)!;
          same.push({ index, prepared });
        }
      } catch (error) {
        results[index] = { status: "rejected", reason: error };
      }
    }
    const site = this.contexts.siteFor(this.#deps(), contextTtlMs(this.config));
    for (const [context, items] of byContext) {
      ctx.progress(10, `pushing ${items.length} AYON change(s) of ${context.ayonProjectName} to ShotGrid`);
      let pushed: Array<PromiseSettledResult<PushReport>>;
      try {
        pushed = await pushBatch({ ayon: this.ayon, sg: this.sg, logger: ctx.logger, context, site }, items.map((item) => item.prepared.intent));
      } catch (error) {
        // A read failed (AYON or ShotGrid out of reach): every event of the batch meets it, as each would alone.
        pushed = items.map(() => ({ status: "rejected", reason: error }));
      }
      items.forEach(({ index, prepared }, i) => {
        const result = pushed[i]!;
        results[index] = result.status === "fulfilled"
          ? { status: "fulfilled", value: outcomeOf(prepared.intent, result.value, ctx) }
          : { status: "rejected", reason: failureOf(prepared, result.reason) };
      });
    }
    return results;
  }

  /** Checks the event and its project (linked, `shotgridPush` on), and asks the domain what the event means. */
  private async prepare(event: AyonEvent, ctx: HandlerContext): Promise<Prepared> {
    const intent = pushIntentOf(event);
    if (intent.kind === "skip") return answer(ctx.skip(intent.reason));
    const project = event.project;
    if (!project) return answer(ctx.skip(`the event names no project`));
    const loaded = await this.contexts.cacheFor(this.#deps(), contextTtlMs(this.config)).get(project).catch(settingsAreFinal);
    if (!loaded.ok) return answer(ctx.skip(loaded.reason));
    const { context } = loaded;
    if (context.ayonProject.attrib?.[ATTRIB_SHOTGRID_PUSH] !== true) {
      return answer(ctx.skip(`pushing to ShotGrid is off for AYON project ${project} (its ${ATTRIB_SHOTGRID_PUSH} attribute)`));
    }
    return { kind: "push", event, intent, context };
  }

  #deps() {
    return { ayon: this.ayon, sg: this.sg, settings: this.settings };
  }
}

function answer(outcome: HandlerOutcome): Prepared {
  return { kind: "answer", outcome };
}

function outcomeOf(intent: PushableIntent, report: PushReport, ctx: HandlerContext): HandlerOutcome {
  const description = describePush(intent.entity, intent.id, report);
  return report.change === "skipped" ? ctx.skip(description) : ctx.done(description, report);
}

/** ShotGrid refusing the values (a name, a list value) gives the same answer next time: fail for good, saying why. */
function failureOf(prepared: { event: AyonEvent; intent: PushableIntent }, error: unknown): unknown {
  const refused = error instanceof PushRefusedError || (error instanceof ShotgridHttpError && error.status === 400);
  if (!refused) return error;
  return new HandlerError(`ShotGrid refused the push of ${prepared.event.topic} ${prepared.intent.id}: ${(error as Error).message}`, { retryable: false, cause: error });
}

function describePush(entity: string, id: string, report: PushReport): string {
  const target = report.shotgrid ? `ShotGrid ${report.shotgrid.type} ${report.shotgrid.id}` : "ShotGrid";
  const notes = report.notes.length > 0 ? `; ${report.notes.join("; ")}` : "";
  switch (report.change) {
    case "skipped":
      return report.notes.join("; ") || `AYON ${entity} ${id}: nothing to push`;
    case "unchanged":
      return `AYON ${entity} ${id}: ${target} already in line${notes}`;
    case "retired":
      return `AYON ${entity} ${id} deleted: ${target} retired${notes}`;
    default:
      return `AYON ${entity} ${id}: ${target} ${report.change} (${report.fields.join(", ") || "no field"})${notes}`;
  }
}
