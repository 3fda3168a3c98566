import { describe, expect, it } from "@jest/globals";
import * as core from "../index.js";

describe("@ayon-sg/core exports the AYON client", () => {
  it("exposes the client, its errors and id helpers", () => {
    for (const name of ["AyonClient", "AyonError", "AyonHttpError", "AyonAuthError", "AyonUnavailableError", "AyonOperationsError", "AyonGraphqlError", "AyonResponseError", "AyonConfigError", "AyonInputError", "newAyonId"]) {
      expect(typeof (core as Record<string, unknown>)[name]).toBe("function");
    }
    expect(new core.AyonAuthError({ status: 401, detail: null, requestId: null, method: "GET", path: "/api/info", serverUrl: "http://h" })).toBeInstanceOf(core.AyonError);
    expect(core.newAyonId()).toMatch(core.AYON_ID_REGEX);
  });
});
