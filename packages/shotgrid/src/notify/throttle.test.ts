import { NotifyThrottle } from "./throttle.js";

describe("NotifyThrottle", () => {
  it("sends the first item at once and the rest of its window as one summary, per key", () => {
    const sent: string[] = [];
    const throttle = new NotifyThrottle<number>(
      (key, n) => sent.push(`${key}:${n}`),
      (key, held) => sent.push(`${key}:+${held.length}`),
    );
    for (let i = 0; i < 200; i++) throttle.add("a", i, 60_000);
    throttle.add("b", 7, 60_000);
    expect(sent).toEqual(["a:0", "b:7"]);
    throttle.flush();
    expect(sent).toEqual(["a:0", "b:7", "a:+199"]);
    throttle.add("a", 300, 60_000);
    throttle.flush("a");
    expect(sent).toEqual(["a:0", "b:7", "a:+199", "a:300"]);
  });
});
