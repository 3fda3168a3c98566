// What a real server stores when settings are POSTed (ayon-backend api/addons/studio_settings.py and
// project_settings.py): the body is read as the WHOLE settings model — a key left out takes the
// model's default, not the value saved before — and the overrides become the difference between the
// currently resolved settings and that model (ayon_server/settings/overrides.py extract_overrides).
// So a partial POST resets every other overridden value to its default. The emulator has no Python
// model: the defaults document stands for it (an object is a sub-model, anything else a value).
import { deepMerge } from "./addon-store.js";
import type { JsonObject } from "./types.js";
import { isPlainObject } from "./validation.js";

type Path = string[];

export interface PostedSettings {
  /** The body without the pin lists, filled up with the model defaults. */
  model: JsonObject;
  pins: Path[];
  unpins: Path[];
}

function pathList(value: unknown): Path[] {
  return Array.isArray(value) ? value.filter((p): p is Path => Array.isArray(p)).map((p) => p.map(String)) : [];
}

/** studio_settings.py / project_settings.py: `__pinned_fields__` and `__unpinned_fields__` are popped, then `model(**payload)`. */
export function readPostedSettings(defaults: JsonObject, body: JsonObject): PostedSettings {
  const { __pinned_fields__: pins, __unpinned_fields__: unpins, ...payload } = body;
  return { model: deepMerge(defaults, payload), pins: pathList(pins), unpins: pathList(unpins) };
}

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((k, i) => k === b[i]);
const isPinned = (pins: Path[], path: Path) => pins.some((p) => samePath(p, path));

/** overrides.py extract_overrides: fields of `original` only; a changed or already-overridden field is kept. */
export function extractOverrides(original: JsonObject, posted: PostedSettings, existing: JsonObject): JsonObject {
  const result: JsonObject = {};
  crawl(original, posted.model, existing, result, [], posted.pins);
  for (const path of posted.unpins) removePath(result, path);
  return result;
}

function crawl(original: JsonObject, posted: JsonObject, existing: JsonObject, target: JsonObject, path: Path, pins: Path[]): void {
  for (const [field, oldChild] of Object.entries(original)) {
    const newChild = posted[field];
    const fieldPath = [...path, field];
    const inExisting = Object.hasOwn(existing, field);
    if (isPlainObject(oldChild)) {
      if (isPinned(pins, fieldPath)) {
        target[field] = structuredClone(newChild ?? null);
      } else if (!sameJson(oldChild, newChild) || inExisting) {
        const sub: JsonObject = {};
        target[field] = sub;
        const existingChild = existing[field];
        crawl(oldChild, isPlainObject(newChild) ? newChild : {}, isPlainObject(existingChild) ? existingChild : {}, sub, fieldPath, pins);
      }
    } else if (!sameJson(oldChild, newChild) || inExisting || isPinned(pins, fieldPath)) {
      target[field] = structuredClone(newChild ?? null);
    }
  }
}

/** pydantic's `==` on JSON values: key order does not matter. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return a === b;
}

/** ayon_server/utils/utils.py dict_remove_path with remove_orphans: emptied parents go too. */
function removePath(data: JsonObject, path: Path): void {
  if (path.length === 0) return;
  const parents: JsonObject[] = [data];
  for (const key of path.slice(0, -1)) {
    const next = parents.at(-1)![key];
    if (!isPlainObject(next)) return;
    parents.push(next);
  }
  const last = path.at(-1)!;
  if (!Object.hasOwn(parents.at(-1)!, last)) return;
  delete parents.at(-1)![last];
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]!).length > 0) break;
    delete parents[i - 1]![path[i - 1]!];
  }
}
