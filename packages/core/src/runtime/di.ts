import type { DependencyContainer, InjectionToken } from "tsyringe";
import { describeError, HandlerError } from "../plugin/errors.js";
import { constructorDeps } from "../plugin/injection.js";

/**
 * Abstract classes (Logger, service tokens) work as tsyringe keys at run time — decorator metadata records the
 * class itself — but tsyringe's types only accept concrete constructors.
 */
export function asToken<T>(token: abstract new (...args: never[]) => T): InjectionToken<T> {
  return token as unknown as InjectionToken<T>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor parameters are whatever DI provides
type Constructor = new (...args: any[]) => unknown;

export interface WireOptions {
  pluginId: string;
  /** "handler" or "source": how the class is named in messages. */
  role: string;
  /** The plugin's container: core's tokens and the plugin's own registrations. */
  scope: DependencyContainer;
  /** Tokens that will be registered before anything is resolved (the services, created after the check). */
  pending: ReadonlySet<unknown>;
}

/**
 * Works out, without creating anything, how `target` will be constructed: every constructor parameter must be a
 * class the plugin's container provides (core's tokens, a service some loaded plugin lists) or one it can build
 * the same way. Registers a factory for it in the scope, so what is resolved later is exactly what was checked.
 * Returns the problem as one sentence naming plugin, class, parameter and likely cause, or null.
 */
export function wireClass(target: Constructor, options: WireOptions, building: readonly Constructor[] = []): string | null {
  const subject = building.length === 0 ? `${options.role} ${target.name}` : `${target.name} (needed by ${building[0]!.name})`;
  const at = `plugin '${options.pluginId}': ${subject} cannot be created`;
  const deps = constructorDeps(target);
  if (deps.from === "none") {
    return (
      `${at}: its constructor takes ${deps.arity} parameter(s) but no types were recorded for them (parameter #0 onwards), ` +
      `so it was compiled without "emitDecoratorMetadata": true (the tsconfig lacks it or "experimentalDecorators", or uses TC39 decorators); ` +
      `set both options, or list the parameters in the decorator's deps: [...]`
    );
  }
  if (deps.from === "declared" && deps.tokens.length < deps.arity) {
    return `${at}: its constructor takes ${deps.arity} parameters but its deps list ${deps.tokens.length}; list one class per parameter, in order`;
  }
  const tokens = deps.tokens.slice(0, Math.max(deps.arity, deps.tokens.length));
  for (const [index, token] of tokens.entries()) {
    const problem = checkParameter(token, index, at, options, [...building, target]);
    if (problem) return problem;
  }
  if (!options.scope.isRegistered(target as InjectionToken<unknown>)) {
    options.scope.register(target as InjectionToken<unknown>, { useFactory: (c) => new target(...tokens.map((t) => c.resolve(t as InjectionToken<unknown>))) });
  }
  return null;
}

function checkParameter(token: unknown, index: number, at: string, options: WireOptions, building: readonly Constructor[]): string | null {
  const parameter = `constructor parameter #${index}`;
  if (token === undefined) {
    return `${at}: its ${parameter} had no class yet when the class was decorated (a circular import, or a class declared below the one using it)`;
  }
  // What tsc writes for a type it has no value for: Function for a class brought in by `import type`, Object for
  // an interface, a union or any.
  if (token === Object || token === Function) {
    return (
      `${at}: its ${parameter} has no class at run time, only an erased type — the class is likely imported with \`import type\` ` +
      `(or the parameter is typed as an interface, a union or any); import the class itself, or list it in the decorator's deps: [...]`
    );
  }
  if (typeof token !== "function") return `${at}: its ${parameter} asks for ${String(token)}, which is not a class`;
  if (PRIMITIVES.has(token)) return `${at}: its ${parameter} is a ${token.name.toLowerCase()}, which nothing injects (settings come from PluginConfig or AddonSettings)`;
  if (options.scope.isRegistered(token as InjectionToken<unknown>, true) || options.pending.has(token)) return null;
  if (building.includes(token as Constructor)) return `${at}: its ${parameter} asks for ${token.name}, which needs itself (a dependency cycle)`;
  if (token.length === 0 && constructorDeps(token as Constructor).tokens.length === 0) return null; // built with `new`, as tsyringe would
  if (constructorDeps(token as Constructor).from === "none") {
    return `${at}: its ${parameter} asks for ${token.name}, which no loaded plugin provides (the plugin listing it in its services is missing, excluded or failed to load)`;
  }
  return wireClass(token as Constructor, options, building);
}

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Symbol, BigInt, Array]);

/**
 * Creates a handler (or source) from its container. A failure here is a wiring or constructor problem the next
 * attempt would meet again: it is never retryable.
 */
export function createInstance<T>(container: DependencyContainer, target: new (...args: never[]) => T): T {
  try {
    return container.resolve(target as unknown as InjectionToken<T>);
  } catch (error) {
    throw new HandlerError(`${target.name} cannot be created: ${describeError(error)}`, { retryable: false, cause: error });
  }
}
