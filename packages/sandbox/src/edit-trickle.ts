/**
 * The slow stream of ShotGrid edits the sandbox makes after the import, as a person in ShotGrid would make
 * them (so they land in the event log and the leecher picks them up): new shots with a task, new assets,
 * renames, shots moved to another sequence, retirements and revivals. Deterministic for a seed.
 */
import type { GeneratedShotgridProject, ShotgridStore, ShotgridUserRef } from "@ayon-sg/testkit";
import { SeededChoice } from "./seeded-choice.js";

export type EditKind = "create-shot" | "create-asset" | "rename" | "move" | "retire" | "revive";

export interface LiveEdit {
  kind: EditKind;
  /** One line for the terminal: what was done, in ShotGrid's words. */
  text: string;
}

interface Entity {
  type: "Shot" | "Asset";
  id: number;
  code: string;
}

type Ref = { type: string; id: number };

/** Relative weights; a kind that has nothing to act on (no retired entity to revive) is skipped. */
const WEIGHTS: Array<[EditKind, number]> = [
  ["rename", 30],
  ["move", 20],
  ["create-shot", 15],
  ["create-asset", 10],
  ["retire", 15],
  ["revive", 10],
];

export class EditTrickle {
  private readonly live: Entity[] = [];
  private readonly retired: Entity[] = [];
  private readonly sequences: Array<{ id: number; code: string }>;
  private readonly categories: string[];
  private readonly project: Ref;
  private readonly shotStep: { id: number; short_name: string } | null;
  private readonly assetStep: { id: number; short_name: string } | null;
  private readonly choose: SeededChoice;
  private created = 0;
  private count = 0;

  constructor(
    private readonly store: ShotgridStore,
    generated: GeneratedShotgridProject,
    private readonly artist: ShotgridUserRef,
    seed: number,
  ) {
    const { tree } = generated;
    this.project = { type: "Project", id: generated.projectId };
    for (const shot of tree.shots) this.live.push({ type: "Shot", id: shot.id, code: shot.code });
    for (const asset of tree.assets) this.live.push({ type: "Asset", id: asset.id, code: asset.code });
    this.sequences = tree.sequences.map((s) => ({ id: s.id, code: s.code }));
    this.categories = [...new Set(tree.assets.map((a) => a.category))];
    if (this.categories.length === 0) this.categories.push("Prop");
    this.shotStep = tree.steps.find((s) => s.entity_type === "Shot") ?? null;
    this.assetStep = tree.steps.find((s) => s.entity_type === "Asset") ?? null;
    this.choose = new SeededChoice(seed);
  }

  /** Edits made so far. */
  get made(): number {
    return this.count;
  }

  /** Makes one edit in ShotGrid and says what it was. */
  next(): LiveEdit {
    const possible = WEIGHTS.filter(([kind]) => this.canDo(kind));
    const kind = this.choose.weighted(possible);
    this.count += 1;
    return { kind, text: this.apply(kind) };
  }

  private canDo(kind: EditKind): boolean {
    switch (kind) {
      case "rename":
      case "retire":
        return this.live.length > 0;
      case "move":
        return this.sequences.length > 1 && this.live.some((e) => e.type === "Shot");
      case "create-shot":
        return this.sequences.length > 0;
      case "create-asset":
        return true;
      case "revive":
        return this.retired.length > 0;
    }
  }

  private apply(kind: EditKind): string {
    const as = { as: this.artist };
    switch (kind) {
      case "rename": {
        const entity = this.choose.pick(this.live);
        const code = `${entity.code.replace(/_v\d+$/, "")}_v${this.count}`;
        this.store.update(entity.type, entity.id, { code }, as);
        const before = entity.code;
        entity.code = code;
        return `renamed ${entity.type} ${before} → ${code}`;
      }
      case "move": {
        const shot = this.choose.pick(this.live.filter((e) => e.type === "Shot"));
        const current = this.store.findOne("Shot", shot.id, { fields: ["sg_sequence"] })?.sg_sequence as Ref | null;
        const target = this.choose.pick(this.sequences.filter((s) => s.id !== current?.id));
        this.store.update("Shot", shot.id, { sg_sequence: { type: "Sequence", id: target.id } }, as);
        return `moved Shot ${shot.code} to Sequence ${target.code}`;
      }
      case "create-shot": {
        const sequence = this.choose.pick(this.sequences);
        this.created += 1;
        const code = `${sequence.code.replace(/[^A-Za-z0-9]+/g, "") || "sq"}_new${String(this.created).padStart(3, "0")}`;
        const shot = this.store.create("Shot", { project: this.project, code, sg_sequence: { type: "Sequence", id: sequence.id } }, as);
        this.live.push({ type: "Shot", id: shot.id as number, code });
        const task = this.addTask({ type: "Shot", id: shot.id as number }, this.shotStep);
        return `created Shot ${code} in Sequence ${sequence.code}${task ? ` with task ${task}` : ""}`;
      }
      case "create-asset": {
        const category = this.choose.pick(this.categories);
        this.created += 1;
        const code = `${category.toLowerCase().replace(/[^a-z0-9]+/g, "")}_new${String(this.created).padStart(3, "0")}`;
        const asset = this.store.create("Asset", { project: this.project, code, sg_asset_type: category }, as);
        this.live.push({ type: "Asset", id: asset.id as number, code });
        const task = this.addTask({ type: "Asset", id: asset.id as number }, this.assetStep);
        return `created Asset ${code} (${category})${task ? ` with task ${task}` : ""}`;
      }
      case "retire": {
        const entity = this.live.splice(this.choose.index(this.live.length), 1)[0]!;
        this.store.retire(entity.type, entity.id, as);
        this.retired.push(entity);
        return `retired ${entity.type} ${entity.code} (and its tasks)`;
      }
      case "revive": {
        const entity = this.retired.splice(this.choose.index(this.retired.length), 1)[0]!;
        this.store.revive(entity.type, entity.id, as);
        this.live.push(entity);
        return `revived ${entity.type} ${entity.code} (and its tasks)`;
      }
    }
  }

  private addTask(entity: Ref, step: { id: number; short_name: string } | null): string | null {
    if (!step) return null;
    this.store.create("Task", { project: this.project, content: step.short_name, entity, step: { type: "Step", id: step.id } }, { as: this.artist });
    return step.short_name;
  }
}
