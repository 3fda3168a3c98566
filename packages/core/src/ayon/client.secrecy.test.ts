// The API key never leaves the client except in the x-api-key header: not in errors (message, JSON, inspect,
// stack, cause), not in the client's own JSON/inspect/toString, not in log lines, not in hook data.
import { afterEach, describe, expect, it } from "@jest/globals";
import { inspect } from "node:util";
import { AyonClient } from "./client.js";
import type { AyonRequestInfo } from "./transport.js";
import { CapturingLogger } from "@ayon-sg/testing";
import { refusedUrl, startScriptedServer, type Reply, type ScriptedServer } from "./test-server.test-helpers.js";

const API_KEY = "Zq8TOPSECRETkeyValue0123456789ab";
const ID = "5".repeat(32);

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every way an error or object can end up in a log, a job description or a crash report. */
function renderings(value: unknown): string[] {
  const shown = [inspect(value), inspect(value, { depth: Infinity }), JSON.stringify(value) ?? "", String(value)];
  if (value instanceof Error) {
    shown.push(value.message, value.stack ?? "");
    for (let cause = value.cause; cause; cause = (cause as Error).cause) shown.push(inspect(cause, { depth: Infinity }));
  }
  return shown;
}

function expectNoKey(value: unknown): void {
  for (const text of renderings(value)) expect(text).not.toContain(API_KEY);
}

describe("the API key stays secret", () => {
  it("is absent from every error the client throws, including server text that echoes it", async () => {
    const echo = { detail: `Invalid API key ${API_KEY}` };
    const replies: Reply[] = [
      { status: 401, body: echo },
      { status: 403, body: echo },
      { status: 500, body: echo },
      { status: 503, body: echo }, { status: 503, body: echo },
      { status: 413, text: `too large for ${API_KEY}`, headers: { "content-type": "text/plain" } },
      { status: 200, text: `<html>${API_KEY}</html>` },
      { status: 200, body: { data: null, errors: [{ message: `bad key ${API_KEY}` }] } },
      { status: 200, body: { operations: [{ id: ID, type: "delete", entityType: "folder", entityId: ID, success: false, status: 404, errorCode: "not-found", detail: "gone" }], success: false } },
      { drop: true },
      { hang: true },
    ];
    const logger = new CapturingLogger();
    const hookData: AyonRequestInfo[] = [];
    server = await startScriptedServer(replies);
    const client = new AyonClient({
      serverUrl: server.url, apiKey: API_KEY, logger, timeoutMs: 100, onRequest: (i) => hookData.push(i),
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const errors: unknown[] = [];
    const collect = (p: Promise<unknown>) => p.then(() => errors.push(new Error("expected a failure")), (e: unknown) => errors.push(e));
    await collect(client.info());
    await collect(client.me());
    await collect(client.getEvent(ID));
    await collect(client.info());
    await collect(client.info());
    await collect(client.info());
    await collect(client.graphql("{ x }"));
    await collect(client.operations("demo", [{ type: "delete", entityType: "folder", entityId: ID }]));
    await collect(client.dispatchEvent({ topic: "ayon_sg.reply" }));
    await collect(client.withSender("w2").dispatchEvent({ topic: "ayon_sg.reply" }));
    expect(errors.map((e) => (e as Error).name)).toEqual([
      "AyonAuthError", "AyonAuthError", "AyonHttpError", "AyonHttpError", "AyonHttpError", "AyonResponseError",
      "AyonGraphqlError", "AyonOperationsError", "AyonUnavailableError", "AyonUnavailableError",
    ]);
    expect((errors[0] as Error).message).toBe(`AYON rejected the API key (401 Invalid API key ***) at ${server.url}.`);
    for (const error of errors) expectNoKey(error);
    expect(logger.entries.length).toBeGreaterThan(10);
    expect(logger.text()).not.toContain(API_KEY);
    expect(JSON.stringify(hookData)).not.toContain(API_KEY);
    // The header itself did carry the key: the secrecy is not the result of never sending it.
    expect(server.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
  });

  it("is absent from an unreachable-server error", async () => {
    const client = new AyonClient({ serverUrl: await refusedUrl(), apiKey: API_KEY, retry: { limit: 0 } });
    const error = await client.info().catch((e: unknown) => e);
    expect((error as Error).name).toBe("AyonUnavailableError");
    expectNoKey(error);
  });

  it("is absent from the client's JSON, inspect and toString, and from its options unless read explicitly", () => {
    const client = new AyonClient({ serverUrl: "http://127.0.0.1:5000", apiKey: API_KEY, sender: "w1", senderType: "shotgrid" });
    const worker = client.withSender("w2");
    for (const c of [client, worker]) {
      expectNoKey(c);
      expectNoKey(c.options);
      expectNoKey({ ...c.options });
      expect(Object.keys(c.options)).not.toContain("apiKey");
      expect(c.options.apiKey).toBe(API_KEY);
    }
    expect(JSON.parse(JSON.stringify(client))).toEqual({ serverUrl: "http://127.0.0.1:5000", sender: "w1", senderType: "shotgrid" });
    expect(String(worker)).toBe("AyonClient(http://127.0.0.1:5000 as w2)");
    expect(inspect(worker, { breakLength: Infinity })).toBe("AyonClient { serverUrl: 'http://127.0.0.1:5000', sender: 'w2', senderType: 'shotgrid' }");
  });
});
