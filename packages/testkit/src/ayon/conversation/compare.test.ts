import { describe, expect, test } from "@jest/globals";
import { compareReplies } from "./compare.js";
import type { RecordedReply } from "./types.js";

const reply = (status: number, body: unknown): RecordedReply => ({
  step: "s", about: "", request: { role: "service", method: "GET", path: "/x" }, status, bodyKind: "json", body,
});

describe("compareReplies", () => {
  test("an identical shape with other data values passes in shape mode, fails in values mode", () => {
    const real = reply(200, { name: "a", count: 1 });
    const emu = reply(200, { name: "b", count: 2 });
    expect(compareReplies(real, emu, "shape")).toEqual([]);
    expect(compareReplies(real, emu, "values")).toEqual(['body.name: real "a", emulator "b"', "body.count: real 1, emulator 2"]);
  });

  test("reports status, missing and extra fields, order, types and nulls", () => {
    const real = reply(404, { code: 404, detail: "x", title: null, data: { a: 1, b: 2 } });
    const emu = reply(400, { detail: "x", code: 404, title: "t", data: { b: 2, a: 1 }, extra: true });
    expect(compareReplies(real, emu, "shape")).toEqual([
      "status: real 404, emulator 400",
      "body: emulator has extra extra",
      "body: field order real [code, detail, title, data], emulator [detail, code, title, data]",
      'body.title: real null, emulator string "t"',
      "body.data: field order real [a, b], emulator [b, a]",
    ]);
  });

  test("pairs named list items by name and reports the missing ones", () => {
    const real = reply(200, { attributes: [{ name: "fps", v: 1 }, { name: "priority", v: null }] });
    const emu = reply(200, { attributes: [{ name: "priority", v: "normal" }] });
    expect(compareReplies(real, emu, "shape")).toEqual([
      "body.attributes: real 2 items, emulator 1",
      "body.attributes: emulator lacks items named fps",
      'body.attributes[name=priority].v: real null, emulator string "normal"',
    ]);
  });

  test("status mode ignores the body, none mode ignores everything", () => {
    const real = reply(200, { a: 1 });
    const emu = reply(200, { b: 1 });
    expect(compareReplies(real, emu, "status")).toEqual([]);
    expect(compareReplies(real, { ...emu, status: 500 }, "none")).toEqual([]);
    expect(compareReplies(real, { ...emu, bodyKind: "text" }, "status")).toEqual(["body: real json, emulator text"]);
  });
});
