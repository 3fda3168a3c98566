// Reads a V8 .cpuprofile (node --cpu-prof) and ranks where the time went: self time per function and per
// file, so a profile can be read (and quoted in the README) without opening DevTools.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Time not spent idle (V8's "(idle)" and "(program)" nodes left out). */
  busyMs: number;
  functions: Array<{ name: string; location: string; selfMs: number }>;
  files: Array<{ file: string; selfMs: number }>;
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const functions = new Map<string, { name: string; location: string; selfMs: number }>();
  const files = new Map<string, number>();
  let busyMs = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    busyMs += ms;
    const file = shortFile(url);
    const location = file ? `${file}:${lineNumber + 1}` : "(native)";
    const key = `${functionName}@${location}`;
    const entry = functions.get(key) ?? { name: functionName || "(anonymous)", location, selfMs: 0 };
    entry.selfMs += ms;
    functions.set(key, entry);
    files.set(file || "(native)", (files.get(file || "(native)") ?? 0) + ms);
  }
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    busyMs,
    functions: [...functions.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    files: [...files].map(([file, selfMs]) => ({ file, selfMs })).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
  };
}

/** `file:///…/packages/testkit/dist/x.js` → `testkit/dist/x.js`; node internals keep their `node:` name. */
function shortFile(url: string): string {
  if (!url) return "";
  const packages = url.lastIndexOf("/packages/");
  if (packages >= 0) return url.slice(packages + "/packages/".length);
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) return url.slice(modules + "/node_modules/".length);
  return url;
}

export function renderProfileSummary(path: string, summary: ProfileSummary): string {
  const ms = (n: number) => `${Math.round(n)} ms`.padStart(9);
  return [
    `${path}: ${Math.round(summary.totalMs)} ms recorded, ${Math.round(summary.busyMs)} ms busy`,
    "  self time by function:",
    ...summary.functions.map((f) => `  ${ms(f.selfMs)}  ${f.name}  ${f.location}`),
    "  self time by file:",
    ...summary.files.map((f) => `  ${ms(f.selfMs)}  ${f.file}`),
  ].join("\n");
}

export function readProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
}
