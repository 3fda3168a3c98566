// Secrets (ayon-backend api/system/secrets.py): values only ever leave through these endpoints, and only to
// administrators.
import { emptyReply, jsonReply } from "../http/index.js";
import { badRequest, forbidden, notFound } from "./errors.js";
import { NAME_REGEX } from "./naming.js";
import type { AyonRoutes } from "./request.js";
import { validateParam } from "./validation.js";

export function registerSecretRoutes(routes: AyonRoutes): void {
  routes.get("/api/secrets", (req) => {
    const caller = req.requireManager("Only managers can list secrets");
    const list = [...req.state.secrets.entries()]
      .filter(([name]) => !name.startsWith("_"))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => (caller.isAdmin ? { name, value } : { name }));
    return jsonReply(list);
  });

  routes.get("/api/secrets/{secretName}", (req) => {
    req.requireAdmin("Only administrators can read secrets");
    const name = req.params.secretName!;
    const value = req.state.secrets.get(name);
    if (value === undefined) throw notFound(`Secret ${name} not found`);
    return jsonReply({ name, value });
  });

  routes.put("/api/secrets/{secretName}", async (req) => {
    const name = validateParam("secret_name", "path", req.params.secretName!, NAME_REGEX, req.vctx);
    const body = await req.body({ value: { type: "string", nullable: true } });
    if (!req.principal.isAdmin) throw forbidden("Only administrators can set secrets");
    // ayon-backend api/system/secrets.py save_secret: value is optional in the model, refused afterwards.
    if (body.value === null || body.value === undefined) throw badRequest("No value provided");
    req.state.secrets.set(name, body.value as string);
    return emptyReply(204);
  });

  routes.delete("/api/secrets/{secretName}", (req) => {
    req.requireAdmin("Only administrators can delete secrets");
    req.state.secrets.delete(req.params.secretName!);
    return emptyReply(204);
  });
}
