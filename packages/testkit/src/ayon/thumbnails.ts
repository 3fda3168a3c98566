// Thumbnails (ayon-backend api/thumbnails/thumbnails.py and ayon_server/helpers/thumbnails/*): uploads
// of PNG or JPEG bytes (recognised by their magic numbers; under 10 bytes "cannot be empty", other bytes
// 415), entity thumbnails that set the entity's thumbnailId and a fresh data.thumbnailHash (the hash
// reported in affectedEntities is drawn separately, as invalidate_thumbnail.py does), and reads that
// fall back to a placeholder image (or 404 with ?placeholder=none; 203 for an unknown thumbnail id).
// The emulator stores the bytes as given: it does not resize.
import { randomBytes } from "node:crypto";
import { jsonReply, rawReply } from "../http/index.js";
import { AyonError, forbidden, notFound } from "./errors.js";
import { entityNotFound } from "./entities.js";
import { ENTITY_ID_REGEX, newEntityId } from "./ids.js";
import { projectFromPath } from "./operations.js";
import type { ProjectState } from "./project-store.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import type { JsonObject } from "./types.js";
import { validateParam } from "./validation.js";

/** A 1×1 transparent PNG standing in for the server's placeholder image. */
const PLACEHOLDER = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

type ThumbEntityType = "folder" | "task" | "version";

interface ThumbTarget {
  thumbnailId: string | null;
  data: JsonObject;
  updatedAt: number;
}

function target(project: ProjectState, type: ThumbEntityType, id: string): ThumbTarget | undefined {
  if (type === "folder") return project.folders.get(id);
  if (type === "task") return project.tasks.get(id);
  return project.published.versions.get(id);
}

/** ayon-backend helpers/mimetypes.py guess_mime_type, for the two formats a thumbnail may have. */
function sniff(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return null;
}

/** ayon-backend helpers/thumbnails/store_thumbnail.py checks, then the bytes are kept. */
async function storeUpload(req: AyonRequest, project: ProjectState, id: string): Promise<void> {
  // ayon-backend ayon_server/api/dependencies.py dep_thumbnail_content_type.
  const contentType = req.http.header("content-type")?.toLowerCase();
  if (!contentType) throw new AyonError(400, "Thumbnail content type is required");
  if (contentType !== "image/png" && contentType !== "image/jpeg") throw new AyonError(415, "Thumbnail must be in png or jpeg format");
  const bytes = await req.http.body();
  if (bytes.length < 10) throw new AyonError(415, "Thumbnail cannot be empty");
  const mime = sniff(bytes) ?? contentType;
  if (mime !== "image/png" && mime !== "image/jpeg") throw new AyonError(415, `Unsupported thumbnail mime type ${mime}`);
  // The server decodes the image to resize it: bytes that are not one fail there.
  if (sniff(bytes) === null) throw new AyonError(415, "Invalid image format");
  project.thumbnails.set(id, { mime, bytes, createdAt: req.state.now() });
}

const hash6 = () => randomBytes(3).toString("hex");

function placeholderOr404(req: AyonRequest, status = 200) {
  if (req.query("placeholder") === "none") throw notFound("No thumbnail available");
  return rawReply(PLACEHOLDER, "image/png", status, { "cache-control": "public, max-age=3600" });
}

function idParam(req: AyonRequest, name: string, key = "entityId"): string {
  return validateParam(name, "path", req.params[key]!, ENTITY_ID_REGEX, req.vctx, 32);
}

/** Path parameter names shared with the entity routes (the router needs one name per position). */
const PARAM: Record<ThumbEntityType, string> = { folder: "folderId", task: "taskId", version: "entityId" };

export function registerThumbnailRoutes(routes: AyonRoutes): void {
  routes.post("/api/projects/{projectName}/thumbnails", async (req) => {
    void req.principal;
    const project = projectFromPath(req);
    const id = newEntityId();
    await storeUpload(req, project, id);
    return jsonReply({ id, affectedEntities: [] });
  });

  routes.get("/api/projects/{projectName}/thumbnails/{entityId}", (req) => {
    if (!req.principal.isManager) throw forbidden("Only managers can access arbitrary thumbnails");
    const id = idParam(req, "thumbnail_id");
    const project = projectFromPath(req);
    const stored = project.thumbnails.get(id);
    // api/thumbnails/thumbnails.py _retrieve_thumbnail: an unknown id answers the placeholder with 203.
    if (!stored) return rawReply(PLACEHOLDER, "image/png", 203, { "cache-control": "max-age=3600" });
    const time = new Date(stored.createdAt).toISOString().replace("T", " ").replace(/\.(\d{3})Z$/, ".$1000+00:00");
    return rawReply(stored.bytes, stored.mime, 200, { "x-thumbnail-id": id, "x-thumbnail-time": time, "cache-control": "max-age=3600" });
  });

  for (const [type, plural] of [["folder", "folders"], ["task", "tasks"], ["version", "versions"]] as const) {
    routes.post(`/api/projects/{projectName}/${plural}/{${PARAM[type]}}/thumbnail`, async (req) => {
      void req.principal;
      const entityId = idParam(req, `${type}_id`, PARAM[type]);
      const project = projectFromPath(req);
      const entity = target(project, type, entityId);
      if (!entity) throw entityNotFound(entityId);
      const id = newEntityId();
      await storeUpload(req, project, id);
      entity.thumbnailId = id;
      const affected = [{ entityType: type, entityId, thumbnailHash: hash6(), thumbnailId: null }];
      entity.data = { ...entity.data, thumbnailHash: hash6() };
      entity.updatedAt = req.state.now();
      if (type === "version") {
        // invalidate_thumbnail.py: a version's new thumbnail also refreshes its folder's and task's.
        const version = project.published.versions.get(entityId)!;
        const folderId = project.published.products.get(version.productId)?.folderId;
        for (const [t, id2] of [["folder", folderId], ["task", version.taskId]] as const) {
          const other = id2 ? target(project, t, id2) : undefined;
          if (!other || !id2) continue;
          other.data = { ...other.data, thumbnailHash: hash6() };
          affected.push({ entityType: t, entityId: id2, thumbnailHash: hash6(), thumbnailId: null });
        }
      }
      return jsonReply({ id, affectedEntities: affected });
    });

    routes.get(`/api/projects/{projectName}/${plural}/{${PARAM[type]}}/thumbnail`, (req) => {
      void req.principal;
      const entityId = idParam(req, `${type}_id`, PARAM[type]);
      const project = projectFromPath(req);
      const entity = target(project, type, entityId);
      if (!entity) throw entityNotFound(entityId);
      const stored = entity.thumbnailId ? project.thumbnails.get(entity.thumbnailId) : undefined;
      if (!stored) return placeholderOr404(req);
      return rawReply(stored.bytes, stored.mime, 200, {
        "cache-control": "public, max-age=31536000, immutable",
        "x-thumbnail-source": type,
        "x-thumbnail-id": entity.thumbnailId!,
      });
    });
  }
}
