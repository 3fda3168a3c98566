// The push scenario's (4) scripted edits: a coordinator working in AYON, in the AYON emulator's process, at a steady
// rate, round-robin over the projects. Each edit goes through AYON's REST API (as the web UI writes: one PATCH or
// POST per edit, sender type "api"), so the emulator emits the entity events a real server would. A realistic mix,
// per 20 edits: 5 label changes, 2 renames, 5 status changes, 2 new Shots, 2 new Tasks, 2 tags, 2 assignees.
// What ShotGrid should then get is noted per edit: a marker (`bx<n>`) in a name, label or tag that reaches ShotGrid
// in a code, a content or a Tag's name; or, where nothing can carry a marker (a status, an assignee), the ShotGrid
// entity, field and value (write-watcher.ts keys). Every edit touches an entity no other edit touches.
import { AyonClient } from "@ayon-sg/core";
import type { AyonEmulator } from "@ayon-sg/testkit";

export interface PushEditPlan {
  projects: string[];
  total: number;
  ratePerSecond: number;
  /** AYON users linked to ShotGrid HumanUsers (data.sg_user_id), by name → HumanUser id. */
  users: Record<string, number>;
  /** The status codes ShotGrid's Shot and Task take (an AYON status whose short name is not one is not pushed). */
  statusCodes: { Shot: string[]; Task: string[] };
}

export type Expected = { marker: string } | { key: string };

export interface PushEditReport {
  done: number;
  failed: number;
  /** The first failure's message. */
  firstFailure: string | null;
  finishedAt: number | null;
  /** Edit number → epoch ms the AYON write was sent, and what ShotGrid should get. */
  edits: Record<string, { at: number; expect: Expected }>;
}

interface Linked {
  id: string;
  name: string;
  label: string | null;
  status: string;
  sgType: string;
  sgId: number;
}

interface Pool {
  project: string;
  shots: Linked[];
  tasks: Linked[];
  sequences: string[];
  taskTypes: string[];
  /** AYON status name → short name, for folders and for tasks. */
  folderStatuses: Array<{ name: string; shortName: string }>;
  taskStatuses: Array<{ name: string; shortName: string }>;
  edits: number;
}

/** What each of 20 consecutive edits of a project does. */
const MIX = [
  "labelShot", "statusTask", "newShot", "labelTask", "statusShot", "tagShot", "renameShot", "newTask", "assignTask", "labelShot",
  "statusTask", "newShot", "labelTask", "statusShot", "tagTask", "renameShot", "newTask", "assignTask", "labelTask", "statusShot",
] as const;

export const PUSH_MARKER_PATTERN = "bx(\\d+)";

/** Shots and Shot Tasks one project needs for `edits` edits (each touched once), per the mix above. */
export function pushEntitiesNeeded(edits: number): { shots: number; shotTasks: number } {
  const per = (kinds: readonly string[]) => Math.ceil((edits * MIX.filter((k) => kinds.includes(k)).length) / MIX.length);
  return { shots: per(["labelShot", "statusShot", "tagShot", "renameShot"]), shotTasks: per(["labelTask", "statusTask", "tagTask", "assignTask"]) };
}

export class PushEditScript {
  private readonly pools: Pool[];
  private readonly client: AyonClient;
  private readonly edits = new Map<string, { at: number; expect: Expected }>();
  /** The script's own requests (retries included), by `METHOD template`: not the runtime's, so left out of the counts. */
  private readonly requests = new Map<string, number>();
  private done = 0;
  private failed = 0;
  private firstFailure: string | null = null;
  private finishedAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(emulator: AyonEmulator, apiKey: string, private readonly plan: PushEditPlan) {
    this.client = new AyonClient({
      serverUrl: emulator.url, apiKey, sender: "bench.coordinator", senderType: "api", retry: { limit: 2 },
      onRequest: ({ method, route }) => this.requests.set(`${method} ${route}`, (this.requests.get(`${method} ${route}`) ?? 0) + 1),
    });
    this.pools = plan.projects.map((name) => pool(emulator, name, plan.statusCodes));
  }

  start(): void {
    const started = Date.now();
    let sent = 0;
    this.timer = setInterval(() => {
      const due = Math.min(this.plan.total, Math.floor(((Date.now() - started) * this.plan.ratePerSecond) / 1000));
      while (sent < due) void this.edit(sent++);
      if (sent >= this.plan.total) this.stopTimer();
    }, 5);
  }

  stop(): void {
    this.stopTimer();
  }

  ownRequests(): Record<string, number> {
    return Object.fromEntries(this.requests);
  }

