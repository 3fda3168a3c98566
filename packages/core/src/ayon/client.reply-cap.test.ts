// The AYON client's reply cap: an answer past maxReplyBytes fails its call at once, as final, naming the route
// template and the cap (never the request's parameter values or query string).
import { afterEach, describe, expect, it } from "@jest/globals";
import { isRetryable } from "../plugin/errors.js";
import { AyonClient } from "./client.js";
import { AyonConfigError, AyonReplyTooLargeError } from "./errors.js";
import { startScriptedServer, type ScriptedServer } from "./test-server.test-helpers.js";

let server: ScriptedServer | undefined;
afterEach(async () => server?.close());

const client = (url: string, maxReplyBytes?: number) =>
  new AyonClient({ serverUrl: url, apiKey: "k".repeat(32), retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 2 }, maxReplyBytes });

describe("AyonClient maxReplyBytes", () => {
  it("fails a call whose answer is past the cap once, not retried, with a sentence naming the route and the cap", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: { name: "secret-project", attrib: { big: "x".repeat(5000) } } }));
    const error = await client(server.url, 1000).getProject("secret-project").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AyonReplyTooLargeError);
    expect((error as Error).message).toBe(
      `AYON's reply to GET /api/projects/{name} at ${server.url} was larger than the 1000 bytes cap (the client's ` +
        "maxReplyBytes); it was cut off and not retried, as the same request would get the same reply.",
    );
    expect(isRetryable(error)).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it("keeps answers within the cap, and refuses a cap that is not a positive whole number", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: { name: "demo", code: "demo" } }));
    await expect(client(server.url, 1000).getProject("demo")).resolves.toMatchObject({ name: "demo" });
    expect(() => client(server!.url, 0)).toThrow(AyonConfigError);
  });
});
