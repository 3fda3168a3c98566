import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("GET / (the web app's place on the real server)", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon();
  });
  afterAll(() => t.emu.close());

  it("answers 200 with a small HTML page, without credentials", async () => {
    const res = await fetch(`${t.emu.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<html>[\s\S]*AYON[\s\S]*<\/html>/);
  });

  it("still answers 404 for an unknown path", async () => {
    expect((await fetch(`${t.emu.url}/nothing-here`)).status).toBe(404);
  });
});
