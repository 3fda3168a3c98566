import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import { runBinary, startBinary } from "@ayon-sg/testing";
import { ledgerPath, ledgerStudio } from "./ledger-plugin.test-helpers.js";

const API_KEY = "e2ediscoverykey000000000000000000";

describe("plugins installed in a studio directory", () => {
  let ayonEmulator: AyonEmulator;
  let studio: string;

  beforeAll(async () => {
    ayonEmulator = await startAyonEmulator({ apiKey: API_KEY });
    studio = ledgerStudio({
      packages: {
        "@studio/broken": { packageJson: { "ayon-sg": { role: "handler" } }, files: { "index.js": "import './missing-file.js';\n" } },
        "left-pad-ish": { files: { "index.js": "export default 1;\n" } },
      },
    });
  });
  afterAll(async () => ayonEmulator?.close());

  it("list-plugins reports the loaded plugin with its handler and the broken one with the reason", async () => {
    const result = await runBinary(["list-plugins", "--studio", studio]);
    expect(result.stdout).toMatch(/✓ @studio\/ledger@1\.0\.0 \(plugin 'ledger'\)/);
    expect(result.stdout).toMatch(/handler RecordEvent: studio\.ledger — records events in a ledger file/);
    expect(result.stdout).toMatch(/ {4}queue: jobs on ayonsg\.job\.ledger, writes as ledger\n/);
    expect(result.stdout).toMatch(/✗ @studio\/broken@1\.0\.0: failed — cannot be imported: .*missing-file/);
    expect(result.stdout).not.toMatch(/left-pad-ish/);
    expect(result.stdout).toMatch(/1 loaded, 0 skipped, 1 failed/);
    expect(result.code).toBe(1);
  });

  it("run skips the broken plugin and the good one handles an event", async () => {
    const running = startBinary(["run", "--studio", studio], {
      env: { AYON_SERVER_URL: ayonEmulator.url, AYON_API_KEY: API_KEY, AYON_SG_INSTANCE: "discovery", LEDGER_FILE: ledgerPath(studio) },
    });
    await running.waitFor("starting");
    const ayon = new AyonClient({ serverUrl: ayonEmulator.url, apiKey: API_KEY });
    const { id } = await ayon.dispatchEvent({ topic: "studio.ledger", payload: { seq: 1 } });
    // Each finished job prints one info line: plugin, topic, event, project, outcome, duration.
    await running.waitFor(new RegExp(`job finished: ledger on studio\\.ledger, event ${id}, project -, \\d+ ms`));
    const result = await running.stop("SIGTERM");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/@studio\/broken not loaded: cannot be imported/);
    const lines = readFileSync(ledgerPath(studio), "utf8").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([id]);
  }, 30_000);
});

describe("ayon-sg-runtime check", () => {
  let ayonEmulator: AyonEmulator;
  beforeAll(async () => {
    ayonEmulator = await startAyonEmulator({ apiKey: API_KEY });
  });
  afterAll(async () => ayonEmulator?.close());

  it("with a wrong key prints one clear sentence, no stack trace, no key, and exits non-zero", async () => {
    const wrongKey = "wrongkey000000000000000000000000";
    const result = await runBinary(["check", "--studio", ledgerStudio()], { env: { AYON_SERVER_URL: ayonEmulator.url, AYON_API_KEY: wrongKey } });
    const output = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(output).toMatch(/rejected the API key \(401\).*AYON_API_KEY/);
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain(wrongKey);
  });

  it("with a good key passes every check", async () => {
    const result = await runBinary(["check", "--studio", ledgerStudio()], { env: { AYON_SERVER_URL: ayonEmulator.url, AYON_API_KEY: API_KEY } });
    expect(result.stdout).toMatch(/✓ AYON .* answers/);
    expect(result.stdout).toMatch(/All checks passed/);
    expect(result.code).toBe(0);
  });

  it("without AYON_SERVER_URL says which variable to set and exits with the configuration code", async () => {
    const result = await runBinary(["run", "--studio", ledgerStudio()], { env: {} });
    expect(result.stderr).toMatch(/^error: AYON_SERVER_URL is not set/);
    expect(result.code).toBe(3);
  });
});
