// Replays the conversation recorded from a real AYON 1.16 (fixtures/ayon-1.16, see record.ts) against the
// emulator and fails on every difference a client could see: status, body kind, field set, field order,
// value types and nulls (and every value in "values" steps).
//
// KNOWN_DIFFERENCES lists the steps where today's emulator still differs, each with the reason. The list is
// checked both ways: a step that differs and is not listed fails, and a listed step that no longer differs
// fails too, so the list only shrinks as the emulator is fixed. Set AYON_REPLAY_REPORT=1 to print every
// step's differences in one report.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "../emulator.js";
import { compareReplies } from "./compare.js";
import { readFixtures } from "./fixtures.js";
import { runConversation } from "./runner.js";
import { CONVERSATION } from "./steps.js";
import type { RecordedReply } from "./types.js";

const SERVICE_KEY = "ReplayServiceKey0123456789abcdef";
const ADMIN = { name: "admin", password: "replay-admin-pass" };

/** Steps where the emulator is known to differ from the real server; the one-line reason says how. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // server, users, login
  "info-anonymous": "the recording tool's server runs offline (disableFeedback/offlineMode true) as a development build (no releaseInfo); the emulator answers as a default online release",
  info: "as info-anonymous (offline, so disableChangelog true too); its user as users-me",
  "users-me": "the recording server's set-up users have a fullName (its setup template); the emulator's seeded ones none",
  login: "the set-up admin's fullName, as users-me (so its stored ownAttrib [fullName] too)",
  "admin-me": "the set-up admin's fullName, as users-me",
  "graphql-users": "the set-up admin's and service user's fullName, as users-me",
  "graphql-users-paged": "admin's fullName, as graphql-users",
  "graphql-users-after-sync": "as graphql-users",
  // projects, attributes
  "restart-required": "the real server reports a restart only once its request is 2 s old (api/system/__init__.py), so right after the PUTs: false, null; the emulator at once",
  // addons, bundles
  "addons-list-installed": "productionVersion: the emulator's implicit production bundle names the addon; the real server has no bundle yet (see bundles-list)",
  "addon-settings-invalid": "settings of the wrong type: the real server answers 400 (errors[]), the emulator saves them (204)",
  "addon-project-settings": "follows from addon-settings-invalid: the emulator stored polling_frequency \"often\"",
  "bundles-list": "no bundle store: the emulator always answers one production bundle 'emulator' made of the installed addons; a fresh real server has none",
  "bundle-create": "POST /api/bundles is not emulated (405); the real server creates the bundle (201, empty body)",
  "bundle-create-conflict": "POST /api/bundles is not emulated (405); the real server answers a taken name with 500 (detail, error unique-violation, code 409)",
  "bundles-list-created": "as bundles-list: the created bundle is not listed, the emulator's own is",
};

const fixtures = readFixtures();
const differences = new Map<string, string[]>();
let emulator: AyonEmulator;
let replayed: Map<string, RecordedReply>;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: SERVICE_KEY, users: [{ name: ADMIN.name, password: ADMIN.password, isAdmin: true }] });
  const replies = await runConversation(CONVERSATION, {
    url: emulator.url,
    credentials: { serviceKey: SERVICE_KEY, adminName: ADMIN.name, adminPassword: ADMIN.password },
    lenientCaptures: true,
  });
  replayed = new Map(replies.map((reply) => [reply.step, reply]));
  for (const step of CONVERSATION) {
    const real = fixtures.get(step.name);
    const emu = replayed.get(step.name);
    if (real && emu) differences.set(step.name, compareReplies(real, emu, step.compare ?? "values"));
  }
  // ~150 requests and two schema rebuilds (restarts): a few seconds alone, far more on a loaded CI machine.
}, 180_000);

afterAll(async () => {
  if (process.env.AYON_REPLAY_REPORT) {
    const lines = [...differences].filter(([, d]) => d.length > 0).map(([name, d]) => `${name}\n  ${d.join("\n  ")}`);
    process.stdout.write(`AYON replay: ${lines.length} of ${CONVERSATION.length} steps differ\n${lines.join("\n")}\n`);
  }
  await emulator?.close();
});

describe("the recorded AYON 1.16 conversation replayed against the emulator", () => {
  test("the fixtures hold exactly the conversation's steps, in order (re-record after changing the steps)", () => {
    expect([...fixtures.keys()]).toEqual(CONVERSATION.map((step) => step.name));
  });

  test("every known difference names a step of the conversation", () => {
    const names = new Set(CONVERSATION.map((step) => step.name));
    expect(Object.keys(KNOWN_DIFFERENCES).filter((name) => !names.has(name))).toEqual([]);
  });

  test.each(CONVERSATION.map((step) => [step.name]))("%s", (name) => {
    const found = differences.get(name);
    expect(found).toBeDefined();
    if (name in KNOWN_DIFFERENCES) {
      // Fixed in the emulator? Then take it off KNOWN_DIFFERENCES.
      expect({ step: name, stillDiffers: found!.length > 0 }).toEqual({ step: name, stillDiffers: true });
    } else {
      expect({ step: name, differences: found }).toEqual({ step: name, differences: [] });
    }
  });
});
