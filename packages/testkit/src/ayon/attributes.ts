// Attribute definitions over REST (ayon-backend api/attributes/attributes.py). Structural changes are stored at once
// (REST shows them) but only take effect on the entity models and GraphQL after a restart, which they request by
// dispatching `server.restart_required`.
import { emptyReply, jsonReply } from "../http/index.js";
import { attributeModel } from "./attribute-model.js";
import { AyonError, notFound, requestValidationError, type ValidationIssue } from "./errors.js";
import { dispatchEvent } from "./events.js";
import { ATTRIBUTE_NAME_REGEX } from "./naming.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import type { AyonState } from "./state.js";
import { ATTRIBUTE_SCOPES, ATTRIBUTE_TYPES, type AttributeData, type AttributeDefinition } from "./types.js";
import { isPlainObject, validateObject, validateParam } from "./validation.js";

/** Flags the restart and (re)dispatches the single server.restart_required event. */
export function requireRestart(req: AyonRequest, reason: string): void {
  requireRestartFor(req.state, reason, req.principal.user.name, req.sender, req.senderType);
}

export function requireRestartFor(state: AyonState, reason: string, user: string | null, sender: string | null, senderType: string | null): void {
  state.requestRestart(reason);
  dispatchEvent(state, {
    topic: "server.restart_required",
    hash: "server.restart_required",
    reuse: true,
    description: reason,
    summary: { reason },
    sender,
    senderType,
    user,
  });
}

function parseDefinition(raw: unknown, loc: Array<string | number>, issues: ValidationIssue[], partial: boolean): Partial<AttributeDefinition> {
  const body = validateObject(
    {
      name: { type: "string", regex: ATTRIBUTE_NAME_REGEX },
      position: { type: "int", required: !partial },
      scope: { type: "array", items: { type: "string", enum: ATTRIBUTE_SCOPES }, default: partial ? undefined : ["folder", "task"] },
      data: { type: "object", required: !partial },
      builtin: { type: "bool" },
    },
    raw,
    loc,
    issues,
  );
  if (isPlainObject(body.data)) {
    const type = (body.data as AttributeData).type;
    if (type === undefined && !partial) issues.push({ loc: [...loc, "data", "type"], msg: "field required", type: "value_error.missing" });
    else if (type !== undefined && !ATTRIBUTE_TYPES.includes(type)) {
      issues.push({ loc: [...loc, "data", "type"], msg: `unexpected value; permitted: ${ATTRIBUTE_TYPES.join(", ")}`, type: "value_error.const" });
    }
  }
  return body as Partial<AttributeDefinition>;
}

/** api/attributes/attributes.py save_attribute stores `data.dict(exclude_none=True)`: nulls are not kept. */
function storedData(data: AttributeData): AttributeData {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null)) as AttributeData;
}

function attributeFromPath(req: AyonRequest): string {
  return validateParam("attribute_name", "path", req.params.attributeName!, ATTRIBUTE_NAME_REGEX, req.vctx);
}

export function registerAttributeRoutes(routes: AyonRoutes): void {
  routes.get("/api/attributes", (req) => {
    void req.principal;
    return jsonReply({ attributes: req.state.attributes.list().map(attributeModel) });
  });

  routes.get("/api/attributes/{attributeName}", (req) => {
    void req.principal;
    const def = req.state.attributes.get(req.params.attributeName!);
    if (!def) throw notFound(`Attribute ${req.params.attributeName} not found`);
    return jsonReply(attributeModel(def));
  });

  routes.put("/api/attributes/{attributeName}", async (req) => {
    const name = attributeFromPath(req);
    const issues: ValidationIssue[] = [];
    const parsed = parseDefinition(await req.json(), ["body"], issues, false);
    if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
    req.requireAdmin("Only administrators can modify attributes");
    const existing = req.state.attributes.get(name);
    req.state.attributes.set({
      name,
      position: parsed.position!,
      scope: parsed.scope!,
      builtin: existing?.builtin ?? false,
      data: storedData({ inherit: true, ...(parsed.data as AttributeData) }),
    });
    requireRestart(req, `Attribute ${name} changed`);
    return emptyReply(204);
  });

  routes.patch("/api/attributes/{attributeName}", async (req) => {
    const name = attributeFromPath(req);
    const issues: ValidationIssue[] = [];
    const parsed = parseDefinition(await req.json(), ["body"], issues, true);
    if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
    req.requireAdmin("Only administrators can modify attributes");
    const existing = req.state.attributes.get(name);
    if (!existing) throw notFound(`Attribute ${name} not found`);
    req.state.attributes.set({
      ...existing,
      position: parsed.position ?? existing.position,
      scope: parsed.scope ?? existing.scope,
      data: storedData({ ...existing.data, ...(parsed.data ?? {}) }),
    });
    requireRestart(req, `Attribute ${name} changed`);
    return emptyReply(204);
  });

  routes.delete("/api/attributes/{attributeName}", (req) => {
    const name = attributeFromPath(req);
    req.requireAdmin("Only administrators can delete attributes");
    const existing = req.state.attributes.get(name);
    if (!existing) throw notFound(`Attribute ${name} not found`);
    // Deleting built-ins was not checked against the server; the emulator refuses, as they back core models.
    if (existing.builtin) throw new AyonError(400, `Built-in attribute ${name} cannot be deleted`);
    req.state.attributes.delete(name);
    requireRestart(req, `Attribute ${name} deleted`);
    return emptyReply(204);
  });

  routes.put("/api/attributes", async (req) => {
    const raw = await req.json();
    const issues: ValidationIssue[] = [];
    const body = validateObject({ attributes: { type: "array", required: true }, deleteMissing: { type: "bool", default: false } }, raw, ["body"], issues);
    const defs = ((body.attributes as unknown[]) ?? []).map((item, i) => {
      const def = parseDefinition(item, ["body", "attributes", i], issues, false);
      if (!def.name) issues.push({ loc: ["body", "attributes", i, "name"], msg: "field required", type: "value_error.missing" });
      return def;
    });
    if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
    req.requireAdmin("Only administrators can modify attributes");
    const names = new Set(defs.map((d) => d.name!));
    if (body.deleteMissing) {
      for (const def of req.state.attributes.list()) if (!def.builtin && !names.has(def.name)) req.state.attributes.delete(def.name);
    }
    for (const def of defs) {
      const existing = req.state.attributes.get(def.name!);
      req.state.attributes.set({
        name: def.name!,
        position: def.position!,
        scope: def.scope!,
        builtin: existing?.builtin ?? false,
        data: storedData({ inherit: true, ...(def.data as AttributeData) }),
      });
    }
    requireRestart(req, "Attributes changed");
    return emptyReply(204);
  });
}
