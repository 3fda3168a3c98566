// Addons (ayon-backend api/addons/list_addons.py, api/addons/install.py): the addon list, installing an uploaded zip
// (raw body, `package.py` at the root), and the static files under
// /addons/{name}/{version}/{frontend|public|private}/... . Differences from a real server, on purpose: the addon is
// registered at once (a real server unpacks in the background and loads it after a restart; the emulator still flags
// the restart), and the settings defaults come from `server/settings_defaults.json` in the zip when present (a real
// server computes them from the Python settings model, which the emulator cannot run).
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { unzipSync } from "fflate";
import { jsonReply, rawReply } from "../http/index.js";
import type { AddonVersion } from "./addon-store.js";
import { requireRestart } from "./attributes.js";
import { AyonError, conflict, notFound, UnhandledServerError } from "./errors.js";
import { dispatchEvent } from "./events.js";
import { hashData } from "./ids.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import type { JsonObject } from "./types.js";
import { coerceBool, isPlainObject } from "./validation.js";

const ZIP_LIMIT = 512 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".zip": "application/zip",
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

export function addonFromOptions(opts: { name: string; version: string; defaults?: JsonObject; frontendDir?: string }): AddonVersion {
  return {
    name: opts.name,
    version: opts.version,
    title: opts.name,
    description: "",
    addonType: "pipeline",
    defaults: structuredClone(opts.defaults ?? {}),
    hasSettings: opts.defaults !== undefined,
    files: null,
    frontendDir: opts.frontendDir ? resolve(opts.frontendDir) : null,
    services: {},
  };
}

/** Reads `name = "..."` style assignments from package.py. */
function packageValue(source: string, key: string): string | undefined {
  const match = new RegExp(`^${key}\\s*=\\s*["']([^"']+)["']`, "m").exec(source);
  return match?.[1];
}

export function addonFromZip(zip: Uint8Array): AddonVersion {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    // installer/addons.py get_addon_zip_info opens it with zipfile, which raises; nothing handles that.
    throw new UnhandledServerError("zipfile.BadZipFile: File is not a zip file");
  }
  const packagePy = entries["package.py"];
  // package.yml/yaml and the legacy manifest.json layout are not supported by the emulator.
  if (!packagePy) throw conflict("Unsupported addon format");
  const source = Buffer.from(packagePy).toString("utf8");
  const name = packageValue(source, "name");
  const version = packageValue(source, "version");
  if (!name || !version) throw new AyonError(400, "package.py must define name and version");
  const files = new Map<string, Buffer>();
  for (const [path, data] of Object.entries(entries)) {
    if (!path.endsWith("/")) files.set(path, Buffer.from(data));
  }
  let defaults: JsonObject = {};
  const defaultsFile = files.get("server/settings_defaults.json");
  if (defaultsFile) {
    const parsed: unknown = JSON.parse(defaultsFile.toString("utf8"));
    if (isPlainObject(parsed)) defaults = parsed;
  }
  const hasServerSettings = [...files.keys()].some((p) => p.startsWith("server/settings"));
  return {
    name,
    version,
    title: packageValue(source, "title") ?? name,
    ayonVersion: packageValue(source, "ayon_version"),
    description: packageValue(source, "description") ?? "",
    addonType: "pipeline",
    defaults,
    hasSettings: defaultsFile !== undefined || hasServerSettings,
    files,
    frontendDir: null,
    services: {},
  };
}

// api/addons/list_addons.py AddonListItem / VersionInfo, answered with none values left out.
function addonListItem(req: AyonRequest, name: string, versions: Map<string, AddonVersion>, details: boolean): JsonObject {
  const latest = [...versions.values()].at(-1)!;
  const out: JsonObject = {};
  for (const [version, addon] of versions) {
    out[version] = {
      hasSettings: addon.hasSettings,
      hasSiteSettings: false,
      frontendScopes: addon.files?.has("frontend/dist/index.html") || addon.frontendDir ? { settings: {} } : {},
      ...(details ? { services: addon.services } : {}),
      isBroken: false,
      projectCanOverrideAddonVersion: false,
    };
  }
  const production = req.state.addons.productionVersion.get(name);
  return {
    name,
    title: latest.title,
    versions: out,
    description: latest.description,
    ...(production !== undefined ? { productionVersion: production } : {}),
    addonType: latest.addonType,
    system: false,
    projectCanOverrideAddonVersion: false,
  };
}

