// A scripted, deterministic series of ShotGrid edits for Must-show 2: creates, renames (some onto a sibling's
// name), moves (Shots between Sequences, Sequences between Episodes and to the root, Assets between categories,
// Tasks between Shots), Step changes, retirements and revivals, across Episodes, Sequences, Shots, Assets and
// Tasks. Each edit is one ShotGrid write made as an artist; the same seed gives the same edits.
import { SeededRandom, type GeneratedShotgridProject, type ShotgridStore, type ShotgridUserRef } from "@ayon-sg/testkit";

type Kind = "Episode" | "Sequence" | "Shot" | "Asset" | "Task";
type Edit = (i: number) => string | null;

const CATEGORIES = ["Character", "Prop", "Environment", "Vehicle"];

export class EditScript {
  readonly log: string[] = [];
  readonly #store: ShotgridStore;
  readonly #as: { as: ShotgridUserRef };
  readonly #project: { type: "Project"; id: number };
  readonly #random: () => number;
  readonly #steps: { Shot: number[]; Asset: number[] };
  /** Entities this script retired itself (only those are revived: a Task retired with its Shot comes back with it). */
  readonly #retired: Array<{ type: Kind; id: number }> = [];
  readonly #weighted: Array<[number, Edit]>;

  constructor(store: ShotgridStore, as: { as: ShotgridUserRef }, generated: GeneratedShotgridProject, seed = 20_261_126) {
    this.#store = store;
    this.#as = as;
    this.#project = { type: "Project", id: generated.projectId };
    const random = new SeededRandom(seed);
    this.#random = () => random.next();
    this.#steps = {
      Shot: generated.tree.steps.filter((s) => s.entity_type === "Shot").map((s) => s.id),
      Asset: generated.tree.steps.filter((s) => s.entity_type === "Asset").map((s) => s.id),
    };
    this.#weighted = [
      [10, (i) => this.#createShot(i)], [10, (i) => this.#createTask(i)], [4, (i) => this.#createAsset(i)], [3, (i) => this.#createSequence(i)],
      [1, (i) => this.#createEpisode(i)],
      [12, (i) => this.#rename(i)], [8, () => this.#moveShot()], [3, () => this.#moveSequence()], [4, () => this.#moveAsset()], [4, () => this.#moveTask()],
      [3, () => this.#changeStep()],
      [12, () => this.#retire()], [9, () => this.#revive()],
    ];
  }

  /** Runs `count` edits, `chunk` at a time with `pauseMs` between chunks (so the sync works while edits go on). */
  async run(count: number, chunk: number, pauseMs: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      this.log.push(`${i}: ${this.#one(i)}`);
      if ((i + 1) % chunk === 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }

  /** How many edits of each kind ran ("rename Shot": 7, ...). */
  kinds(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const line of this.log) {
      const kind = /^\d+: (\w+) (\w+)/.exec(line);
      const name = kind ? (kind[1] === "step" ? "step change" : `${kind[1]} ${kind[2]}`) : "?";
      out[name] = (out[name] ?? 0) + 1;
    }
    return out;
  }

  #one(i: number): string {
    const total = this.#weighted.reduce((n, [w]) => n + w, 0);
    let pick = this.#random() * total;
    for (const [weight, edit] of this.#weighted) {
      pick -= weight;
      if (pick < 0) return edit(i) ?? (this.#createShot(i) as string);
    }
    return this.#createShot(i) as string;
  }

  #pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.#random() * items.length)];
  }

  #live(type: Kind, fields: string[] = []): Array<{ id: number } & Record<string, unknown>> {
    return this.#store.find(type, [["project", "is", this.#project]], { fields: ["code", "content", ...fields], sort: "id" });
  }

  #createShot(i: number): string | null {
    const seq = this.#pick(this.#live("Sequence"));
    if (!seq) return this.#createSequence(i);
    const shot = this.#store.create("Shot", { project: this.#project, code: `${String(seq.code)}_sh${i}`, sg_sequence: { type: "Sequence", id: seq.id } }, this.#as);
    return `create Shot ${shot.id}`;
  }

  #createTask(i: number): string | null {
    const owners = [...this.#live("Shot"), ...this.#live("Asset")];
    const owner = this.#pick(owners) as ({ id: number; type?: string } & Record<string, unknown>) | undefined;
    if (!owner) return null;
    const type = (owner.type as string) === "Asset" ? "Asset" : "Shot";
    const step = this.#pick(this.#steps[type]);
    const task = this.#store.create("Task", { project: this.#project, content: `task ${i}`, entity: { type, id: owner.id }, ...(step ? { step: { type: "Step", id: step } } : {}) }, this.#as);
    return `create Task ${task.id} on ${type} ${owner.id}`;
  }

