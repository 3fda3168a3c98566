// The projects table's figures, read again every few seconds while the page is open (projects-table.ts).
import { useCallback, useEffect, useState } from "react";
import type { AyonConnection } from "./api.js";
import { fetchTableStats, FIGURES_READ_MARK, type TableStats } from "./projects-table.js";

/** How often the table's figures are read again. */
export const TABLE_REFRESH_MS = 3000;

export function useTableStats(connection: AyonConnection) {
  const [stats, setStats] = useState<TableStats | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const refresh = useCallback(async () => {
    try {
      const at = Date.now();
      // The first time, rows show as soon as the links are read; later reads replace the whole at once.
      const early = (partial: TableStats) => setStats((previous) => previous ?? partial);
      const fresh = await fetchTableStats(connection, at, early);
      if (performance.getEntriesByName(FIGURES_READ_MARK).length === 0) performance.mark(FIGURES_READ_MARK);
      setStats(fresh);
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
