import "reflect-metadata";
import type { PluginConfig } from "../runtime/tokens.js";
import { INJECT_METADATA } from "./metadata.js";

/**
 * A class asked for by constructor injection: core's tokens (`Logger`, `AyonClient`, `AddonSettings`, `Secrets`,
 * `PluginConfig`, `RuntimeInfo`, `Metrics`) and the service tokens plugins provide (`ShotgridClient`, ...).
 * Abstract classes count: they exist at run time, unlike interfaces and `import type` names.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor signature is a valid token
export type Token<T = unknown> = abstract new (...args: any[]) => T;

/**
 * The constructor arguments a `deps` list stands for, in order; any arguments when there is no list (the types
 * then come from decorator metadata). `PluginConfig` is taken as any `PluginConfig<S>`: the constructor types it
 * with the plugin's schema.
 */
export type InstancesOf<D extends readonly Token[]> = Token[] extends D
  ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- no deps: the constructor's own types rule
    any[]
  : { -readonly [K in keyof D]: D[K] extends Token<infer I> ? (I extends PluginConfig<unknown> ? PluginConfig<any> : I) : never };

/**
 * Where a class's constructor parameters come from:
 * - `declared`: the `deps` of its `@Handler`/`@Source` (no compiler setting involved);
 * - `metadata`: the types TypeScript's `emitDecoratorMetadata` wrote (`design:paramtypes`);
 * - `none`: the constructor takes parameters but neither says what they are.
 */
export type ConstructorDeps =
  | { from: "declared" | "metadata"; tokens: readonly unknown[]; arity: number }
  | { from: "none"; tokens: readonly []; arity: number };

/** Stores a `deps` list on the class (done by `@Handler`/`@Source`); refuses anything that is not a class. */
export function declareDeps(target: { name: string }, deps: readonly unknown[], decorator: string): void {
  deps.forEach((dep, index) => {
    if (typeof dep !== "function") {
      throw new TypeError(
        `${decorator} ${target.name}: deps[${index}] is ${dep === undefined ? "undefined (a circular import, or a class declared below this one?)" : `a ${typeof dep}`}, not a class`,
      );
    }
  });
  Reflect.defineMetadata(INJECT_METADATA, Object.freeze([...deps]), target);
}

/** What the constructor of `target` asks for, from its `deps` when declared, else from decorator metadata. */
export function constructorDeps(target: abstract new (...args: never[]) => unknown): ConstructorDeps {
  // Inherited lookups, as tsyringe does: a subclass without a constructor of its own (whose `length` is 0)
  // takes its parent's parameters.
  const arity = target.length;
  const declared = Reflect.getMetadata(INJECT_METADATA, target) as readonly unknown[] | undefined;
  if (declared) return { from: "declared", tokens: declared, arity: Math.max(arity, declared.length) };
  const types = Reflect.getMetadata("design:paramtypes", target) as readonly unknown[] | undefined;
  if (types) return { from: "metadata", tokens: types, arity: Math.max(arity, types.length) };
  return arity === 0 ? { from: "metadata", tokens: [], arity } : { from: "none", tokens: [], arity };
}
