// The one rule both clients (AYON and ShotGrid) use to tell an outage from a final answer.
//
// - "unavailable": the same request may succeed later without any change on our side — the server or something in
//   front of it (proxy, load balancer, SSO gateway, maintenance page) is passing through trouble: any 5xx (500
//   included: a passing database error, a restart, a failing hook), 408, 429, a redirect (we never follow one; a
//   JSON API redirects only to a login or maintenance page), a timeout, a reset or refused connection, and a 2xx
//   whose body is not the JSON asked for (an HTML page served with 200). The runtime hands such a job back without
//   using a retry and waits, within the outage budget (queue setting `outageBudgetMinutes`).
// - "auth": 401/403 — the credentials or the role; each client keeps its own handling (a re-auth, a failed job
//   naming the key) since no wait mends a wrong key.
// - "final": any other 4xx — the server read the request and refused it; repeating it gets the same answer.
// - "ok": a 2xx with a usable body.

export type AnswerClass = "ok" | "unavailable" | "auth" | "final";

export interface AnswerFacts {
  status: number;
  /** The Content-Type header, when known. */
  contentType?: string | null;
  /** For a 2xx: false when the body is not blank and did not parse as JSON (each client parses it once, itself). */
  bodyIsJson?: boolean;
}

const PASSING_4XX = new Set([408, 425, 429]);

/** The class of an HTTP answer to a request that asked for JSON. */
export function classifyAnswer(facts: AnswerFacts): AnswerClass {
  const { status } = facts;
  if (status >= 500 || status < 200) return "unavailable";
  if (status >= 300 && status < 400) return "unavailable";
  if (status >= 400) {
    if (PASSING_4XX.has(status)) return "unavailable";
    if (status === 401 || status === 403) return "auth";
    return "final";
  }
  if (facts.bodyIsJson === false) return "unavailable";
  if (facts.contentType && /^\s*text\/html\b/i.test(facts.contentType)) return "unavailable";
  return "ok";
}
