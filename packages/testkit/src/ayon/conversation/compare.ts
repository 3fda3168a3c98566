// What a client could see differ between a recorded (real AYON) answer and a replayed (emulator) one: the
// status, the body kind, and in the body every missing or extra field, a changed field order, a changed value
// type (null included) and a changed list length; in "values" mode every normalised value too.
import type { CompareMode, RecordedReply } from "./types.js";

/** Human-readable text: compared by type only, even in "values" mode (a client shows it, never parses it). */
const TEXT_KEYS = new Set(["detail", "traceback", "message", "msg"]);

/** At most this many differences are listed per step (the rest are counted). */
const LIMIT = 25;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Elements of two lists are paired by `name` when every element has a unique one (attributes, types), else by index. */
function pairs(real: unknown[], emu: unknown[]): Array<[string, unknown, unknown]> {
  const named = (list: unknown[]) =>
    list.every((item) => isRecord(item) && typeof item.name === "string") &&
    new Set(list.map((item) => (item as { name: string }).name)).size === list.length;
  if (real.length > 0 && named(real) && named(emu)) {
    const byName = new Map(emu.map((item) => [(item as { name: string }).name, item]));
    return real
      .filter((item) => byName.has((item as { name: string }).name))
      .map((item) => {
        const name = (item as { name: string }).name;
        return [`[name=${name}]`, item, byName.get(name)];
      });
  }
  const n = Math.min(real.length, emu.length);
  return Array.from({ length: n }, (_, i) => [`[${i}]`, real[i], emu[i]]);
}

function compareValue(real: unknown, emu: unknown, path: string, values: boolean, out: string[]): void {
  const realKind = kindOf(real);
  const emuKind = kindOf(emu);
  if (realKind !== emuKind) {
    out.push(`${path}: real ${realKind}${realKind === "null" ? "" : ` ${short(real)}`}, emulator ${emuKind}${emuKind === "null" ? "" : ` ${short(emu)}`}`);
    return;
  }
  if (Array.isArray(real) && Array.isArray(emu)) {
    if (real.length !== emu.length) out.push(`${path}: real ${real.length} items, emulator ${emu.length}`);
    const realNames = nameList(real);
    const emuNames = nameList(emu);
    if (realNames && emuNames) {
      const missing = realNames.filter((n) => !emuNames.includes(n));
      const extra = emuNames.filter((n) => !realNames.includes(n));
      if (missing.length) out.push(`${path}: emulator lacks items named ${missing.join(", ")}`);
      if (extra.length) out.push(`${path}: emulator has extra items named ${extra.join(", ")}`);
      const common = realNames.filter((n) => emuNames.includes(n));
      if (values && common.join() !== emuNames.filter((n) => realNames.includes(n)).join()) out.push(`${path}: items in another order`);
    }
    for (const [suffix, r, e] of pairs(real, emu)) compareValue(r, e, `${path}${suffix}`, values, out);
    return;
  }
  if (isRecord(real) && isRecord(emu)) {
    const realKeys = Object.keys(real);
    const emuKeys = Object.keys(emu);
    const missing = realKeys.filter((k) => !(k in emu));
    const extra = emuKeys.filter((k) => !(k in real));
    if (missing.length) out.push(`${path}: emulator lacks ${missing.join(", ")}`);
    if (extra.length) out.push(`${path}: emulator has extra ${extra.join(", ")}`);
    const realOrder = realKeys.filter((k) => k in emu);
    const emuOrder = emuKeys.filter((k) => k in real);
    if (realOrder.join() !== emuOrder.join()) out.push(`${path}: field order real [${realOrder.join(", ")}], emulator [${emuOrder.join(", ")}]`);
    for (const key of realOrder) compareValue(real[key], emu[key], `${path}.${key}`, values && !TEXT_KEYS.has(key), out);
    return;
  }
  if (values && real !== emu) out.push(`${path}: real ${short(real)}, emulator ${short(emu)}`);
}

function nameList(list: unknown[]): string[] | null {
  if (list.length === 0 || !list.every((item) => isRecord(item) && typeof item.name === "string")) return null;
  return list.map((item) => (item as { name: string }).name);
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The differences between a recorded and a replayed answer of one step; empty when a client could not tell. */
export function compareReplies(real: RecordedReply, emu: RecordedReply, mode: CompareMode): string[] {
  if (mode === "none") return [];
  const out: string[] = [];
  if (real.status !== emu.status) out.push(`status: real ${real.status}, emulator ${emu.status}`);
  if (real.bodyKind !== emu.bodyKind) out.push(`body: real ${real.bodyKind}, emulator ${emu.bodyKind}`);
  if (mode !== "status" && real.bodyKind === "json" && emu.bodyKind === "json") {
    compareValue(real.body, emu.body, "body", mode === "values", out);
  }
  return out.length > LIMIT ? [...out.slice(0, LIMIT), `... and ${out.length - LIMIT} more`] : out;
}
