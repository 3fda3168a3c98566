/**
 * The mapping rules of one project for the push (sg-fields.ts PushMapping), with what they need loaded: the
 * ShotGrid schemas of the types written, the site's Tags and the users map.
 */
import type { FieldSchema } from "../client/index.js";
import type { ProjectContext } from "../sync/project-context.js";
import type { PushSite } from "./push-site.js";
import type { PushMapping } from "./sg-fields.js";

export async function loadPushMapping(context: ProjectContext, site: PushSite, sgTypes: Iterable<string>): Promise<PushMapping> {
  const types = [...new Set(sgTypes)];
  const [schemas, tags, users] = await Promise.all([
    Promise.all(types.map((type) => site.schema(type, context.sgProject.id))),
    site.tags(),
    context.users(),
  ]);
  const byType = new Map<string, Record<string, FieldSchema>>(types.map((type, i) => [type, schemas[i]!]));
  return {
    navchains: context.navchains,
    enabledTypes: context.enabledTypes,
    statuses: context.ayonProject.statuses ?? [],
    steps: context.steps,
    fieldMap: context.fieldMap,
    schema: (type) => byType.get(type) ?? null,
    tags,
    sgUserOf: (name) => users.sgIdOf(name),
  };
}
