// A project's published content: products (under folders), versions (under products) and
// representations (under versions), each table with its parent index, its own creation order (a SERIAL
// column per table) and undo through a Transaction. ayon-backend schemas/schema.project.sql: products
// reference folders WITHOUT cascade (a folder holding products cannot be deleted), versions and
// representations cascade with their parent, a version's task reference is set to null when the task goes.
import type { Transaction } from "./transaction.js";
import type { EntityRecordBase, JsonObject } from "./types.js";

export interface ProductRecord extends EntityRecordBase {
  name: string;
  folderId: string;
  productType: string;
  productBaseType: string | null;
}

export interface VersionRecord extends EntityRecordBase {
  version: number;
  productId: string;
  taskId: string | null;
  thumbnailId: string | null;
  author: string | null;
}

export interface RepresentationRecord extends EntityRecordBase {
  name: string;
  versionId: string;
  files: JsonObject[];
  traits: JsonObject | null;
}

/** One table: rows by id, ids by parent, rows in creation order. */
export class PublishedTable<T extends EntityRecordBase> {
  readonly rows = new Map<string, T>();
  private readonly byParent = new Map<string, Set<string>>();
  private nextOrder = 1;

  constructor(private readonly parentOf: (row: T) => string) {}

  nextCreationOrder(): number {
    return this.nextOrder++;
  }

  get(id: string): T | undefined {
    return this.rows.get(id);
  }

  /** Rows in creation order. */
  inOrder(): T[] {
    return [...this.rows.values()].sort((a, b) => a.creationOrder - b.creationOrder);
  }

  childrenOf(parentId: string): T[] {
    const ids = this.byParent.get(parentId);
    if (!ids) return [];
    return [...ids].map((id) => this.rows.get(id)!).sort((a, b) => a.creationOrder - b.creationOrder);
  }

  hasChildren(parentId: string): boolean {
    return (this.byParent.get(parentId)?.size ?? 0) > 0;
  }

  insert(row: T, tx: Transaction): void {
    this.add(row);
    tx.onUndo(() => this.drop(row));
  }

  update(row: T, changes: Partial<T>, tx: Transaction): void {
    const before = structuredClone(row);
    this.unlink(row);
    Object.assign(row, changes);
    this.link(row);
    tx.onUndo(() => {
      this.unlink(row);
      Object.assign(row, before);
      this.link(row);
    });
  }

  remove(row: T, tx: Transaction): void {
    this.drop(row);
    tx.onUndo(() => this.add(row));
  }

  private add(row: T): void {
    this.rows.set(row.id, row);
    this.link(row);
  }

  private drop(row: T): void {
    this.rows.delete(row.id);
    this.unlink(row);
  }

  private link(row: T): void {
    const parent = this.parentOf(row);
    let set = this.byParent.get(parent);
    if (!set) this.byParent.set(parent, (set = new Set()));
    set.add(row.id);
  }

  private unlink(row: T): void {
    const parent = this.parentOf(row);
    const set = this.byParent.get(parent);
    set?.delete(row.id);
    if (set?.size === 0) this.byParent.delete(parent);
  }
}

export class PublishedStore {
  readonly products = new PublishedTable<ProductRecord>((p) => p.folderId);
  readonly versions = new PublishedTable<VersionRecord>((v) => v.productId);
  readonly representations = new PublishedTable<RepresentationRecord>((r) => r.versionId);

  /** Removes a product with its versions and their representations (ON DELETE CASCADE). */
  removeProduct(product: ProductRecord, tx: Transaction): void {
    for (const version of this.versions.childrenOf(product.id)) this.removeVersion(version, tx);
    this.products.remove(product, tx);
  }

  removeVersion(version: VersionRecord, tx: Transaction): void {
    for (const rep of this.representations.childrenOf(version.id)) this.representations.remove(rep, tx);
    this.versions.remove(version, tx);
  }

  /** A deleted task leaves its versions with task_id null (ON DELETE SET NULL). */
  detachTask(taskId: string, tx: Transaction): void {
    for (const version of this.versions.inOrder()) {
      if (version.taskId === taskId) this.versions.update(version, { taskId: null }, tx);
    }
  }
}
