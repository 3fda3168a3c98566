// The suite's own checks must be able to fail: the secret scan, the ledger checks and the seeded PRNG.
import { describe, expect, it } from "@jest/globals";
import { Capture } from "./capture.js";
import { ledgerProblems, NO_LEDGER_PROBLEMS, type LedgerLine } from "./ledger.js";
import { currentProfile } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { runSeed, seededRandom } from "./seeded-random.js";

const KEY = { name: "AYON API key", value: "Key+/=0123456789abc" };

describe("secret scan", () => {
  it("finds a secret as is, JSON-escaped, URL-encoded and base64-encoded, and names it without the value", () => {
    const capture = new Capture();
    capture.add("log", `connecting with ${KEY.value} now`);
    capture.add("event", JSON.stringify({ header: `x-api-key: "${KEY.value}"` }));
    capture.add("url", `https://x/?key=${encodeURIComponent(KEY.value)}`);
    capture.add("basic auth", `Authorization: Basic ${Buffer.from(KEY.value).toString("base64")}`);
    capture.add("clean", "nothing to see here");
    const findings = scanForSecrets(capture, [KEY]);
    expect(findings.map((f) => [f.source, f.form])).toEqual([
      ["log", "raw"],
      ["event", "raw"],
      ["url", "url"],
      ["basic auth", "base64"],
    ]);
    for (const finding of findings) expect(finding.context).not.toContain(KEY.value);
    expect(findings[0]!.context).toContain("<AYON API key>");
  });

  it("reports nothing for clean captures and refuses secrets too short to scan for", () => {
    const capture = new Capture();
    capture.add("log", "key=***");
    expect(scanForSecrets(capture, [KEY])).toEqual([]);
    expect(() => scanForSecrets(capture, [{ name: "pin", value: "1234" }])).toThrow(/too short/);
  });

  it("captures an error's whole cause chain", () => {
    const capture = new Capture();
    capture.addError("job", new Error("outer", { cause: new Error(`inner ${KEY.value}`) }));
    expect(scanForSecrets(capture, [KEY])).toHaveLength(1);
  });
});

describe("ledger checks", () => {
  const line = (id: string, project: string, seq: number, start: number, end: number): LedgerLine => ({ id, project, seq, pid: 1, start, end });
  const ids = new Set(["a1", "a2", "b1"]);
  const expected = new Map([["a", 2], ["b", 1]]);

  it("accepts a complete, ordered, non-overlapping ledger", () => {
    expect(ledgerProblems([line("a1", "a", 1, 0, 5), line("b1", "b", 1, 1, 3), line("a2", "a", 2, 5, 9)], expected, ids)).toEqual(NO_LEDGER_PROBLEMS);
  });

  it("names missing, duplicated and unexpected events, wrong order and overlap", () => {
    const problems = ledgerProblems(
      [line("a2", "a", 2, 0, 5), line("a1", "a", 1, 4, 8), line("a1", "a", 1, 9, 10), line("zz", "b", 1, 0, 1)],
      expected,
      ids,
    );
    expect(problems).toEqual({ missing: 1, duplicated: 1, unexpected: 1, outOfOrder: ["a"], overlapping: ["a"] });
  });
});

describe("seeded random and profiles", () => {
  it("replays the same choices from the same seed", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 5 }, () => a.int(0, 1000));
    expect(Array.from({ length: 5 }, () => b.int(0, 1000))).toEqual(first);
    expect(Array.from({ length: 5 }, () => seededRandom(43).int(0, 1000))).not.toEqual(first);
    expect(runSeed({ RELIABILITY_SEED: "7" })).toBe(7);
    expect(() => runSeed({ RELIABILITY_SEED: "x" })).toThrow(/RELIABILITY_SEED/);
  });

  it("keeps the CI figures the issue asks for and grows them for a soak", () => {
    const ci = currentProfile({});
    expect(ci.fullSyncKills + ci.liveKills).toBeGreaterThanOrEqual(10);
    expect(ci).toMatchObject({ outageSeconds: 60, loadProcesses: 3, loadProjects: 20, loadEvents: 20_000 });
    const soak = currentProfile({ RELIABILITY_PROFILE: "soak", RELIABILITY_MINUTES: "60" });
    expect(soak.loadEvents).toBeGreaterThan(ci.loadEvents);
    expect(soak.outageSeconds).toBeGreaterThan(ci.outageSeconds);
    expect(() => currentProfile({ RELIABILITY_PROFILE: "nightly" })).toThrow(/ci' or 'soak/);
  });
});
