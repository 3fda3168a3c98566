import { describe, it, expect, beforeAll, afterAll, beforeEach } from "@jest/globals";
import { FaultInjector } from "./faults.js";
import { StatsRecorder } from "./stats.js";
import { Router } from "./router.js";
import { startHttpServer, type RunningHttpServer } from "./server.js";
import { emptyReply, jsonReply, ReplyError, type HttpReply } from "./reply.js";
import { BodyReadError } from "./body.js";
import type { HttpContext } from "./pipeline.js";

type Handler = (ctx: HttpContext, params: Record<string, string>) => Promise<HttpReply> | HttpReply;

describe("shared HTTP server pipeline", () => {
  const faults = new FaultInjector();
  const stats = new StatsRecorder();
  const router = new Router<Handler>()
    .add("GET", "/items/{id}", (_ctx, p) => jsonReply({ id: p.id }))
    .add("POST", "/echo", async (ctx) => jsonReply({ got: await ctx.json(1024) }, 201))
    .add("DELETE", "/items/{id}", () => emptyReply(204))
    .add("GET", "/teapot", () => {
      throw new ReplyError(jsonReply({ detail: "short and stout" }, 418));
    })
    .add("GET", "/boom", () => {
      throw new Error("kaput");
    });
  let server: RunningHttpServer;

  beforeAll(async () => {
    server = await startHttpServer({
      faults,
      stats,
      handle(ctx) {
        const found = router.lookup(ctx.method, ctx.path);
        if (found.kind !== "found") return jsonReply({ detail: "nope" }, 404);
        ctx.route = found.match.template;
        return found.match.handler(ctx, found.match.params);
      },
      onError(err) {
        if (err instanceof BodyReadError) return jsonReply({ detail: err.message, kind: err.kind }, err.kind === "too-large" ? 413 : 400);
        return jsonReply({ detail: (err as Error).message }, 500);
      },
      faultBody: (status) => ({ code: status, detail: "injected" }),
      commonHeaders: () => ({ "x-request-id": "fixed" }),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    faults.clear();
    stats.reset();
  });

  it("listens on 127.0.0.1 with a random port and serves JSON with common headers", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/items/7`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("fixed");
    expect(await res.json()).toEqual({ id: "7" });
  });

  it("reads JSON bodies and enforces the size limit", async () => {
    const ok = await fetch(`${server.url}/echo`, { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ got: { a: 1 } });
    const big = await fetch(`${server.url}/echo`, { method: "POST", body: JSON.stringify({ a: "x".repeat(2000) }) });
    expect(big.status).toBe(413);
    const bad = await fetch(`${server.url}/echo`, { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ kind: "invalid-json" });
  });

  it("maps ReplyError and unexpected errors", async () => {
    const tea = await fetch(`${server.url}/teapot`);
    expect(tea.status).toBe(418);
    const boom = await fetch(`${server.url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ detail: "kaput" });
  });

  it("sends 204 without a body", async () => {
    const res = await fetch(`${server.url}/items/1`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });

  it("counts stats per route template", async () => {
    await fetch(`${server.url}/items/1`);
    await fetch(`${server.url}/items/2`);
    await fetch(`${server.url}/echo`, { method: "POST", body: "[1,2]" });
    const snap = stats.snapshot();
    expect(snap.requests).toBe(3);
    expect(snap.byRoute["GET /items/{id}"]?.count).toBe(2);
    expect(snap.byRoute["POST /echo"]?.count).toBe(1);
    expect(snap.bytesIn).toBe(5);
    expect(snap.bytesOut).toBeGreaterThan(0);
    expect(typeof snap.cpu.user).toBe("number");
  });

  it("injects a status with the emulator's default body and custom headers", async () => {
    faults.add({ match: { path: "^/items/" }, status: 429, headers: { "Retry-After": "2" }, times: 1 });
    const first = await fetch(`${server.url}/items/1`);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("2");
    expect(await first.json()).toEqual({ code: 429, detail: "injected" });
    const second = await fetch(`${server.url}/items/1`);
    expect(second.status).toBe(200);
  });

  it("delays a request and then lets it through", async () => {
    faults.add({ match: { method: "GET" }, delayMs: 120 });
    const t0 = performance.now();
    const res = await fetch(`${server.url}/items/1`);
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
  });

  it("drops the connection", async () => {
    faults.add({ drop: true, times: 1 });
    await expect(fetch(`${server.url}/items/1`)).rejects.toThrow();
    expect((await fetch(`${server.url}/items/1`)).status).toBe(200);
  });

  it("exposes the control surface for faults and stats over HTTP", async () => {
    const add = await fetch(`${server.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ match: { method: "GET", path: "^/items/9$" }, status: 503 }),
    });
    expect(add.status).toBe(201);
    const { id } = (await add.json()) as { id: string };
    expect((await fetch(`${server.url}/items/9`)).status).toBe(503);
    expect((await fetch(`${server.url}/items/8`)).status).toBe(200);
    const listed = (await (await fetch(`${server.url}/_emulator/faults`)).json()) as { rules: Array<{ id: string }> };
    expect(listed.rules.map((r) => r.id)).toEqual([id]);
    expect((await fetch(`${server.url}/_emulator/faults/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await fetch(`${server.url}/items/9`)).status).toBe(200);

    const snap = (await (await fetch(`${server.url}/_emulator/stats`)).json()) as { requests: number };
    expect(snap.requests).toBeGreaterThanOrEqual(3);
    expect((await fetch(`${server.url}/_emulator/stats`, { method: "DELETE" })).status).toBe(204);
    expect(stats.snapshot().requests).toBe(0);
  });

  it("rejects malformed control rules", async () => {
    const res = await fetch(`${server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ match: { path: "(" }, status: 500 }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/regular expression/);
    const empty = await fetch(`${server.url}/_emulator/faults`, { method: "POST", body: "{}" });
    expect(empty.status).toBe(400);
  });

  it("close() ends keep-alive connections and long fault delays promptly", async () => {
    const other = await startHttpServer({
      faults: new FaultInjector(),
      stats: new StatsRecorder(),
      handle: () => jsonReply({ ok: true }),
      onError: () => jsonReply(null, 500),
    });
    expect((await fetch(other.url)).status).toBe(200); // leaves a keep-alive socket open
    const t0 = performance.now();
    await other.close();
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
