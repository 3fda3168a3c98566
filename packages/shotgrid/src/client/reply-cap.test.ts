// The ShotGrid client's reply cap: a page past maxReplyBytes fails the call at once, as final, with a sentence
// naming the route template and the cap.
import { afterEach, describe, expect, it } from "@jest/globals";
import { isRetryable } from "@ayon-sg/core";
import { ShotgridReplyTooLargeError } from "./errors.js";
import { ShotgridClient } from "./shotgrid-client.js";
import { FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite, shotPage } from "./test-server.test-helpers.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

const SEARCH = "/entity/shots/_search";

describe("ShotgridClient maxReplyBytes", () => {
  it("fails a search whose page is past the cap once, not retried, naming the route template and the cap", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, () => shotPage(1, 500));
    const sg = new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY, maxReplyBytes: 4096 });
    const error = await sg.search("Shot", { pageSize: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShotgridReplyTooLargeError);
    expect((error as Error).message).toBe(
      "ShotGrid's reply to POST /entity/{type}/_search was larger than the 4096 bytes cap (the client's maxReplyBytes); " +
        "it was cut off and not retried, as the same request would get the same reply.",
    );
    expect(isRetryable(error)).toBe(false);
    expect(site.calls("POST", SEARCH)).toHaveLength(1);
  });

  it("reads the same page under a cap it fits in", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, () => shotPage(1, 3));
    const sg = new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY, maxReplyBytes: 64 * 1024 });
    await expect(sg.search("Shot", { pageSize: 500 })).resolves.toHaveLength(3);
  });
});
