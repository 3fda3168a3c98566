import type { InjectionToken } from "tsyringe";

/**
 * Abstract classes (Logger, service tokens) work as tsyringe keys at run time — decorator metadata records the
 * class itself — but tsyringe's types only accept concrete constructors.
 */
export function asToken<T>(token: abstract new (...args: never[]) => T): InjectionToken<T> {
  return token as unknown as InjectionToken<T>;
}
