// A small pydantic-v1-like validator for request bodies: camelCase or snake_case keys, unknown keys
// ignored, lax coercion (pydantic v1 turns "1" into 1 and 5 into "5"), and errors collected as
// `{loc, msg, type}` so the caller can answer 400 "Request validation error" with all of them.
import { requestValidationError, type ValidationIssue } from "./errors.js";

export type FieldType = "string" | "int" | "number" | "bool" | "object" | "array" | "any";

export interface FieldSpec {
  type: FieldType;
  required?: boolean;
  /** `null` is accepted (and kept as null). */
  nullable?: boolean;
  regex?: RegExp;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  enum?: readonly string[];
  /** Element spec for arrays. */
  items?: FieldSpec;
  /** Field specs of an object (a nested pydantic model). */
  fields?: Schema;
  /** Default applied when the key is absent. */
  default?: unknown;
}

export type Schema = Record<string, FieldSpec>;

export function camelToSnake(name: string): string {
  return name.replace(/(?<!^)(?=[A-Z])/g, "_").toLowerCase();
}

export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Reads `key` in camelCase or snake_case form. */
export function pick(body: Record<string, unknown>, key: string): { present: boolean; value: unknown } {
  if (Object.prototype.hasOwnProperty.call(body, key)) return { present: true, value: body[key] };
  const snake = camelToSnake(key);
  if (snake !== key && Object.prototype.hasOwnProperty.call(body, snake)) return { present: true, value: body[snake] };
  return { present: false, value: undefined };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Coerces one value; pushes issues and returns undefined on failure. */
export function coerceField(spec: FieldSpec, value: unknown, loc: Array<string | number>, issues: ValidationIssue[]): unknown {
  if (value === null) {
    if (spec.nullable) return null;
    issues.push({ loc, msg: "none is not an allowed value", type: "type_error.none.not_allowed" });
    return undefined;
  }
  switch (spec.type) {
    case "any":
      return value;
    case "string": {
      let s: string;
      if (typeof value === "string") s = value;
      else if (typeof value === "number" && Number.isFinite(value)) s = String(value);
      else {
        issues.push({ loc, msg: "str type expected", type: "type_error.str" });
        return undefined;
      }
      if (spec.minLength !== undefined && s.length < spec.minLength) {
        issues.push({ loc, msg: `ensure this value has at least ${spec.minLength} characters`, type: "value_error.any_str.min_length" });
        return undefined;
      }
      if (spec.maxLength !== undefined && s.length > spec.maxLength) {
        issues.push({ loc, msg: `ensure this value has at most ${spec.maxLength} characters`, type: "value_error.any_str.max_length" });
        return undefined;
      }
      if (spec.regex && !spec.regex.test(s)) {
        issues.push({ loc, msg: `string does not match regex "${spec.regex.source}"`, type: "value_error.str.regex", ctx: { pattern: spec.regex.source } });
        return undefined;
      }
      if (spec.enum && !spec.enum.includes(s)) {
        issues.push({ loc, msg: `unexpected value; permitted: ${spec.enum.map((e) => `'${e}'`).join(", ")}`, type: "value_error.const", ctx: { given: s, permitted: [...spec.enum] } });
        return undefined;
      }
      return s;
    }
    case "int":
    case "number": {
      let n: number;
      if (typeof value === "number") n = value;
      else if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) n = Number(value);
      else if (typeof value === "boolean") n = value ? 1 : 0;
      else {
        issues.push({ loc, msg: spec.type === "int" ? "value is not a valid integer" : "value is not a valid float", type: `type_error.${spec.type === "int" ? "integer" : "float"}` });
        return undefined;
      }
      if (spec.type === "int" && !Number.isInteger(n)) {
        issues.push({ loc, msg: "value is not a valid integer", type: "type_error.integer" });
        return undefined;
      }
      if (spec.min !== undefined && n < spec.min) {
        issues.push({ loc, msg: `ensure this value is greater than or equal to ${spec.min}`, type: "value_error.number.not_ge" });
        return undefined;
      }
      if (spec.max !== undefined && n > spec.max) {
        issues.push({ loc, msg: `ensure this value is less than or equal to ${spec.max}`, type: "value_error.number.not_le" });
        return undefined;
      }
      return n;
    }
    case "bool": {
      const b = coerceBool(value);
      if (b === undefined) issues.push({ loc, msg: "value could not be parsed to a boolean", type: "type_error.bool" });
      return b;
    }
    case "object":
      if (!isPlainObject(value)) {
        issues.push({ loc, msg: "value is not a valid dict", type: "type_error.dict" });
        return undefined;
      }
      return spec.fields ? { ...value, ...validateObject(spec.fields, value, loc, issues) } : value;
    case "array": {
      if (!Array.isArray(value)) {
        issues.push({ loc, msg: "value is not a valid list", type: "type_error.list" });
        return undefined;
      }
      if (!spec.items) return value;
      const out: unknown[] = [];
      value.forEach((item, i) => out.push(coerceField(spec.items!, item, [...loc, i], issues)));
      return out;
    }
  }
}

