import { describe, it, expect } from "@jest/globals";
import { extractOverrides, readPostedSettings } from "./settings-overrides.js";

const DEFAULTS = { a: "", b: { c: 1, d: [1] }, e: { f: { g: true } } };

describe("extractOverrides (ayon-backend ayon_server/settings/overrides.py)", () => {
  it("fills the body with the defaults, ignores fields the model lacks and key order", () => {
    const posted = readPostedSettings(DEFAULTS, { b: { d: [2], c: 1 }, zz: 1 });
    expect(posted.model).toMatchObject({ a: "", b: { c: 1, d: [2] }, e: { f: { g: true } } });
    expect(extractOverrides(DEFAULTS, posted, {})).toEqual({ b: { d: [2] } });
  });

  it("keeps already-overridden fields with their posted (or default) value", () => {
    const resolved = { a: "x", b: { c: 5, d: [1] }, e: { f: { g: true } } };
    const out = extractOverrides(resolved, readPostedSettings(DEFAULTS, { e: { f: { g: false } } }), { a: "x", b: { c: 5 } });
    expect(out).toEqual({ a: "", b: { c: 1 }, e: { f: { g: false } } });
  });

  it("stores a pinned branch whole and drops unpinned paths with their emptied parents", () => {
    const body = { ...DEFAULTS, e: { f: { g: false } }, __pinned_fields__: [["b"]], __unpinned_fields__: [["e", "f", "g"]] };
    expect(extractOverrides(DEFAULTS, readPostedSettings(DEFAULTS, body), {})).toEqual({ b: { c: 1, d: [1] } });
  });
});
