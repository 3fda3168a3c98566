// Node flags per benchmark process, by a name that also names its CPU profile (`--cpu-prof DIR`).
export type NodeArgsFor = (processName: string) => string[];

export function cpuProfileArgs(dir: string | null): NodeArgsFor {
  if (!dir) return () => [];
  return (name) => ["--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`];
}
