import { Writable } from "node:stream";
import { describe, expect, it } from "@jest/globals";
import { REDACTED, Redactor } from "./redactor.js";
import { WinstonLogger } from "./winston-logger.js";

const KEY = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";

describe("Redactor", () => {
  it("replaces known secret values anywhere and hides secret-looking keys", () => {
    const redactor = new Redactor();
    redactor.add(KEY);
    expect(redactor.text(`key=${KEY} in text`)).toBe(`key=${REDACTED} in text`);
    expect(redactor.value({ nested: [{ note: `Bearer ${KEY}` }], apiKey: "other", token: "x", count: 3 })).toEqual({
      nested: [{ note: `Bearer ${REDACTED}` }],
      apiKey: REDACTED,
      token: REDACTED,
      count: 3,
    });
    const error = redactor.value(new Error(`bad key ${KEY}`)) as { message: string };
    expect(error.message).toBe(`bad key ${REDACTED}`);
  });
});

describe("WinstonLogger", () => {
  function capture(format: "json" | "pretty") {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const redactor = new Redactor();
    redactor.add(KEY);
    return { lines, logger: WinstonLogger.create({ level: "debug", format, redactor, stream }) };
  }

  it("writes JSON lines with bound context and no secret", () => {
    const { lines, logger } = capture("json");
    logger.child({ plugin: "leecher", eventId: "e1" }).info(`connected with ${KEY}`, { apiKey: KEY, url: "http://x" });
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: "info", message: `connected with ${REDACTED}`, plugin: "leecher", eventId: "e1", apiKey: REDACTED, url: "http://x" });
    expect(lines.join("")).not.toContain(KEY);
  });

  it("does no work for a level that is off: nothing is redacted, formatted or written", () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    let redactions = 0;
    const redactor = new (class extends Redactor {
      override text(value: string): string {
        redactions += 1;
        return super.text(value);
      }
    })();
    const logger = WinstonLogger.create({ level: "info", format: "json", redactor, stream });
    logger.debug("a request", { route: "/api/x", ms: 3 });
    expect(redactions).toBe(0);
    expect(lines).toEqual([]);
    logger.info("shown");
    expect(redactions).toBeGreaterThan(0);
    expect(lines).toHaveLength(1);
  });

  it("writes readable lines on a terminal", () => {
    const { lines, logger } = capture("pretty");
    logger.child({ plugin: "leecher" }).warn("slow", { ms: 12 });
    expect(lines[0]).toMatch(/WARN  \[leecher\] slow  ms=12/);
  });
});
