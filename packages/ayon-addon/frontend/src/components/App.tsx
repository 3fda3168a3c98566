// Waits for AYON's context message, then shows the page with a connection built from its token.
import { useMemo } from "react";
import type { AyonConnection } from "../api.js";
import { useAyonContext } from "../useAyonContext.js";
import { SyncPage } from "./SyncPage.js";

export function App() {
  const context = useAyonContext();
  const accessToken = context?.accessToken;
  const connection = useMemo<AyonConnection | null>(() => (accessToken ? { accessToken } : null), [accessToken]);
  if (!connection) {
    return (
      <main className="page">
        <p className="muted" data-testid="waiting-for-context">
          Waiting for AYON to open this page…
        </p>
      </main>
    );
  }
  return <SyncPage connection={connection} />;
}
