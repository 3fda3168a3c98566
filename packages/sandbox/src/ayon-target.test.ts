// Who runs what on a given AYON: a service user's key runs the runtime itself, an admin's key gets the
// runtime a new service user, any other key is refused with a sentence — decided from GET /api/users/me.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { UserError } from "@ayon-sg/core";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { realTarget } from "./ayon-target.js";

const SERVICE_KEY = "sandboxtargetservicekey0123456789";
const ADMIN_KEY = "sandboxtargetadminkey01234567890a";
const ARTIST_KEY = "sandboxtargetartistkey0123456789b";
let ayon: AyonEmulator;

beforeAll(async () => {
  ayon = await startAyonEmulator({
    apiKey: SERVICE_KEY,
    users: [
      { name: "boss", apiKey: ADMIN_KEY, isAdmin: true },
      { name: "artist", apiKey: ARTIST_KEY },
    ],
  });
});

afterAll(async () => {
  await ayon?.close();
});

describe("realTarget", () => {
  it("runs the runtime as the key's own service user, creating none", async () => {
    const target = await realTarget(ayon.url, SERVICE_KEY);
    expect(target).toMatchObject({ kind: "real", url: ayon.url, setupKey: SERVICE_KEY, service: { name: "service", apiKey: SERVICE_KEY, create: false } });
    expect(target.version).toMatch(/^\d+\.\d+/);
  });

  it("gives an admin's runtime a new service user with a fresh key, named per run", async () => {
    const target = await realTarget(ayon.url, ADMIN_KEY, 1_700_000_000_000);
    expect(target.service).toMatchObject({ name: `ayon-sg-sandbox-${(1_700_000_000_000).toString(36)}`, create: true });
    expect(target.service.apiKey).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(target.service.apiKey).not.toBe(ADMIN_KEY);
  });

  it.each([
    ["no key", undefined, /needs an admin's or service user's API key/],
    ["a key AYON refuses", "nosuchkey000000000000000000000000", /refuses the API key \(401\)/],
    ["an artist's key", ARTIST_KEY, /'artist', who is neither an admin nor a service user/],
  ])("refuses %s with a sentence, never echoing the key", async (_what, key, message) => {
    const error = await realTarget(ayon.url, key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
    if (key) expect((error as Error).message).not.toContain(key);
  });

  it("says when nothing answers at the URL", async () => {
    await expect(realTarget("http://127.0.0.1:9", SERVICE_KEY)).rejects.toThrow(/does not answer/);
  });
});