  report(): PushEditReport {
    return { done: this.done, failed: this.failed, firstFailure: this.firstFailure, finishedAt: this.finishedAt, edits: Object.fromEntries(this.edits) };
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async edit(n: number): Promise<void> {
    const pool = this.pools[n % this.pools.length]!;
    const kind = MIX[pool.edits++ % MIX.length]!;
    const marker = `bx${n}`;
    const at = Date.now();
    try {
      const expect = await this.write(pool, kind, marker);
      this.edits.set(String(n), { at, expect });
    } catch (error) {
      this.failed += 1;
      this.firstFailure ??= `edit ${n} (${kind}): ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.done += 1;
      if (this.done >= this.plan.total) this.finishedAt = Date.now();
    }
  }

  /** Makes one edit; answers what ShotGrid should get for it. */
  private async write(pool: Pool, kind: (typeof MIX)[number], marker: string): Promise<Expected> {
    const { project } = pool;
    const take = (list: Linked[]) => {
      const entity = list.shift();
      if (!entity) throw new Error(`AYON project ${project} has no ${list === pool.shots ? "Shot" : "Task"} left to edit`);
      return entity;
    };
    const n = pool.edits;
    switch (kind) {
      case "labelShot":
      case "labelTask": {
        const entity = take(kind === "labelShot" ? pool.shots : pool.tasks);
        const label = `${entity.label ?? entity.name} ${marker}`;
        if (kind === "labelShot") await this.client.updateFolder(project, entity.id, { label });
        else await this.client.updateTask(project, entity.id, { label });
        return { marker: marker.slice(2) };
      }
      case "renameShot": {
        // ShotGrid's code is the label, else the name: a Shot with a label gets a new label instead.
        const entity = take(pool.shots);
        if (entity.label) await this.client.updateFolder(project, entity.id, { label: `${entity.label} ${marker}` });
        else await this.client.updateFolder(project, entity.id, { name: `${entity.name}_${marker}` });
        return { marker: marker.slice(2) };
      }
      case "statusShot":
      case "statusTask": {
        const entity = take(kind === "statusShot" ? pool.shots : pool.tasks);
        const choices = (kind === "statusShot" ? pool.folderStatuses : pool.taskStatuses).filter((s) => s.name !== entity.status);
        const status = choices[n % choices.length];
        if (!status) throw new Error(`AYON project ${project} has no other status ShotGrid's ${entity.sgType} takes`);
        if (kind === "statusShot") await this.client.updateFolder(project, entity.id, { status: status.name });
        else await this.client.updateTask(project, entity.id, { status: status.name });
        return { key: `${entity.sgType}:${entity.sgId}:sg_status_list=${status.shortName}` };
      }
      case "tagShot":
      case "tagTask": {
        const entity = take(kind === "tagShot" ? pool.shots : pool.tasks);
        if (kind === "tagShot") await this.client.updateFolder(project, entity.id, { tags: [marker] });
        else await this.client.updateTask(project, entity.id, { tags: [marker] });
        return { marker: marker.slice(2) };
      }
      case "assignTask": {
        const entity = take(pool.tasks);
        const users = Object.entries(this.plan.users);
        const [user, sgUserId] = users[n % users.length]!;
        await this.client.updateTask(project, entity.id, { assignees: [user] });
        return { key: `Task:${entity.sgId}:task_assignees+HumanUser:${sgUserId}` };
      }
      case "newShot": {
        const parentId = pool.sequences[n % pool.sequences.length]!;
        await this.client.createFolder(project, { name: `new_${marker}`, folderType: "Shot", parentId });
        return { marker: marker.slice(2) };
      }
      case "newTask": {
        const shot = pool.shots[n % Math.max(1, pool.shots.length)] ?? null;
        if (!shot) throw new Error(`AYON project ${project} has no Shot left to add a Task to`);
        await this.client.createTask(project, { name: `t_${marker}`, taskType: pool.taskTypes[n % pool.taskTypes.length]!, folderId: shot.id });
        return { marker: marker.slice(2) };
      }
    }
  }
}

/** The project's linked Shots and Shot Tasks, Sequences, task types and the statuses ShotGrid takes, read in-process. */
function pool(emulator: AyonEmulator, name: string, codes: PushEditPlan["statusCodes"]): Pool {
  const project = emulator.state.project(name);
  if (!project) throw new Error(`no AYON project ${name}`);
  const linked = (record: { id: string; name: string; label: string | null; status: string; attrib: Record<string, unknown> }): Linked | null => {
    const sgType = record.attrib.shotgridType;
    const sgId = Number(record.attrib.shotgridId);
    return typeof sgType === "string" && Number.isInteger(sgId) ? { id: record.id, name: record.name, label: record.label, status: record.status, sgType, sgId } : null;
  };
  const shots: Linked[] = [];
  const sequences: string[] = [];
  for (const folder of project.folders.values()) {
    if (!folder.active) continue;
    const entity = linked(folder);
    if (entity?.sgType === "Shot") shots.push(entity);
    if (entity?.sgType === "Sequence") sequences.push(folder.id);
  }
  const shotIds = new Set(shots.map((s) => s.id));
  const tasks: Linked[] = [];
  const taskTypes = new Set<string>();
  for (const task of project.tasks.values()) {
    const entity = task.active && shotIds.has(task.folderId) ? linked(task) : null;
    if (!entity) continue;
    tasks.push(entity);
    taskTypes.add(task.taskType);
  }
  const statuses = (scope: string, sg: readonly string[]) =>
    project.statuses.filter((s) => (s.scope.length === 0 || s.scope.includes(scope)) && sg.includes(s.shortName)).map((s) => ({ name: s.name, shortName: s.shortName }));
  if (sequences.length === 0 || taskTypes.size === 0) throw new Error(`AYON project ${name} has no linked Sequence or Shot Task to edit`);
  return { project: name, shots, tasks, sequences, taskTypes: [...taskTypes], folderStatuses: statuses("folder", codes.Shot), taskStatuses: statuses("task", codes.Task), edits: 0 };
}
