import { describe, expect, it } from "@jest/globals";
import { readRuntimeEnv, toSenderName } from "./env.js";
import { UserError } from "./user-error.js";

const base = { AYON_SERVER_URL: "http://127.0.0.1:5000/", AYON_API_KEY: "k".repeat(32) };

describe("readRuntimeEnv", () => {
  it("reads AYON's service variables with their legacy spellings and sensible defaults", () => {
    const env = readRuntimeEnv({ ...base, AY_ADDON_NAME: "shotgrid", AY_ADDON_VERSION: "0.1.0", AYON_SG_INSTANCE: "host-a" }, { studioDir: "/studio" });
    expect(env).toMatchObject({
      serverUrl: "http://127.0.0.1:5000",
      addonName: "shotgrid",
      addonVersion: "0.1.0",
      instanceName: "host-a",
      studioDir: "/studio",
      logLevel: "info",
      logFormat: "auto",
      concurrency: null,
    });
  });

  it("says which variable is missing and where to put it, without echoing the key", () => {
    expect(() => readRuntimeEnv({ AYON_API_KEY: "secret-key-123" }, { studioDir: "/studio" })).toThrow(UserError);
    expect(() => readRuntimeEnv({ AYON_API_KEY: "secret-key-123" }, { studioDir: "/studio" })).toThrow(/AYON_SERVER_URL is not set.*\/studio\/\.env/);
    expect(() => readRuntimeEnv({ AYON_SERVER_URL: "http://x" }, {})).toThrow(/AYON_API_KEY is not set/);
    try {
      readRuntimeEnv({ ...base, AYON_SERVER_URL: "ftp://nope" });
    } catch (error) {
      expect((error as Error).message).not.toContain(base.AYON_API_KEY);
    }
  });

  it("rejects malformed values with the allowed set", () => {
    expect(() => readRuntimeEnv({ ...base, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL 'loud' must be one of/);
    expect(() => readRuntimeEnv({ ...base, AYON_SG_CONCURRENCY: "0" })).toThrow(/AYON_SG_CONCURRENCY '0' must be a whole number from 1/);
    expect(() => readRuntimeEnv({ ...base, AYON_SG_INSTANCE: "bad name!" })).toThrow(/AYON_SG_INSTANCE/);
  });

  it("reads the reply cap in MiB from AYON_SG_MAX_REPLY_MIB (unset: the clients' default)", () => {
    expect(readRuntimeEnv(base).maxReplyMiB).toBeNull();
    expect(readRuntimeEnv({ ...base, AYON_SG_MAX_REPLY_MIB: "512" }).maxReplyMiB).toBe(512);
    expect(() => readRuntimeEnv({ ...base, AYON_SG_MAX_REPLY_MIB: "0" })).toThrow(/AYON_SG_MAX_REPLY_MIB '0' must be a whole number from 1/);
  });

  it("names no addon unless AYON_ADDON_NAME does (the plugins declare theirs)", () => {
    expect(readRuntimeEnv(base).addonName).toBeNull();
    expect(readRuntimeEnv({ ...base, AYON_ADDON_NAME: "studio_addon" }).addonName).toBe("studio_addon");
  });

  it("does not require AYON for offline commands", () => {
    expect(readRuntimeEnv({}, { requireAyon: false }).serverUrl).toBe("");
  });
});

describe("toSenderName", () => {
  it("makes host names valid AYON sender names", () => {
    expect(toSenderName("render-01.studio.local-42")).toBe("render-01.studio.local-42");
    expect(toSenderName("weird host#1")).toBe("weird_host_1");
    expect(toSenderName("-.-")).toBe("ayon-sg");
  });
});
