// AYON embeds the page in an iframe and posts its context: {accessToken, addonName, addonVersion,
// context?, scope?} (what AYON's web UI posts to an addon page's iframe). Only messages from the embedding window are
// read, and a message without a token is ignored; a later message (e.g. a refreshed token) replaces the earlier one.
// The listener is installed before React renders (listenForAyonContext in main.tsx), so a message posted
// as soon as the iframe loads is not lost while the first render is still pending.
import { useSyncExternalStore } from "react";

export interface AyonContext {
  accessToken: string;
  addonName: string;
  addonVersion: string;
  context?: unknown;
  scope?: string;
}

export function parseContextMessage(data: unknown): AyonContext | null {
  if (!data || typeof data !== "object") return null;
  const d = data as Record<string, unknown>;
  if (typeof d.accessToken !== "string" || d.accessToken === "") return null;
  if (typeof d.addonName !== "string" || typeof d.addonVersion !== "string") return null;
  return {
    accessToken: d.accessToken,
    addonName: d.addonName,
    addonVersion: d.addonVersion,
    ...(d.context !== undefined ? { context: d.context } : {}),
    ...(typeof d.scope === "string" ? { scope: d.scope } : {}),
  };
}

let current: AyonContext | null = null;
const subscribers = new Set<() => void>();

export function listenForAyonContext(win: Window = window): void {
  win.addEventListener("message", (event: MessageEvent) => {
    if (win.parent === win || event.source !== win.parent) return;
    const parsed = parseContextMessage(event.data);
    if (!parsed) return;
    current = parsed;
    for (const notify of subscribers) notify();
  });
}

function subscribe(notify: () => void): () => void {
  subscribers.add(notify);
  return () => subscribers.delete(notify);
}

export function useAyonContext(): AyonContext | null {
  return useSyncExternalStore(subscribe, () => current);
}