const TRUE_WORDS = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_WORDS = new Set(["0", "off", "f", "false", "n", "no"]);

export function coerceBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (TRUE_WORDS.has(lower)) return true;
    if (FALSE_WORDS.has(lower)) return false;
  }
  return undefined;
}

export interface ValidationContext {
  method: string;
  path: string;
}

/** Validates a body against a schema, returning camelCase keys; absent keys without default stay absent. */
export function validateBody(schema: Schema, body: unknown, ctx: ValidationContext): Record<string, unknown> {
  const issues: ValidationIssue[] = [];
  const out = validateObject(schema, body, ["body"], issues);
  if (issues.length > 0) throw requestValidationError(ctx.method, ctx.path, issues);
  return out;
}

export function validateObject(
  schema: Schema,
  body: unknown,
  loc: Array<string | number>,
  issues: ValidationIssue[],
): Record<string, unknown> {
  if (body === undefined) {
    const anyRequired = Object.values(schema).some((s) => s.required);
    if (anyRequired) {
      issues.push({ loc, msg: "field required", type: "value_error.missing" });
      return {};
    }
    body = {};
  }
  if (!isPlainObject(body)) {
    issues.push({ loc, msg: "value is not a valid dict", type: "type_error.dict" });
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const { present, value } = pick(body, key);
    if (!present || value === undefined) {
      if (spec.required) issues.push({ loc: [...loc, key], msg: "field required", type: "value_error.missing" });
      else if (spec.default !== undefined) out[key] = structuredClone(spec.default);
      continue;
    }
    const coerced = coerceField(spec, value, [...loc, key], issues);
    if (coerced !== undefined) out[key] = coerced;
  }
  return out;
}

/**
 * Validates a single path/query parameter the way FastAPI does (400 on mismatch). `length`: a fixed
 * length checked first, as entity ids are (ayon-backend ayon_server/api/dependencies.py: min and max 32).
 */
export function validateParam(name: string, where: "path" | "query", value: string, regex: RegExp, ctx: ValidationContext, length?: number): string {
  if (length !== undefined && value.length !== length) {
    const short = value.length < length;
    throw requestValidationError(ctx.method, ctx.path, [{
      loc: [where, name],
      msg: `ensure this value has ${short ? "at least" : "at most"} ${length} characters`,
      type: `value_error.any_str.${short ? "min" : "max"}_length`,
      ctx: { limit_value: length },
    }]);
  }
  if (!regex.test(value)) {
    throw requestValidationError(ctx.method, ctx.path, [
      { loc: [where, name], msg: `string does not match regex "${regex.source}"`, type: "value_error.str.regex", ctx: { pattern: regex.source } },
    ]);
  }
  return value;
}
