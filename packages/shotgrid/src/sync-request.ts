/**
 * The AYON project a full-sync request names (the page's "ShotGrid ► AYON" and "AYON ► ShotGrid" buttons, the
 * Python addon's `shotgrid.event.project.sync` events): `payload.project_name`, else the event's project.
 */
import { InvalidEventError, type AyonEvent } from "@ayon-sg/core";

export function projectNameOf(event: Pick<AyonEvent, "payload" | "project">, action: string): string {
  const fromPayload = event.payload?.project_name;
  const name = typeof fromPayload === "string" && fromPayload.trim() !== "" ? fromPayload.trim() : event.project;
  if (typeof name !== "string" || name.trim() === "") {
    throw new InvalidEventError(`${action} needs the AYON project: payload.project_name (or the event's project) is missing`);
  }
  return name.trim();
}
