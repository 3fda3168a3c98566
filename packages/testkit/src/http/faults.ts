// Fault injection shared by both emulators: rules matched by method and path regex that delay, answer
// with a chosen status/body/headers, or drop the connection. Rules can be added and removed at runtime,
// in-process (`emulator.faults`) or over HTTP (`/_emulator/faults`, see control.ts).
import type { HeaderMap } from "./reply.js";

export interface FaultMatch {
  /** HTTP method, case-insensitive. Omitted = any method. */
  method?: string;
  /** Tested against the request path without its query string (`RegExp.test`, unanchored).
   *  A string is compiled as a regular expression source. Omitted = any path. */
  path?: RegExp | string;
}

export interface FaultRule {
  match?: FaultMatch;
  /** Wait this long before answering (or before passing the request on when no status/drop is set). */
  delayMs?: number;
  /** Answer with this status instead of running the real handler. */
  status?: number;
  /** Body of the injected answer: a string/Buffer is sent as is, anything else as JSON.
   *  Omitted = the emulator's own error body for that status. */
  body?: unknown;
  headers?: HeaderMap;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /**
   * Answer `status` (default 200) with a body of this many bytes, streamed lazily (huge-body.ts): a server
   * sending far more than a client can hold (a 2 GB ShotGrid page, a 600 MB AYON read).
   */
  hugeBodyBytes?: number;
  /** Fire this many times, then remove the rule. Omitted = unlimited. */
  times?: number;
  /** Chance (0..1) that a matching request triggers the rule. Omitted = always. */
  probability?: number;
}

export interface FaultRuleInfo {
  id: string;
  method: string | null;
  path: string | null;
  delayMs: number | null;
  status: number | null;
  drop: boolean;
  remaining: number | null;
  probability: number | null;
  fired: number;
}

/** What the pipeline must do for one request. */
export interface FaultAction {
  ruleId: string;
  delayMs: number;
  drop: boolean;
  status?: number;
  body?: unknown;
  headers?: HeaderMap;
  hugeBodyBytes?: number;
}

interface ActiveRule {
  id: string;
  method: string | null;
  path: RegExp | null;
  /** As given: a string rule lists back unchanged (RegExp.source would escape its slashes). */
  pathSource: string | null;
  rule: FaultRule;
  remaining: number | null;
  fired: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  /** `random` is injectable so probability rules can be tested deterministically. */
  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): string {
    validateRule(rule);
    const id = `fault-${this.nextId++}`;
    const path = rule.match?.path;
    this.rules.push({
      id,
      method: rule.match?.method ? rule.match.method.toUpperCase() : null,
      path: path === undefined ? null : typeof path === "string" ? new RegExp(path) : path,
      pathSource: path === undefined ? null : typeof path === "string" ? path : path.source,
      rule,
      remaining: rule.times ?? null,
      fired: 0,
    });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRuleInfo[] {
    return this.rules.map((r) => ({
      id: r.id,
      method: r.method,
      path: r.pathSource,
      delayMs: r.rule.delayMs ?? null,
      status: r.rule.status ?? null,
      drop: r.rule.drop === true,
      remaining: r.remaining,
      probability: r.rule.probability ?? null,
      fired: r.fired,
    }));
  }

  /** First matching rule wins (insertion order). Consumes one of its `times` when it fires. */
  match(method: string, path: string): FaultAction | undefined {
    if (this.rules.length === 0) return undefined;
    const upper = method.toUpperCase();
    for (const active of this.rules) {
      if (active.method !== null && active.method !== upper) continue;
      if (active.path !== null) {
        active.path.lastIndex = 0; // a /g or /y regex keeps state between tests
        if (!active.path.test(path)) continue;
      }
      const { probability } = active.rule;
      if (probability !== undefined && this.random() >= probability) continue;
      active.fired++;
      if (active.remaining !== null) {
        active.remaining--;
        if (active.remaining <= 0) this.remove(active.id);
      }
      const { rule } = active;
      return {
        ruleId: active.id,
        delayMs: rule.delayMs ?? 0,
        drop: rule.drop === true,
        status: rule.status,
        body: rule.body,
        headers: rule.headers,
        hugeBodyBytes: rule.hugeBodyBytes,
      };
    }
    return undefined;
  }
}

function validateRule(rule: FaultRule): void {
  const problems: string[] = [];
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)) {
    problems.push("status must be an integer 100..599");
  }
  if (rule.delayMs !== undefined && !(typeof rule.delayMs === "number" && rule.delayMs >= 0)) {
    problems.push("delayMs must be a number >= 0");
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
    problems.push("times must be a positive integer");
  }
  if (
    rule.probability !== undefined &&
    !(typeof rule.probability === "number" && rule.probability >= 0 && rule.probability <= 1)
  ) {
    problems.push("probability must be within 0..1");
  }
  if (rule.hugeBodyBytes !== undefined && !(Number.isSafeInteger(rule.hugeBodyBytes) && rule.hugeBodyBytes > 0)) {
    problems.push("hugeBodyBytes must be a positive integer");
  }
  if (rule.status === undefined && !rule.drop && rule.delayMs === undefined && rule.hugeBodyBytes === undefined) {
    problems.push("a rule needs at least one of status, drop, delayMs or hugeBodyBytes");
  }
  const path = rule.match?.path;
  if (typeof path === "string") {
    try {
      new RegExp(path);
    } catch (err) {
      problems.push(`match.path is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new TypeError(`Invalid fault rule: ${problems.join("; ")}`);
}