async function readStatic(addon: AddonVersion, area: string, rest: string): Promise<Buffer | null> {
  const parts = rest.split("/").filter((p) => p !== "");
  if (parts.some((p) => p === ".." || p.includes("\\"))) return null;
  if (area === "frontend") {
    const relative = parts.length === 0 ? ["index.html"] : parts;
    if (addon.frontendDir) {
      const full = resolve(join(addon.frontendDir, ...relative));
      if (full !== addon.frontendDir && !full.startsWith(addon.frontendDir + sep)) return null;
      try {
        if ((await stat(full)).isFile()) return await readFile(full);
      } catch {
        return null;
      }
      return null;
    }
    return addon.files?.get(["frontend", "dist", ...relative].join("/")) ?? null;
  }
  return addon.files?.get([area, ...parts].join("/")) ?? null;
}

export function registerAddonRoutes(routes: AyonRoutes): void {
  routes.get("/api/addons", (req) => {
    void req.principal;
    const details = coerceBool(req.query("details") ?? "false") === true;
    const addons = [...req.state.addons.addons.entries()].map(([name, versions]) => addonListItem(req, name, versions, details));
    return jsonReply({ addons });
  });

  // One production bundle made of the registered addons (only the shape is needed).
  routes.get("/api/bundles", (req) => {
    void req.principal;
    const addons = Object.fromEntries(req.state.addons.productionVersion);
    return jsonReply({
      bundles: [{ name: "emulator", isProduction: true, isStaging: false, isDev: false, addons, createdAt: new Date(req.state.startedAt).toISOString().replace("Z", "+00:00") }],
      productionBundle: "emulator",
      stagingBundle: null,
      devBundles: [],
    });
  });

  routes.post("/api/addons/install", async (req) => {
    req.requireAdmin("Only administrators can install addons");
    if (req.query("url")) throw new AyonError(501, "Installing addons from a URL is not supported by the emulator");
    const zip = await req.http.body(ZIP_LIMIT);
    const addon = addonFromZip(zip);
    req.state.addons.register(addon);
    // api/addons/install.py: the summary is the zip's AddonZipInfo without its none values (a package.py addon
    // is "rez"); installer/addons.py finishes the event as the background installer (sender, type system).
    const ayonVersion = addon.ayonVersion;
    const { id } = dispatchEvent(req.state, {
      topic: "addon.install",
      hash: hashData(["addon.install", addon.name, addon.version]),
      reuse: true,
      description: `Addon ${addon.name} ${addon.version} installed`,
      summary: { name: addon.name, version: addon.version, zip_path: `/tmp/ayon-emulator/${addon.name}-${addon.version}.zip`, ...(ayonVersion ? { ayon_version: ayonVersion } : {}), is_rez: true },
      sender: "background-installer",
      senderType: "system",
      user: req.principal.user.name,
    });
    requireRestart(req, `Addon ${addon.name} ${addon.version} installed`);
    return jsonReply({ eventId: id });
  });

  routes.get("/api/addons/install", (req) => {
    req.requireAdmin("Only administrators can list addon installs");
    const items = req.state.events
      .ofTopic("addon.install")
      .map((e) => ({ id: e.id, topic: e.topic, description: e.description, summary: e.summary, status: e.status, user: e.user, createdAt: new Date(e.createdAt).toISOString().replace("Z", "+00:00"), updatedAt: new Date(e.updatedAt).toISOString().replace("Z", "+00:00") }));
    return jsonReply({ items, restartRequired: req.state.restart.required });
  });

  const serve = (area: "frontend" | "public" | "private") => async (req: AyonRequest) => {
    if (area === "private") void req.principal; // private files need credentials
    const addon = req.state.addons.require(req.params.addonName!, req.params.addonVersion!);
    const rest = req.params.path ?? "";
    const file = await readStatic(addon, area, rest);
    if (!file) throw notFound("File not found");
    const name = rest === "" || rest.endsWith("/") ? "index.html" : rest;
    return rawReply(file, contentTypeOf(name));
  };
  for (const area of ["frontend", "public", "private"] as const) {
    routes.get(`/addons/{addonName}/{addonVersion}/${area}/{path*}`, serve(area));
  }
}
