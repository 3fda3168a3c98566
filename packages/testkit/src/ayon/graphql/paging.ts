// Relay-style connections over lists sorted by creation order, as the server pages them:
// cursor = base64(JSON [creation_order]); `first` ascending (default 100 when neither first nor last),
// `last` descending with edges newest-first; no cap on the page size; an undecodable cursor is
// ignored (the server logs it and pages from the start).

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Connection<N> {
  edges: Array<{ node: N; cursor: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  fieldStats: never[];
}

export const DEFAULT_PAGE_SIZE = 100;

export function encodeCursor(order: number): string {
  return Buffer.from(JSON.stringify([order])).toString("base64");
}

export function decodeCursor(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    return Array.isArray(value) && typeof value[0] === "number" ? value[0] : null;
  } catch {
    return null;
  }
}

export function emptyConnection<N>(): Connection<N> {
  return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, fieldStats: [] };
}

/**
 * Pages `items` (ascending creationOrder) keeping those `accept` lets through.
 * Only the scanned part of the list is touched: the start is found by binary search.
 */
export function paginate<T extends { creationOrder: number }, N>(
  items: readonly T[],
  args: PageArgs,
  accept: (item: T) => boolean,
  toNode: (item: T) => N,
): Connection<N> {
  const edges: Connection<N>["edges"] = [];
  const useLast = !args.first && !!args.last;
  const count = useLast ? args.last! : args.first || DEFAULT_PAGE_SIZE;
  let more = false;
  if (!useLast) {
    const after = decodeCursor(args.after);
    for (let i = after === null ? 0 : firstIndexAbove(items, after); i < items.length; i++) {
      const item = items[i]!;
      if (!accept(item)) continue;
      if (edges.length >= count) {
        more = true;
        break;
      }
      edges.push({ node: toNode(item), cursor: encodeCursor(item.creationOrder) });
    }
  } else {
    const before = decodeCursor(args.before);
    for (let i = (before === null ? items.length : firstIndexAbove(items, before - 1)) - 1; i >= 0; i--) {
      const item = items[i]!;
      if (!accept(item)) continue;
      if (edges.length >= count) {
        more = true;
        break;
      }
      edges.push({ node: toNode(item), cursor: encodeCursor(item.creationOrder) });
    }
  }
  return {
    edges,
    // ayon-backend graphql/resolvers/common.py resolve: with `first` the next page is said to exist as soon as
    // the page is full (len(edges) >= first), with `last` the previous one likewise; a full last page says so too.
    pageInfo: {
      hasNextPage: !useLast && (args.first ? edges.length >= args.first : more),
      hasPreviousPage: useLast && edges.length >= count,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    fieldStats: [],
  };
}

/** First index whose creationOrder is greater than `order`. */
function firstIndexAbove(items: readonly { creationOrder: number }[], order: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.creationOrder <= order) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
