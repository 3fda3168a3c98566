import { describe, expect, it } from "@jest/globals";
import { classifyAnswer, type AnswerClass, type AnswerFacts } from "./failure-class.js";

const JSON_TYPE = "application/json";
const HTML_TYPE = "text/html; charset=utf-8";

// status, content type, body parsed as JSON (2xx only), expected class
const TABLE: Array<[number, string | null, boolean | undefined, AnswerClass]> = [
  [200, JSON_TYPE, true, "ok"],
  [201, JSON_TYPE, true, "ok"],
  [204, null, undefined, "ok"],
  [200, HTML_TYPE, false, "unavailable"], // a maintenance or SSO page served with 200
  [200, HTML_TYPE, true, "unavailable"], // HTML content type, whatever the body
  [200, "text/plain", false, "unavailable"], // a proxy's plain-text page
  [200, null, false, "unavailable"],
  [301, HTML_TYPE, undefined, "unavailable"],
  [302, null, undefined, "unavailable"], // redirect to a login page
  [307, JSON_TYPE, undefined, "unavailable"],
  [400, JSON_TYPE, undefined, "final"],
  [401, JSON_TYPE, undefined, "auth"],
  [403, JSON_TYPE, undefined, "auth"],
  [404, JSON_TYPE, undefined, "final"],
  [409, JSON_TYPE, undefined, "final"],
  [408, null, undefined, "unavailable"],
  [422, JSON_TYPE, undefined, "final"], // a validation error
  [429, JSON_TYPE, undefined, "unavailable"],
  [500, JSON_TYPE, undefined, "unavailable"],
  [500, HTML_TYPE, undefined, "unavailable"],
  [502, HTML_TYPE, undefined, "unavailable"],
  [503, null, undefined, "unavailable"],
  [504, null, undefined, "unavailable"],
  [599, null, undefined, "unavailable"],
];

describe("classifyAnswer", () => {
  it.each(TABLE)("HTTP %i, %s, body is JSON: %s → %s", (status, contentType, bodyIsJson, expected) => {
    const facts: AnswerFacts = { status, contentType, ...(bodyIsJson === undefined ? {} : { bodyIsJson }) };
    expect(classifyAnswer(facts)).toBe(expected);
  });
});
