// fast-check generators of hostile `shotgrid.event` payloads: the shapes the leecher, the addon page and the
// endpoints send, filled with everything a hostile or broken sender could put there.
import fc from "fast-check";

export interface HostileEvent {
  project: string | null;
  payload: Record<string, unknown>;
}

const NASTY_TEXT = [
  "", " ", "'", ";", "';--", "'; DROP TABLE projects; --", "a;b", "O'Brien", "../", "../../etc/passwd", "/", "/abs/path", "a/b",
  "..\\..\\windows", "C:\\temp", "%2e%2e%2f", "\u0000", "\u202eevil", "名前のショット", "🎬🎞️ shot", "Ωmega", "e\u0301", "${jndi:x}",
  "{{7*7}}", "<script>alert(1)</script>", "null", "undefined", "NaN", "__proto__", "constructor", "-1", "1e309",
];

/** Strings: random, unicode, the classics above, and huge ones. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_TEXT),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(...NASTY_TEXT).map((t) => t.repeat(200)),
  fc.integer({ min: 256, max: 20_000 }).map((n) => "x".repeat(n)),
);

/** Values of the wrong type for any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 3 }),
);

const field = fc.oneof(hostileText, wrongType);

const ENTITY_TYPES = ["Project", "Episode", "Sequence", "Shot", "Asset", "Task", "Version", "PublishedFile", "HumanUser", "CustomEntity01", "shot", "Shot'", "../Shot", "Shot;"];
const EVENT_KINDS = ["New", "Change", "Retirement", "Revival"];

const entityType = fc.oneof(fc.constantFrom(...ENTITY_TYPES), hostileText);
const sgId = fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constantFrom(1, 2, 3, 2 ** 53, -(2 ** 31)), wrongType);
const entityLink = fc.oneof(fc.record({ type: entityType, id: sgId, name: field }, { requiredKeys: [] }), wrongType);
const eventType = fc.oneof(
  fc.tuple(entityType, fc.constantFrom(...EVENT_KINDS)).map(([type, kind]) => `Shotgun_${type}_${kind}`),
  hostileText,
  wrongType,
);
const meta = fc.oneof(
  fc.record(
    {
      type: fc.oneof(fc.constantFrom("attribute_change", "entity_creation", "entity_retirement", "entity_revival"), field),
      attribute_name: field,
      entity_type: entityType,
      entity_id: sgId,
      old_value: fc.oneof(field, entityLink),
      new_value: fc.oneof(field, entityLink),
      in_create: fc.oneof(fc.boolean(), wrongType),
    },
    { requiredKeys: [] },
  ),
  wrongType,
);

/** An EventLogEntry as the leecher puts it in `sg_payload`, every field possibly wrong. */
export const sgPayload = fc.oneof(
  fc.record(
    {
      id: sgId,
      event_type: eventType,
      attribute_name: field,
      meta,
      entity: entityLink,
      project: fc.oneof(fc.record({ type: fc.constant("Project"), id: sgId }), entityLink),
      user: entityLink,
      session_uuid: field,
      created_at: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), field),
    },
    { requiredKeys: [] },
  ),
  wrongType,
);

const project = fc.option(fc.constantFrom("fuzz_ok", "fuzz_unlinked", "fuzz_missing"), { nil: null });

export function hostileEvent(): fc.Arbitrary<HostileEvent> {
  const live = fc.record(
    { action: fc.constant("shotgrid-event"), sg_payload: sgPayload, user_name: field, project_name: field, project_code: field, project_code_field: field },
    { requiredKeys: ["action"] },
  );
  const importRequest = fc.record(
    { action: fc.constant("create-project"), project_name: field, project_code: field, sg_project_id: fc.oneof(sgId, field), sg_project_name: field },
    { requiredKeys: ["action"] },
  );
  const syncRequest = fc.record({ action: fc.constant("sync-from-shotgrid"), project_name: field, requestId: field }, { requiredKeys: ["action"] });
  const strayAction = fc.record({ action: fc.oneof(field, fc.constantFrom("shotgrid-event ", "Create-Project", "sync_from_shotgrid")), sg_payload: sgPayload }, { requiredKeys: [] });
  const anything = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
  return fc.record({
    project,
    payload: fc.oneof({ weight: 4, arbitrary: live }, importRequest, syncRequest, strayAction, anything) as fc.Arbitrary<Record<string, unknown>>,
  });
}
