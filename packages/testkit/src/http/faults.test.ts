import { describe, it, expect } from "@jest/globals";
import { FaultInjector } from "./faults.js";

describe("FaultInjector", () => {
  it("matches by method and path regex, first rule wins", () => {
    const faults = new FaultInjector();
    faults.add({ match: { method: "post", path: /^\/api\/enroll$/ }, status: 503 });
    faults.add({ match: { path: "^/api/" }, status: 500 });
    expect(faults.match("POST", "/api/enroll")?.status).toBe(503);
    expect(faults.match("GET", "/api/enroll")?.status).toBe(500);
    expect(faults.match("GET", "/graphql")).toBeUndefined();
  });

  it("removes a rule after `times` firings", () => {
    const faults = new FaultInjector();
    faults.add({ status: 429, headers: { "Retry-After": "1" }, times: 2 });
    expect(faults.match("GET", "/x")?.headers).toEqual({ "Retry-After": "1" });
    expect(faults.match("GET", "/x")?.status).toBe(429);
    expect(faults.match("GET", "/x")).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it("applies probability with the injected random source", () => {
    const values = [0.9, 0.1];
    const faults = new FaultInjector(() => values.shift() ?? 0);
    faults.add({ status: 500, probability: 0.5, times: 1 });
    expect(faults.match("GET", "/x")).toBeUndefined(); // 0.9 >= 0.5: not fired, not consumed
    expect(faults.match("GET", "/x")?.status).toBe(500);
    expect(faults.match("GET", "/x")).toBeUndefined();
  });

  it("removes one rule by id and clears all", () => {
    const faults = new FaultInjector();
    const a = faults.add({ drop: true });
    faults.add({ delayMs: 5 });
    expect(faults.remove(a)).toBe(true);
    expect(faults.remove(a)).toBe(false);
    expect(faults.match("GET", "/")).toMatchObject({ drop: false, delayMs: 5 });
    faults.clear();
    expect(faults.match("GET", "/")).toBeUndefined();
  });

  it("lists rules with their path source and fire counts", () => {
    const faults = new FaultInjector();
    const id = faults.add({ match: { method: "GET", path: "^/api/info" }, status: 502, times: 3 });
    faults.match("GET", "/api/info");
    expect(faults.list()).toEqual([
      { id, method: "GET", path: "^/api/info", delayMs: null, status: 502, drop: false, remaining: 2, probability: null, fired: 1 },
    ]);
  });

  it("rejects invalid rules with a clear message", () => {
    const faults = new FaultInjector();
    expect(() => faults.add({})).toThrow(/at least one of status, drop, delayMs or hugeBodyBytes/);
    expect(() => faults.add({ status: 42 })).toThrow(/status must be an integer/);
    expect(() => faults.add({ status: 500, match: { path: "(" } })).toThrow(/not a valid regular expression/);
    expect(() => faults.add({ status: 500, probability: 2 })).toThrow(/probability/);
    expect(() => faults.add({ status: 500, times: 0 })).toThrow(/times/);
  });
});
