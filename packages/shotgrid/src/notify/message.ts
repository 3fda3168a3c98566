import type { FinalFailure } from "@ayon-sg/core";
import type { Held } from "./throttle.js";

// A failure sentence may carry anything: known secret values are cleared by the runtime (JobFailures); values
// written as `key=…`, `token: …` or `Bearer …` are cleared here too, whatever they are.
const SECRET_ASSIGNMENT = /\b((?:api[-_]?key|x-api-key|token|secret|password|passwd|script[-_]?key|client[-_]?secret|authorization)["']?\s*[:=]\s*["']?)([^\s"',;&]+)/gi;
const BEARER = /\b(Bearer\s+)([A-Za-z0-9._~+/=-]+)/g;

export function scrub(text: string): string {
  return text.replace(SECRET_ASSIGNMENT, "$1[redacted]").replace(BEARER, "$1[redacted]");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const where = (project: string | null) => (project ? `project ${project}` : "no project");

/** One failure: a subject line and a body naming the job, its event and the sentence it failed with. */
export function failureMessage(f: FinalFailure): { subject: string; body: string } {
  const what = `${f.topic}${f.action ? ` (${f.action})` : ""}`;
  return {
    subject: clip(`ayon-sg: a ${what} job failed in ${where(f.project)}`, 250),
    body: clip(scrub(`${f.description}\n\nJob ${f.jobId}, event ${f.sourceId}, at ${f.failedAt}. It will not run again by itself: retry or skip it from the ShotGrid addon page or with \`ayon-sg-runtime jobs\`.`), 1500),
  };
}

/** Several failures held back by the throttle: counted, the first few listed. */
export function summaryMessage(project: string | null, { items, count, since }: Held<FinalFailure>): { subject: string; body: string } {
  // When not all are listed, the count goes first: a long list is clipped at the end.
  const lines = count > items.length ? [`The first ${items.length} of ${count}:`] : [];
  lines.push(...items.map((f) => `- ${f.topic}${f.action ? ` (${f.action})` : ""}, job ${f.jobId}: ${clip(f.description, 120)}`));
  return {
    subject: clip(`ayon-sg: ${count} more job${count === 1 ? "" : "s"} failed in ${where(project)} since ${since.toISOString()}`, 250),
    body: clip(scrub(lines.join("\n")), 1500),
  };
}
