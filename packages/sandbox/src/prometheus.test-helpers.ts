/** Reading a /metrics scrape in end-to-end tests: the sum of one metric's samples whose labels match. */
export function metricSum(text: string, name: string, labels: Record<string, string | RegExp> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? "").matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    const matches = Object.entries(labels).every(([key, want]) => (typeof want === "string" ? found[key] === want : want.test(found[key] ?? "")));
    if (matches) sum += Number(m[3]);
  }
  return sum;
}

export async function scrape(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}
