// Many requests delayed at once (latency or a delay fault) all wait on the server's one closing signal. Node
// warns about a listener leak past 10 listeners; run in a plain Node process (jest hides process warnings)
// against the built package, that warning must not appear.
import { describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const DIST = join(import.meta.dirname, "..", "..", "dist", "index.js");

const SCRIPT = `
const { startAyonEmulator } = await import(process.argv[1]);
const emu = await startAyonEmulator({ apiKey: "delaystestkey000000000000000000" });
emu.faults.add({ match: { method: "GET" }, delayMs: 50 });
const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(emu.url + "/api/info")));
console.log(answers.map((r) => r.status).join(","));
await emu.close();
`;

describe("delayed requests", () => {
  it("thirty at once: all answered, no MaxListenersExceededWarning", () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`pnpm build\` first`);
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", SCRIPT, DIST], { encoding: "utf8", timeout: 30_000 });
    expect(result.stdout.trim()).toBe(Array(30).fill(200).join(","));
    expect(result.stderr).not.toMatch(/MaxListenersExceededWarning/);
  });
});
