// Validation of GraphQL list arguments as the resolvers do it (ayon-backend ayon_server/types.py
// validate_name, validate_status_list, validate_type_name_list, validate_user_name_list): a value
// outside its pattern is a 400 GraphQL error naming the value and the pattern.
import { gqlError } from "./filters.js";

// Spelled as ayon_server/types.py spells them: the error quotes the pattern.
export const NAME_PATTERN = "^[a-zA-Z0-9_]([a-zA-Z0-9_\\.\\-]*[a-zA-Z0-9_])?$";
export const STATUS_PATTERN = "^[a-zA-Z0-9_][a-zA-Z0-9_ \\-]{1,64}[a-zA-Z0-9_]$";
export const TYPE_NAME_PATTERN = STATUS_PATTERN;
export const USER_NAME_PATTERN = "^[a-zA-Z0-9][a-zA-Z0-9_\\.\\-]*[a-zA-Z0-9]$";

export function checkNames(values: readonly string[] | null | undefined, pattern = NAME_PATTERN): void {
  if (!values) return;
  const re = new RegExp(pattern);
  for (const value of values) if (!re.test(value)) throw gqlError(400, `Name '${value}' does not match regex '${pattern}'`);
}

export function checkUserNames(values: readonly string[] | null | undefined): void {
  if (!values) return;
  const re = new RegExp(USER_NAME_PATTERN);
  for (const value of values) if (!re.test(value)) throw gqlError(400, `User name '${value}' does not match regex '${USER_NAME_PATTERN}'`);
}

/** SQL ILIKE: case-insensitive, `%` any run, `_` one character, the rest literal. */
export function ilike(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`, "is");
}

/** A regular-expression argument (`nameEx`, `pathEx`); one that does not compile is a 400 naming the argument. */
export function regexArg(pattern: string, what: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    throw gqlError(400, `Invalid ${what}: ${pattern}`);
  }
}