  #createAsset(i: number): string {
    const asset = this.#store.create("Asset", { project: this.#project, code: `asset_${i}`, sg_asset_type: this.#pick(CATEGORIES) }, this.#as);
    return `create Asset ${asset.id}`;
  }

  #createSequence(i: number): string {
    const episode = this.#pick(this.#live("Episode"));
    const seq = this.#store.create("Sequence", { project: this.#project, code: `sq${i}`, ...(episode ? { episode: { type: "Episode", id: episode.id } } : {}) }, this.#as);
    return `create Sequence ${seq.id}`;
  }

  #createEpisode(i: number): string {
    return `create Episode ${this.#store.create("Episode", { project: this.#project, code: `ep${i}` }, this.#as).id}`;
  }

  /** A new name; one rename in five takes a sibling's name (a clash AYON must solve). */
  #rename(i: number): string | null {
    const type = this.#pick<Kind>(["Shot", "Shot", "Task", "Task", "Asset", "Sequence", "Episode"])!;
    const target = this.#pick(this.#live(type));
    if (!target) return null;
    const field = type === "Task" ? "content" : "code";
    let value = type === "Task" ? `Task Renamed ${i}` : `${type.toLowerCase()} renamed ${i}`;
    if (this.#random() < 0.2 && type === "Shot") {
      const seq = this.#store.findOne("Shot", target.id, { fields: ["sg_sequence"] })?.sg_sequence as { id: number } | null;
      const sibling = seq ? this.#pick(this.#store.find("Shot", [["sg_sequence", "is", { type: "Sequence", id: seq.id }], ["id", "is_not", target.id]], { fields: ["code"] })) : undefined;
      if (sibling) value = String(sibling.code);
    }
    this.#store.update(type, target.id, { [field]: value }, this.#as);
    return `rename ${type} ${target.id} → ${value}`;
  }

  #moveShot(): string | null {
    const shot = this.#pick(this.#live("Shot", ["sg_sequence"]));
    const to = this.#pick(this.#live("Sequence").filter((s) => s.id !== (shot?.sg_sequence as { id: number } | null)?.id));
    if (!shot || !to) return null;
    this.#store.update("Shot", shot.id, { sg_sequence: { type: "Sequence", id: to.id } }, this.#as);
    return `move Shot ${shot.id} → Sequence ${to.id}`;
  }

  #moveSequence(): string | null {
    const seq = this.#pick(this.#live("Sequence", ["episode"]));
    if (!seq) return null;
    const to = this.#random() < 0.25 ? null : this.#pick(this.#live("Episode").filter((e) => e.id !== (seq.episode as { id: number } | null)?.id));
    this.#store.update("Sequence", seq.id, { episode: to ? { type: "Episode", id: to.id } : null }, this.#as);
    return `move Sequence ${seq.id} → ${to ? `Episode ${to.id}` : "the root"}`;
  }

  #moveAsset(): string | null {
    const asset = this.#pick(this.#live("Asset", ["sg_asset_type"]));
    if (!asset) return null;
    const to = this.#pick(CATEGORIES.filter((c) => c !== asset.sg_asset_type))!;
    this.#store.update("Asset", asset.id, { sg_asset_type: to }, this.#as);
    return `move Asset ${asset.id} → ${to}`;
  }

  #moveTask(): string | null {
    const task = this.#pick(this.#live("Task", ["entity"]).filter((t) => (t.entity as { type: string } | null)?.type === "Shot"));
    const to = this.#pick(this.#live("Shot").filter((s) => s.id !== (task?.entity as { id: number } | null)?.id));
    if (!task || !to) return null;
    this.#store.update("Task", task.id, { entity: { type: "Shot", id: to.id } }, this.#as);
    return `move Task ${task.id} → Shot ${to.id}`;
  }

  #changeStep(): string | null {
    const task = this.#pick(this.#live("Task", ["entity", "step"]).filter((t) => (t.entity as { type: string } | null)?.type === "Shot"));
    const step = this.#pick(this.#steps.Shot.filter((s) => s !== (task?.step as { id: number } | null)?.id));
    if (!task || !step) return null;
    this.#store.update("Task", task.id, { step: { type: "Step", id: step } }, this.#as);
    return `step of Task ${task.id} → Step ${step}`;
  }

  #retire(): string | null {
    const type = this.#pick<Kind>(["Shot", "Shot", "Shot", "Task", "Task", "Task", "Asset", "Asset", "Sequence", "Episode"])!;
    const target = this.#pick(this.#live(type));
    if (!target) return null;
    this.#store.retire(type, target.id, this.#as);
    this.#retired.push({ type, id: target.id });
    return `retire ${type} ${target.id}`;
  }

  #revive(): string | null {
    const index = Math.floor(this.#random() * this.#retired.length);
    const target = this.#retired[index];
    if (!target) return null;
    this.#retired.splice(index, 1);
    if (!this.#store.revive(target.type, target.id, this.#as)) return null;
    return `revive ${target.type} ${target.id}`;
  }
}
