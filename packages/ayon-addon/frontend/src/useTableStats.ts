// The projects table's figures, read again every few seconds while the page is open (projects-table.ts).
import { useCallback, useEffect, useState } from "react";
import type { AyonConnection } from "./api.js";
import { fetchTableStats, type TableStats } from "./projects-table.js";

/** How often the table's figures are read again. */
export const TABLE_REFRESH_MS = 3000;

export function useTableStats(connection: AyonConnection) {
  const [stats, setStats] = useState<TableStats | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const refresh = useCallback(async () => {
    try {
      const at = Date.now();
      setStats(await fetchTableStats(connection, at));
      setNow(at);
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }, [connection]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // One read at a time: the next starts a while after the previous answered.
    const loop = async () => {
      await refresh();
      if (!stopped) timer = setTimeout(() => void loop(), TABLE_REFRESH_MS);
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  return { stats, problem, now, refresh };
}
