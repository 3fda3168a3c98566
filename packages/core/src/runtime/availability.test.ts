// isOutage reads AYON failures by the one rule of http/failure-class.ts: every answer that may pass by itself makes
// the runtime wait (shared backoff), not only 5xx; final answers do not.
import { describe, expect, it } from "@jest/globals";
import { AyonHttpError, AyonOperationsError, AyonResponseError, AyonUnavailableError } from "../ayon/errors.js";
import { isOutage } from "./availability.js";

const http = (status: number) => new AyonHttpError({ status, detail: null, requestId: null, method: "POST", path: "/api/enroll", serverUrl: "http://ayon" });

describe("isOutage", () => {
  it("counts the answers that may pass besides 5xx as outages: 408, 425, 429 and redirects", () => {
    // Before the one rule these read as final (only status >= 500 counted).
    expect([408, 425, 429, 301, 302, 307].map((s) => [s, isOutage(http(s))])).toEqual([408, 425, 429, 301, 302, 307].map((s) => [s, true]));
  });

  it("counts an HTML page served with 200 (a body that is not JSON) as an outage, not a JSON body of the wrong shape", () => {
    expect(isOutage(new AyonResponseError({ method: "POST", path: "/api/enroll", issues: ["the body is not JSON"], notJson: true }))).toBe(true);
    expect(isOutage(new AyonResponseError({ method: "POST", path: "/api/enroll", issues: ["id: expected string"] }))).toBe(false);
  });

  it("still counts 5xx and unanswered requests, and never a final answer", () => {
    expect([500, 502, 503, 504].every((s) => isOutage(http(s)))).toBe(true);
    expect(isOutage(new AyonUnavailableError({ serverUrl: "http://ayon", method: "GET", path: "/api/info", attempts: 3, cause: new Error("ECONNREFUSED"), maybeApplied: false }))).toBe(true);
    expect(isOutage(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect([400, 401, 403, 404, 409, 422].map((s) => isOutage(http(s)))).toEqual([false, false, false, false, false, false]);
    expect(isOutage(new Error("a bug"))).toBe(false);
    expect(isOutage("not an error")).toBe(false);
  });

  it("reads a failed operation by its status the same way", () => {
    const failed = (status: number | null) =>
      new AyonOperationsError({ project: "p", rolledBack: true, failed: { index: 0, operationId: null, type: "update", entityType: "folder", entityId: null, status, errorCode: null, detail: null } });
    expect([isOutage(failed(503)), isOutage(failed(429)), isOutage(failed(409))]).toEqual([true, true, false]);
  });
});
