import "reflect-metadata";
import { describe, expect, it } from "@jest/globals";
import { container } from "tsyringe";
import { AyonClient } from "../ayon/client.js";
import { Logger, SilentLogger } from "../logging/logger.js";
import { isRetryable } from "../plugin/errors.js";
import { Handler, type EventHandler } from "../plugin/handler.js";
import { asToken, createInstance, wireClass } from "./di.js";
import { PluginConfig } from "./tokens.js";
import { z } from "zod";

/** A service some plugin provides; nothing registers it in these tests unless they say so. */
class ShotgridLike {
  constructor(readonly site: string) {}
}
interface Notifier {
  send(text: string): void;
}

function scope() {
  const root = container.createChildContainer();
  const logger = new SilentLogger();
  root.registerInstance(asToken(Logger), logger);
  return { scope: root.createChildContainer(), logger };
}
const wire = (target: new (...args: never[]) => unknown, s = scope().scope, pending: unknown[] = []) =>
  wireClass(target as never, { pluginId: "approval-flag", role: "handler", scope: s, pending: new Set(pending) });

describe("wireClass", () => {
  it("names plugin, class, parameter and `import type` when a parameter's class was erased", () => {
    @Handler({ topic: "entity.task.status_changed" })
    class FlagApprovedTask implements EventHandler {
      constructor(readonly log: Logger, readonly notifier: Notifier) {}
      handle() {}
    }
    expect(wire(FlagApprovedTask)).toMatch(
      /^plugin 'approval-flag': handler FlagApprovedTask cannot be created: its constructor parameter #1 has no class at run time, .*`import type`/,
    );
  });

  it("says emitDecoratorMetadata is missing when a constructor with parameters carries no types", () => {
    class NoMetadata implements EventHandler {
      constructor(readonly log: Logger) {}
      handle() {}
    }
    Handler({ topic: "studio.echo" })(NoMetadata); // as plain JavaScript (or TC39 decorators) would: no design:paramtypes
    expect(wire(NoMetadata)).toMatch(/^plugin 'approval-flag': handler NoMetadata cannot be created: its constructor takes 1 parameter\(s\) .*"emitDecoratorMetadata": true/);
  });

  it("says which service no loaded plugin provides, instead of tsyringe's TypeInfo sentence", () => {
    @Handler({ topic: "shotgrid.event" })
    class NeedsShotgrid implements EventHandler {
      constructor(readonly log: Logger, readonly shotgrid: ShotgridLike) {}
      handle() {}
    }
    expect(wire(NeedsShotgrid)).toBe(
      "plugin 'approval-flag': handler NeedsShotgrid cannot be created: its constructor parameter #1 asks for ShotgridLike, which no loaded plugin provides (the plugin listing it in its services is missing, excluded or failed to load)",
    );
    // A service listed by a loaded plugin is created after the check: it counts as provided.
    expect(wire(NeedsShotgrid, scope().scope, [ShotgridLike])).toBeNull();
  });

  it("builds a deps-declared class with exactly the declared tokens, in order, whatever the metadata", () => {
    class ByDeps implements EventHandler {
      constructor(readonly shotgrid: ShotgridLike, readonly log: Logger) {}
      handle() {}
    }
    Handler({ topic: "studio.echo", deps: [ShotgridLike, Logger] })(ByDeps);
    const { scope: s, logger } = scope();
    const shotgrid = new ShotgridLike("https://site");
    s.registerInstance(ShotgridLike, shotgrid);
    expect(wire(ByDeps, s)).toBeNull();
    const made = createInstance(s, ByDeps);
    expect(made.shotgrid).toBe(shotgrid);
    expect(made.log).toBe(logger);
  });

  it("has the compiler check deps against the constructor, config typed from the plugin's schema", () => {
    const schema = z.object({ minLevel: z.number().default(2) });
    class Typed implements EventHandler {
      constructor(readonly config: PluginConfig<typeof schema>) {}
      handle() {}
      level(): number {
        return this.config.value.minLevel;
      }
    }
    Handler({ topic: "studio.echo", deps: [PluginConfig] })(Typed);
    class Swapped implements EventHandler {
      constructor(readonly ayon: AyonClient, readonly log: Logger) {}
      handle() {}
    }
    // @ts-expect-error the constructor takes (AyonClient, Logger), the deps say (Logger, AyonClient)
    Handler({ topic: "studio.echo", deps: [Logger, AyonClient] })(Swapped);
    const { scope: s } = scope();
    s.registerInstance(PluginConfig, new PluginConfig(schema.parse({})));
    expect(wire(Typed, s)).toBeNull();
    expect(createInstance(s, Typed).level()).toBe(2);
  });

  it("builds a subclass without a constructor of its own with its parent's parameters", () => {
    @Handler({ topic: "studio.echo" })
    class Base implements EventHandler {
      constructor(readonly log: Logger, readonly shotgrid: ShotgridLike) {}
      handle() {}
    }
    @Handler({ topic: "studio.other" })
    class Derived extends Base {}
    const { scope: s, logger } = scope();
    const shotgrid = new ShotgridLike("https://site");
    s.registerInstance(ShotgridLike, shotgrid);
    expect(wire(Derived, s)).toBeNull();
    expect(createInstance(s, Derived)).toMatchObject({ log: logger, shotgrid });
  });

  it("refuses deps shorter than the constructor, and deps that are not classes", () => {
    class Short implements EventHandler {
      constructor(readonly log: Logger, readonly ayon: AyonClient) {}
      handle() {}
    }
    Reflect.defineMetadata(Symbol.for("ayon-sg:inject"), [Logger], Short);
    expect(wire(Short)).toMatch(/its constructor takes 2 parameters but its deps list 1/);
    expect(() => Handler({ topic: "studio.echo", deps: [undefined as never] })(class {} as never)).toThrow(/deps\[0\] is undefined \(a circular import/);
  });

  it("builds helper classes the handler asks for the same way, and reports their own missing parameters", () => {
    @Handler({ topic: "studio.echo" })
    class Helper implements EventHandler {
      constructor(readonly shotgrid: ShotgridLike) {}
      handle() {}
    }
    @Handler({ topic: "studio.echo" })
    class UsesHelper implements EventHandler {
      constructor(readonly helper: Helper) {}
      handle() {}
    }
    expect(wire(UsesHelper)).toMatch(/^plugin 'approval-flag': Helper \(needed by UsesHelper\) cannot be created: its constructor parameter #0 asks for ShotgridLike/);
  });
});

describe("createInstance", () => {
  it("makes a constructor that throws a non-retryable error naming the class", () => {
    @Handler({ topic: "studio.echo" })
    class Throws implements EventHandler {
      constructor(readonly log: Logger) {
        throw new Error("boom");
      }
      handle() {}
    }
    const { scope: s } = scope();
    expect(wire(Throws, s)).toBeNull();
    let caught: unknown;
    try {
      createInstance(s, Throws);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).toBe("Throws cannot be created: boom");
    expect(isRetryable(caught)).toBe(false);
  });
});
