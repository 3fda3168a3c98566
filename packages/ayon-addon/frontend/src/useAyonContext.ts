// AYON embeds the page in an iframe and posts its context: {accessToken, addonName, addonVersion,
// context?, scope?} (ayon-api.md §7). Only messages from the embedding window are read, and a message
// without a token is ignored; a later message (e.g. a refreshed token) replaces the earlier one.
import { useEffect, useState } from "react";

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

export function useAyonContext(): AyonContext | null {
  const [context, setContext] = useState<AyonContext | null>(null);
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || window.parent === window) return;
      const parsed = parseContextMessage(event.data);
      if (parsed) setContext(parsed);
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);
  return context;
}
