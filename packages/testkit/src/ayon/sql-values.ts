// SQL value semantics the QueryFilter evaluation needs: jsonb ordering and equality, and ILIKE
// patterns. Kept apart from query-filter.ts so each file holds one concern.

export function jsonTypeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "object" ? "object" : typeof v;
}

const JSONB_RANK: Record<string, number> = { null: 0, string: 1, number: 2, boolean: 3, array: 4, object: 5 };

/** jsonb ordering: Object > Array > Boolean > Number > String > Null; then by value. */
export function compareJsonb(a: unknown, b: unknown): number {
  const ta = jsonTypeName(a);
  const tb = jsonTypeName(b);
  if (ta !== tb) return JSONB_RANK[ta]! - JSONB_RANK[tb]!;
  switch (ta) {
    case "null":
      return 0;
    case "string":
    case "number":
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case "boolean":
      return Number(a) - Number(b);
    case "array": {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return x.length - y.length;
      for (let i = 0; i < x.length; i++) {
        const r = compareJsonb(x[i], y[i]);
        if (r !== 0) return r;
      }
      return 0;
    }
    default: {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const kx = Object.keys(x).sort();
      const ky = Object.keys(y).sort();
      if (kx.length !== ky.length) return kx.length - ky.length;
      for (let i = 0; i < kx.length; i++) {
        if (kx[i] !== ky[i]) return kx[i]! < ky[i]! ? -1 : 1;
        const r = compareJsonb(x[kx[i]!], y[ky[i]!]);
        if (r !== 0) return r;
      }
      return 0;
    }
  }
}

export function jsonEquals(a: unknown, b: unknown): boolean {
  return compareJsonb(a, b) === 0;
}

/** ILIKE pattern → case-insensitive anchored RegExp (`%` any run, `_` one char, `\` escapes). */
export function likeToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]!);
    } else if (ch === "%") out += "[\\s\\S]*";
    else if (ch === "_") out += "[\\s\\S]";
    else out += escapeRegExp(ch);
  }
  return new RegExp(`^${out}$`, "i");
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
