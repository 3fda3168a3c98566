import { describe, expect, it } from "@jest/globals";
import { resolveOptions } from "./client-options.js";
import { AyonConfigError } from "./errors.js";
import { AyonClient } from "./client.js";

const base = { serverUrl: "http://127.0.0.1:5000", apiKey: "k".repeat(32) };

describe("AyonClient options (NAME_REGEX, construction-time checks)", () => {
  it("applies the defaults: 30 s timeout, 3 retries, 256 MiB per reply", () => {
    expect(resolveOptions(base)).toEqual({
      serverUrl: "http://127.0.0.1:5000",
      timeoutMs: 30_000,
      retry: { limit: 3, baseDelayMs: 250, maxDelayMs: 5000 },
      maxReplyBytes: 256 * 1024 * 1024,
    });
  });

  it("keeps a path prefix and drops trailing slashes", () => {
    expect(resolveOptions({ ...base, serverUrl: "https://host.example/ayon//" }).serverUrl).toBe("https://host.example/ayon");
  });

  it.each([
    ["sender", { sender: "my worker" }, /sender "my worker" is not a valid AYON name/],
    ["sender ending in a dot", { sender: "worker." }, /not a valid AYON name/],
    ["senderType", { senderType: "-shotgrid" }, /senderType "-shotgrid" is not a valid AYON name/],
    ["empty apiKey", { apiKey: " " }, /non-empty apiKey/],
    ["serverUrl with /api", { serverUrl: "http://h:5000/api/" }, /ends with \/api; give the server root, e\.g\. http:\/\/h:5000/],
    ["serverUrl with credentials", { serverUrl: "http://u:p@h:5000" }, /must not contain a user name or password/],
    ["serverUrl not a URL", { serverUrl: "ayon" }, /is not a valid URL/],
    ["serverUrl ftp", { serverUrl: "ftp://h" }, /must start with http/],
    ["timeoutMs", { timeoutMs: 0 }, /timeoutMs must be an integer >= 1/],
    ["retry.limit", { retry: { limit: -1 } }, /retry\.limit must be an integer >= 0/],
  ])("rejects a bad %s with a clear AyonConfigError", (_label, patch, message) => {
    const make = () => new AyonClient({ ...base, ...patch });
    expect(make).toThrow(AyonConfigError);
    expect(make).toThrow(message);
  });

  it("accepts valid sender names", () => {
    expect(() => new AyonClient({ ...base, sender: "aysvc_sg.worker-1", senderType: "shotgrid" })).not.toThrow();
    expect(() => new AyonClient({ ...base, sender: "_" })).not.toThrow();
  });

  it("withSender validates the new names too", () => {
    const client = new AyonClient(base);
    expect(() => client.withSender("bad name")).toThrow(AyonConfigError);
    expect(() => client.withSender("ok", "bad type!")).toThrow(AyonConfigError);
  });
});
