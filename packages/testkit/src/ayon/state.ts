// Everything the emulated server remembers, in memory, with direct typed access for test assertions
// (`emulator.state`). Route modules read and write through these stores.
import { AddonStore } from "./addon-store.js";
import { AttributeRegistry } from "./attribute-registry.js";
import { EventStore } from "./event-store.js";
import { sha256Hex } from "./ids.js";
import type { ProjectState } from "./project-store.js";
import type { JsonObject, UserRecord } from "./types.js";

export interface SessionRecord {
  userName: string;
  expiresAt: number;
}

export interface AnatomyPreset {
  anatomy: JsonObject;
  primary: boolean;
}

export interface BackgroundOperation {
  id: string;
  status: "pending" | "in_progress" | "completed";
  progress: number;
  result: unknown;
  expiresAt: number;
}

export interface EnrollMemory {
  /** Request fingerprints currently being processed (the Redis lock). */
  inFlight: Set<string>;
  /** Answers computed for a client that had disconnected, handed to the next identical request. */
  orphaned: Map<string, { result: unknown; expiresAt: number }>;
}

export class AyonState {
  readonly users = new Map<string, UserRecord>();
  /** sha256(api key) → user name. */
  readonly apiKeyIndex = new Map<string, string>();
  /** Bearer token → session. */
  readonly sessions = new Map<string, SessionRecord>();
  /** sha256(rejected api key) → until (ms): the server's 60 s "Invalid session" cache. */
  readonly rejectedKeys = new Map<string, number>();
  readonly events = new EventStore();
  /** Lower-case project name → project. */
  readonly projects = new Map<string, ProjectState>();
  readonly attributes = new AttributeRegistry();
  readonly secrets = new Map<string, string>();
  readonly addons = new AddonStore();
  readonly anatomyPresets = new Map<string, AnatomyPreset>();
  readonly backgroundOperations = new Map<string, BackgroundOperation>();
  readonly enroll: EnrollMemory = { inFlight: new Set(), orphaned: new Map() };
  restart: { required: boolean; reason: string | null } = { required: false, reason: null };
  readonly startedAt: number;
  /** Per-emulator pepper of the displayed key hash (ayon-backend auth/utils.py hash_password uses a configured one). */
  private readonly pepper = sha256Hex(`${Math.random()}:${Date.now()}`);

  constructor(private readonly clock: () => Date) {
    this.startedAt = this.now();
  }

  /** Current time in epoch ms, from the injectable clock. */
  now(): number {
    return this.clock().getTime();
  }

  /** Case-insensitive project lookup, like the server's path handling. */
  project(name: string): ProjectState | undefined {
    return this.projects.get(name.toLowerCase());
  }

  addUser(user: UserRecord): void {
    this.users.set(user.name, user);
    for (const hash of user.apiKeyHashes) this.apiKeyIndex.set(hash, user.name);
  }

  addApiKey(user: UserRecord, key: string): void {
    const hash = sha256Hex(key);
    user.apiKeyHashes.add(hash);
    user.apiKeyData = { hash: sha256Hex(`${key}::${this.pepper}`), preview: `${key.slice(0, 4)}***${key.slice(-4)}` };
    this.apiKeyIndex.set(hash, user.name);
  }

  /** The user whose API key has this sha256 (keys are kept hashed, as the server keeps them). */
  userByApiKeyHash(keyHash: string): UserRecord | undefined {
    const name = this.apiKeyIndex.get(keyHash);
    return name === undefined ? undefined : this.users.get(name);
  }

  requestRestart(reason: string): void {
    this.restart = { required: true, reason };
  }
}
