// The real binary with many worker slots: each slot waits on the pool's stop signals, and Node must not take that
// for a listener leak (a MaxListenersExceededWarning on stderr at every start with more than a few slots).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { startBinary } from "@ayon-sg/testing";
import { AyonClient } from "../ayon/client.js";
import { ledgerPath, ledgerStudio } from "../cli/ledger-plugin.test-helpers.js";

const API_KEY = "e2eworkerpoolkey0000000000000000";

describe("a runtime with 16 worker slots", () => {
  let ayonEmulator: AyonEmulator;
  beforeAll(async () => {
    ayonEmulator = await startAyonEmulator({ apiKey: API_KEY });
  });
  afterAll(async () => ayonEmulator?.close());

  it("runs a job and stops without a listener-leak warning", async () => {
    const studio = ledgerStudio({ config: { concurrency: 16 } });
    const running = startBinary(["run", "--studio", studio], {
      env: { AYON_SERVER_URL: ayonEmulator.url, AYON_API_KEY: API_KEY, AYON_SG_INSTANCE: "slots", LEDGER_FILE: ledgerPath(studio) },
    });
    await running.waitFor("starting");
    const ayon = new AyonClient({ serverUrl: ayonEmulator.url, apiKey: API_KEY });
    const { id } = await ayon.dispatchEvent({ topic: "studio.ledger", payload: { seq: 1 } });
    await running.waitFor(new RegExp(`job finished: ledger on studio\\.ledger, event ${id}`));
    const result = await running.stop("SIGTERM");
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/MaxListenersExceededWarning/);
  }, 30_000);
});
