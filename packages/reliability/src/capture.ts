// Everything a scenario's runs produced that a person or a log pipeline could see: the binaries' output, the
// in-process loggers' entries, error messages, and every AYON event (topic, description, summary, payload).
// The secret scan runs over it at the end of each scenario.
import type { AyonEmulator } from "@ayon-sg/testkit";
import type { CapturedText } from "./secret-scan.js";

export class Capture {
  private readonly items: CapturedText[] = [];

  add(source: string, text: string): void {
    if (text) this.items.push({ source, text });
  }

  /** An error with its cause chain and stack, as a logger or a crash report would print it. */
  addError(source: string, error: unknown): void {
    const parts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
      if (current instanceof Error) {
        parts.push(`${current.name}: ${current.message}\n${current.stack ?? ""}`);
        current = current.cause;
      } else {
        parts.push(safeJson(current));
        break;
      }
    }
    this.add(source, parts.join("\ncaused by: "));
  }

  addJson(source: string, value: unknown): void {
    this.add(source, safeJson(value));
  }

  /** Every event the AYON emulator holds, whole (the emulator's own records, not an API view). */
  addAyonEvents(emulator: AyonEmulator, label = "AYON"): number {
    let count = 0;
    for (const event of emulator.state.events.all()) {
      this.add(`${label} event ${event.id} ${event.topic}`, safeJson(event));
      count += 1;
    }
    return count;
  }

  get size(): number {
    return this.items.length;
  }

  get bytes(): number {
    return this.items.reduce((sum, item) => sum + item.text.length, 0);
  }

  [Symbol.iterator](): Iterator<CapturedText> {
    return this.items[Symbol.iterator]();
  }
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
