/**
 * Turning response bodies into values: every shape problem becomes one ShotgridProtocolError naming the
 * route and the path where the body departs from the documented envelope (values are never echoed).
 */
import type { z } from "zod";
import { ShotgridHttpError, ShotgridProtocolError } from "./errors.js";
import { WireShapeError } from "./records.js";

/** Validate `body` with a zod schema (the small, rare responses: schema, tokens, batch). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, method: string, route: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new ShotgridProtocolError(`ShotGrid answered ${method} ${route} with an unexpected body${where}.`);
}

/** Read `body` with one of the hand-written record readers (the hot path: records and pages of records). */
export function readBody<T>(reader: (body: unknown) => T, body: unknown, method: string, route: string): T {
  try {
    return reader(body);
  } catch (err) {
    if (!(err instanceof WireShapeError)) throw err;
    throw new ShotgridProtocolError(`ShotGrid answered ${method} ${route} with an unexpected body at ${err.path}.`);
  }
}

/** 404 code 104 = no such row (or retired). 404 code 103 = unknown route or entity type: a real error. */
export function isRecordNotFound(err: unknown): boolean {
  return err instanceof ShotgridHttpError && err.status === 404 && err.code === 104;
}
