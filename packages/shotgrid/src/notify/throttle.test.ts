import { KEPT, NotifyThrottle } from "./throttle.js";

describe("NotifyThrottle", () => {
  it("sends the first item at once and the rest of its window as one summary, per key", () => {
    const sent: string[] = [];
    const throttle = new NotifyThrottle<number>(
      (key, n) => sent.push(`${key}:${n}`),
      (key, held) => sent.push(`${key}:+${held.count} [${held.items.join(",")}]`),
    );
    for (let i = 0; i < 200; i++) throttle.add("a", i, 60_000);
    throttle.add("b", 7, 60_000);
    expect(sent).toEqual(["a:0", "b:7"]);
    throttle.flush();
    // A storm holds its first few items and a count, whatever its size.
    const kept = Array.from({ length: KEPT }, (_, i) => i + 1).join(",");
    expect(sent).toEqual(["a:0", "b:7", `a:+199 [${kept}]`]);
    throttle.add("a", 300, 60_000);
    throttle.flush("a");
    expect(sent).toEqual(["a:0", "b:7", `a:+199 [${kept}]`, "a:300"]);
  });
});
