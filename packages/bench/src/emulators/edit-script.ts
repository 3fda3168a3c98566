// The live scenario's scripted edits, made in the ShotGrid emulator's process as a human user, at a steady
// rate, round-robin over the projects. Each edit leaves a marker (`bx<n>`) in a name, so the AYON side can
// tell which edit a change belongs to: renames of Shots and Tasks (code/content) and new Shots.
// Every edit touches an entity no other edit touches: the handler re-reads ShotGrid, so two quick renames of
// one Shot would reach AYON as one change and the first edit would have no AYON change of its own to time.
import type { ShotgridStore, ShotgridUserRef } from "@ayon-sg/testkit";

export interface EditPlan {
  projectIds: number[];
  total: number;
  ratePerSecond: number;
}

export interface EditReport {
  done: number;
  /** Epoch ms of the last edit, null while edits remain. */
  finishedAt: number | null;
  /** Marker → epoch ms of the ShotGrid write. */
  times: Record<string, number>;
}

interface ProjectPool {
  project: { type: "Project"; id: number };
  shots: Array<{ id: number; base: string }>;
  tasks: Array<{ id: number; base: string }>;
  sequences: number[];
  edits: number;
  /** Next Shot / Task to rename (each once). */
  nextShot: number;
  nextTask: number;
}

/** What one project needs for `edits` edits: a fifth are creates, the rest renames split between Shots and Tasks. */
export function entitiesNeeded(edits: number): { shots: number; shotTasks: number } {
  const renames = edits - Math.floor(edits / 5);
  return { shots: Math.ceil(renames / 2), shotTasks: Math.ceil(renames / 2) };
}

export const MARKER_PATTERN = "bx(\\d+)";

export class EditScript {
  private readonly pools: ProjectPool[];
  private readonly times = new Map<string, number>();
  private done = 0;
  private finishedAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: ShotgridStore,
    private readonly artist: ShotgridUserRef,
    private readonly plan: EditPlan,
  ) {
    this.pools = plan.projectIds.map((id) => this.pool(id));
  }

  start(): void {
    const started = Date.now();
    this.timer = setInterval(() => {
      const due = Math.min(this.plan.total, Math.floor(((Date.now() - started) * this.plan.ratePerSecond) / 1000));
      while (this.done < due) this.edit(this.done++);
      if (this.done >= this.plan.total) {
        this.finishedAt = Date.now();
        this.stop();
      }
    }, 5);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  report(): EditReport {
    return { done: this.done, finishedAt: this.finishedAt, times: Object.fromEntries(this.times) };
  }

  private edit(n: number): void {
    const pool = this.pools[n % this.pools.length]!;
    const j = pool.edits++;
    const marker = `bx${n}`;
    const as = { as: this.artist };
    if (j % 5 === 4) {
      const sequence = pool.sequences[j % pool.sequences.length]!;
      this.store.create("Shot", { project: pool.project, code: `new_${marker}`, sg_sequence: { type: "Sequence", id: sequence } }, as);
    } else if (j % 2 === 0 || pool.nextTask >= pool.tasks.length) {
      const shot = pool.shots[pool.nextShot++];
      if (!shot) throw new Error(`ShotGrid project ${pool.project.id} has no Shot left to rename (edit ${n})`);
      this.store.update("Shot", shot.id, { code: `${shot.base}_${marker}` }, as);
    } else {
      const task = pool.tasks[pool.nextTask++]!;
      this.store.update("Task", task.id, { content: `${task.base}_${marker}` }, as);
    }
    this.times.set(String(n), Date.now());
  }

  private pool(projectId: number): ProjectPool {
    const project = { type: "Project" as const, id: projectId };
    const inProject = [["project", "is", project]];
    const shots = this.store.find("Shot", inProject, { fields: ["code"] }).map((r) => ({ id: r.id, base: String(r.code) }));
    const tasks = this.store
      .find("Task", [...inProject, ["entity", "type_is", "Shot"]], { fields: ["content"] })
      .map((r) => ({ id: r.id, base: String(r.content) }));
    const sequences = this.store.find("Sequence", inProject, { fields: ["id"] }).map((r) => r.id);
    if (sequences.length === 0) throw new Error(`ShotGrid project ${projectId} has no Sequence for new Shots`);
    return { project, shots, tasks, sequences, edits: 0, nextShot: 0, nextTask: 0 };
  }
}
