// POST /api/projects/{p}/tasks/{id}/assign (ayon-backend api/tasks/tasks.py assign_users_to_task). Unlike the other
// task writes it is not an operation: it saves the task itself and dispatches its own event.
import { entityNotFound } from "./entities.js";
import { assigneesAssignedEvent } from "./entity-events.js";
import { forbidden } from "./errors.js";
import { dispatchEvent } from "./events.js";
import type { ProjectState } from "./project-store.js";
import type { AyonRequest } from "./request.js";
import { Transaction } from "./transaction.js";

export type AssignMode = "add" | "remove" | "set";

/**
 * The new assignees, or null when the set of names stays the same. The server works on Python sets and stores
 * list(set), whose order is arbitrary; the emulator keeps a fixed order instead: the current names first, then the
 * added ones, each once, in the order given.
 */
export function assignedUsers(current: string[], mode: AssignMode, users: string[]): string[] | null {
  let next: string[];
  if (mode === "set") next = [...new Set(users)];
  else if (mode === "add") next = [...new Set([...current, ...users])];
  else next = [...new Set(current)].filter((u) => !users.includes(u));
  const before = new Set(current);
  const same = next.length === before.size && next.every((u) => before.has(u));
  return same ? null : next;
}

/**
 * Applies an assign request to a task of `project` (the route has validated the id and the body). The caller must
 * be a manager unless `users` is exactly their own name.
 */
export function assignTaskUsers(req: AyonRequest, project: ProjectState, taskId: string, mode: AssignMode, users: string[]): void {
  const caller = req.principal;
  // ayon-backend api/tasks/tasks.py: checked before the task is loaded; the list must be exactly [own name].
  if (!caller.isManager && !(users.length === 1 && users[0] === caller.user.name)) {
    throw forbidden("Normal users can only assign themselves");
  }
  const task = project.tasks.get(taskId);
  if (!task) throw entityNotFound(taskId);
  const before = [...task.assignees];
  const after = assignedUsers(before, mode, users);
  // ayon-backend api/tasks/tasks.py: an unchanged set is neither saved nor announced.
  if (after === null) return;
  // ayon-backend ayon_server/entities/core/projectlevel.py save: called without a user name, so updated_by is
  // written as null; updated_at is the time of the save.
  const tx = new Transaction();
  project.updateTask(task, { assignees: after, updatedBy: null, updatedAt: req.state.now() }, tx);
  tx.commit();
  // ayon-backend api/tasks/tasks.py: dispatched by the handler with the caller as user; sender from the request.
  const event = assigneesAssignedEvent(project.name, task, before, after);
  dispatchEvent(req.state, { ...event, sender: req.sender, senderType: req.senderType, user: caller.user.name });
}
