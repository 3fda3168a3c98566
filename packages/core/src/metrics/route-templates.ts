/**
 * Low-cardinality `route` labels. A request's path carries ids and names (`/entity/shots/1234`); as a label
 * it would make one series per entity touched, for ever. A client names the routes it calls as templates
 * (`/entity/{type}/{id}`); `RouteTemplates` maps a concrete path onto the first template that fits, segment
 * by segment, and anything that fits none onto a fallback built from a known first segment (`/entity/…`) or
 * `/…`. Every label comes from the template list, so the set of labels is bounded by construction.
 */

/** What a placeholder segment accepts: `{id}` a number or an opaque id, any other name an identifier. */
const ID = /^(\d+|[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|[0-9a-f]{32})$/i;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

interface Node {
  literal: Map<string, Node>;
  placeholders: Array<{ name: string; node: Node }>;
  template: string | null;
}

const node = (): Node => ({ literal: new Map(), placeholders: [], template: null });

function segmentsOf(path: string): string[] {
  const end = path.search(/[?#]/);
  return (end === -1 ? path : path.slice(0, end)).split("/").filter((s) => s !== "");
}

export class RouteTemplates {
  readonly #root = node();
  readonly #roots: ReadonlySet<string>;

  /** `templates` are paths whose `{name}` segments are placeholders; literal segments win over placeholders. */
  constructor(templates: readonly string[]) {
    for (const template of templates) {
      let at = this.#root;
      for (const segment of segmentsOf(template)) {
        const name = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (name === undefined) {
          let next = at.literal.get(segment);
          if (!next) at.literal.set(segment, (next = node()));
          at = next;
        } else {
          let next = at.placeholders.find((p) => p.name === name)?.node;
          if (!next) at.placeholders.push({ name, node: (next = node()) });
          at = next;
        }
      }
      at.template = template;
    }
    this.#roots = new Set(this.#root.literal.keys());
  }

  /** The template `path` fits, else the bounded fallback: `/<known first segment>/…` or `/…`. */
  label(path: string): string {
    const segments = segmentsOf(path);
    return match(this.#root, segments, 0) ?? (this.#roots.has(segments[0] ?? "") ? `/${segments[0]}/…` : "/…");
  }
}

function match(at: Node, segments: readonly string[], i: number): string | null {
  if (i === segments.length) return at.template;
  const segment = segments[i]!;
  const literal = at.literal.get(segment);
  if (literal) {
    const found = match(literal, segments, i + 1);
    if (found !== null) return found;
  }
  for (const { name, node: next } of at.placeholders) {
    if (!(name === "id" ? ID : IDENTIFIER).test(segment)) continue;
    const found = match(next, segments, i + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Most distinct route labels one target keeps; past it new ones are counted as `other`. */
export const MAX_ROUTE_LABELS = 200;

/**
 * The last guard before a route becomes a label, for any client: a label whose segments hold an id (digits,
 * a uuid or 32-hex id) becomes its fallback `/<first segment>/…`, and a target never gets more than
 * MAX_ROUTE_LABELS distinct labels (later ones are `other`), whatever a plugin's client reports.
 */
export class RouteLabels {
  /** Route → label, for routes already seen (bounded: nothing is added once the labels are full). */
  readonly #seen = new Map<string, string>();
  readonly #labels = new Set<string>();

  label(route: string): string {
    const known = this.#seen.get(route);
    if (known !== undefined) return known;
    const segments = segmentsOf(route);
    const label = segments.some((s) => ID.test(s) || /[0-9a-f]{16,}/i.test(s)) ? `/${segments[0] ?? ""}/…` : route;
    if (!this.#labels.has(label)) {
      if (this.#labels.size >= MAX_ROUTE_LABELS) return "other";
      this.#labels.add(label);
    }
    if (this.#seen.size < MAX_ROUTE_LABELS * 4) this.#seen.set(route, label);
    return label;
  }
}
