import { afterEach, describe, expect, it } from "@jest/globals";
import { inspect } from "node:util";
import { ShotgridClient } from "./shotgrid-client.js";
import type { RequestInfo } from "./transport.js";
import { CapturingLogger, errorReply, FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite, shotPage } from "./test-server.test-helpers.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

/** Every way an object can be shown. */
function allViews(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? "";
  } catch {
    json = "";
  }
  return [String(value), json, inspect(value, { depth: Infinity, showHidden: true, getters: true })].join("\n");
}

function expectNoSecret(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("secrets never leave the client", () => {
  it("keeps the key and the tokens out of logs, errors, request reports, JSON and inspect", async () => {
    site = await ScriptedSite.start();
    const logger = new CapturingLogger();
    const infos: RequestInfo[] = [];
    const c = new ShotgridClient({
      siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY, logger, onRequest: (i) => infos.push(i),
    });
    site.on("POST", "/entity/shots/_search", [{ status: 503 }, "drop", shotPage(1, 1)]);
    // A server that quotes the request back, credentials included, in its error text.
    site.on("GET", "/entity/shots/1", (req) => {
      const reply = errorReply(400, 103, `Bad header ${String(req.headers.authorization)}`, `key was ${SCRIPT_KEY}`);
      (reply.body as { errors: Array<Record<string, unknown>> }).errors[0]!.source = { authorization: [String(req.headers.authorization)] };
      return reply;
    });
    site.on("PUT", "/entity/shots/1", [{ status: 503 }]);

    const errors: unknown[] = [];
    await c.search("Shot");
    site.revokeTokens();
    await c.search("Shot"); // 401 → re-auth
    errors.push(await c.read("Shot", 1).catch((e: unknown) => e));
    errors.push(await c.update("Shot", 1, { code: "x" }).catch((e: unknown) => e));
    const bad = new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: `${SCRIPT_KEY}-wrong`, logger, retry: FAST_RETRY });
    errors.push(await bad.read("Shot", 1).catch((e: unknown) => e));

    const secrets = [SCRIPT_KEY, ...site.issuedTokens];
    expect(site.issuedTokens).toHaveLength(2);
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect((errors[0] as Error).message).toContain("[redacted]");
    expectNoSecret(errors.map(allViews).join("\n"), secrets);
    expectNoSecret(logger.text(), secrets);
    expect(logger.entries.length).toBeGreaterThan(5);
    expectNoSecret(allViews(infos), secrets);
    expectNoSecret(allViews(c), secrets);
    expectNoSecret(allViews(bad), [`${SCRIPT_KEY}-wrong`]);
    expect(JSON.parse(JSON.stringify(c))).toEqual({ siteUrl: site.url, scriptName: SCRIPT_NAME });
  });

  it("does not show the key when the client options are refused", () => {
    const err = (() => {
      try {
        return new ShotgridClient({ siteUrl: "not a url", scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(Error);
    expectNoSecret(allViews(err), [SCRIPT_KEY]);
  });
});
