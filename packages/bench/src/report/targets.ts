// Target checks: what the issue asks for, next to what was measured.
import type { TargetCheck } from "./types.js";

export const MB = 1024 * 1024;

export function check(name: string, target: string, met: boolean, actual: string): TargetCheck {
  return { name, target, actual, met };
}
