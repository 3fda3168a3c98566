// Path-template router on a segment trie: lookup cost depends on the path depth, not on the number of
// routes. Templates use `{name}` for one segment and `{name*}` (last segment only) for the rest of the path.
// Static segments win over parameters, so `/api/projects/{name}/folders` and `/api/projects/{name}/{x}`
// can coexist predictably.

export interface RouteMatch<H> {
  handler: H;
  /** The template as registered, e.g. "/api/projects/{projectName}". */
  template: string;
  params: Record<string, string>;
}

export type RouteLookup<H> =
  | { kind: "found"; match: RouteMatch<H> }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

interface Node<H> {
  statics: Map<string, Node<H>>;
  param: { name: string; node: Node<H> } | null;
  rest: { name: string; methods: Map<string, Entry<H>> } | null;
  methods: Map<string, Entry<H>>;
}

interface Entry<H> {
  handler: H;
  template: string;
  paramNames: string[];
}

function newNode<H>(): Node<H> {
  return { statics: new Map(), param: null, rest: null, methods: new Map() };
}

export class Router<H> {
  private readonly root: Node<H> = newNode();

  add(method: string, template: string, handler: H): this {
    const segments = splitPath(template);
    const paramNames: string[] = [];
    let node = this.root;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      const param = /^\{([A-Za-z_][A-Za-z0-9_]*)(\*)?\}$/.exec(seg);
      if (param?.[2]) {
        if (i !== segments.length - 1) throw new Error(`Rest parameter must be last: ${template}`);
        node.rest ??= { name: param[1]!, methods: new Map() };
        if (node.rest.name !== param[1]) throw new Error(`Conflicting rest parameter names at ${template}`);
        paramNames.push(param[1]!);
        setEntry(node.rest.methods, method, { handler, template, paramNames }, template);
        return this;
      }
      if (param) {
        node.param ??= { name: param[1]!, node: newNode() };
        if (node.param.name !== param[1]) {
          throw new Error(`Conflicting parameter names {${node.param.name}} and {${param[1]}} at ${template}`);
        }
        paramNames.push(param[1]!);
        node = node.param.node;
      } else {
        let next = node.statics.get(seg);
        if (!next) {
          next = newNode();
          node.statics.set(seg, next);
        }
        node = next;
      }
    }
    setEntry(node.methods, method, { handler, template, paramNames }, template);
    return this;
  }

  lookup(method: string, path: string): RouteLookup<H> {
    let segments: string[];
    try {
      segments = splitPath(path).map((s) => decodeURIComponent(s));
    } catch {
      return { kind: "not-found" }; // malformed percent-encoding cannot name any route
    }
    const values: string[] = [];
    const found = this.walk(this.root, segments, 0, values);
    if (!found) return { kind: "not-found" };
    const entry = found.get(method.toUpperCase());
    if (!entry) return { kind: "method-not-allowed", allowed: [...found.keys()] };
    const params: Record<string, string> = {};
    entry.paramNames.forEach((name, i) => (params[name] = values[i]!));
    return { kind: "found", match: { handler: entry.handler, template: entry.template, params } };
  }

  private walk(node: Node<H>, segments: string[], i: number, values: string[]): Map<string, Entry<H>> | null {
    if (i === segments.length) {
      if (node.methods.size > 0) return node.methods;
      if (node.rest) {
        values.push(""); // a rest parameter may be empty
        return node.rest.methods;
      }
      return null;
    }
    const seg = segments[i]!;
    const stat = node.statics.get(seg);
    if (stat) {
      const hit = this.walk(stat, segments, i + 1, values);
      if (hit) return hit;
    }
    if (node.param && seg !== "") {
      values.push(seg);
      const hit = this.walk(node.param.node, segments, i + 1, values);
      if (hit) return hit;
      values.pop();
    }
    if (node.rest) {
      values.push(segments.slice(i).join("/"));
      return node.rest.methods;
    }
    return null;
  }
}

function setEntry<H>(methods: Map<string, Entry<H>>, method: string, entry: Entry<H>, template: string): void {
  const key = method.toUpperCase();
  if (methods.has(key)) throw new Error(`Duplicate route ${key} ${template}`);
  methods.set(key, entry);
}

/** "/a/b/" → ["a","b",""]: a trailing slash stays a distinct (empty) segment, as in FastAPI. */
function splitPath(path: string): string[] {
  const trimmed = path.startsWith("/") ? path.slice(1) : path;
  return trimmed === "" ? [] : trimmed.split("/");
}
