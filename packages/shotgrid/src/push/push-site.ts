/**
 * What the push reads of the ShotGrid site besides the entity itself, kept for a short while (like the project
 * contexts, which hold the users map): the field schemas of the types it writes (status codes, field types) and the
 * site's Tags. Concurrent first reads share one request; a failed read is not kept.
 */
import type { FieldSchema, ShotgridClient } from "../client/index.js";

export class PushSite {
  readonly #schemas = new Map<string, Promise<Record<string, FieldSchema>>>();
  #tags: Promise<Map<string, number>> | null = null;

  constructor(private readonly sg: ShotgridClient) {}

  /** The field schemas of `sgType` as the ShotGrid project sees them (its status list may be narrowed per project). */
  schema(sgType: string, projectId: number): Promise<Record<string, FieldSchema>> {
    const key = `${projectId}:${sgType}`;
    let schema = this.#schemas.get(key);
    if (!schema) {
      schema = this.sg.schemaFields(sgType, { projectId });
      this.#schemas.set(key, schema);
      schema.catch(() => this.#schemas.delete(key));
    }
    return schema;
  }

  /** The site's Tags: id by lower-case name. */
  tags(): Promise<Map<string, number>> {
    if (!this.#tags) {
      const tags = this.sg.searchAll("Tag", { fields: ["name"], sort: "id" }).then((records) => {
        const byName = new Map<string, number>();
        for (const r of records) if (typeof r.name === "string" && !byName.has(r.name.toLowerCase())) byName.set(r.name.toLowerCase(), r.id);
        return byName;
      });
      tags.catch(() => (this.#tags = null));
      this.#tags = tags;
    }
    return this.#tags;
  }

  /**
   * Creates the Tags ShotGrid lacks (AYON tags are free names; ShotGrid's are entities) and remembers them: one
   * `_batch` for several (atomic: when ShotGrid refuses one, none is created and the error is thrown).
   */
  async createTags(names: readonly string[]): Promise<void> {
    const byName = await this.tags();
    const missing = new Map<string, string>();
    for (const name of names) if (!byName.has(name.toLowerCase()) && !missing.has(name.toLowerCase())) missing.set(name.toLowerCase(), name);
    if (missing.size === 0) return;
    if (missing.size === 1) {
      const [[key, name]] = [...missing];
      byName.set(key, (await this.sg.create("Tag", { name })).id);
      return;
    }
    const keys = [...missing.keys()];
    const results = await this.sg.batch(keys.map((key) => ({ requestType: "create", entityType: "Tag", data: { name: missing.get(key)! } })));
    results.forEach((result, i) => {
      if (result && typeof result === "object" && "id" in result) byName.set(keys[i]!, result.id);
    });
  }
}
