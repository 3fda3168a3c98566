// The messages between the benchmark driver and an emulator child process (node IPC channel). The driver
// never polls the emulators over HTTP while it measures: waiting and inspecting go through this channel, so
// the request counts are the runtime's alone.

export type EmulatorKind = "ayon" | "shotgrid";

export interface HostRequest {
  id: number;
  command: string;
  args: unknown;
}

export type HostResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** The first message a host sends, once its server listens. */
export interface HostReady {
  ready: true;
  url: string;
}

/** What every host answers to `stats`: the emulator's request accounting plus its own process figures. */
export interface HostStats {
  requests: number;
  bytesIn: number;
  bytesOut: number;
  byRoute: Record<string, { count: number; totalMs: number; maxBytesOut: number }>;
  /** CPU of the emulator's process since the last `resetStats`, in milliseconds (user + system). */
  cpuMs: number;
  /** Peak resident set of the emulator's process since it started, in bytes. */
  peakRssBytes: number;
}
