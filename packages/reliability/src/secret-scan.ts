// Scans captured text (log lines, AYON events, error messages) for known secret values. A secret counts as
// leaked in any form a careless serializer could produce: as is, JSON-escaped, URL-encoded or base64 (the
// JWT tokens' payloads are base64url, so a token copied into a log is caught by its raw form).

export interface NamedSecret {
  /** What the secret is (e.g. "AYON API key"): findings name it, never the value. */
  name: string;
  value: string;
}

export interface CapturedText {
  /** Where the text came from (e.g. "binary host-a stdout", "AYON event 1234 shotgrid.proc"). */
  source: string;
  text: string;
}

export interface SecretFinding {
  secret: string;
  source: string;
  form: string;
  /** A little context around the hit, with the secret itself masked. */
  context: string;
}

/** Secrets shorter than this would match ordinary text by chance; refusing them keeps the scan meaningful. */
const MIN_SECRET_LENGTH = 6;

function formsOf(value: string): Array<{ form: string; text: string }> {
  const forms = [
    { form: "raw", text: value },
    { form: "json", text: JSON.stringify(value).slice(1, -1) },
    { form: "url", text: encodeURIComponent(value) },
    { form: "base64", text: Buffer.from(value).toString("base64").replace(/=+$/, "") },
    { form: "base64url", text: Buffer.from(value).toString("base64url") },
  ];
  const seen = new Set<string>();
  return forms.filter((f) => (seen.has(f.text) ? false : (seen.add(f.text), true)));
}

export function scanForSecrets(captured: Iterable<CapturedText>, secrets: readonly NamedSecret[]): SecretFinding[] {
  for (const secret of secrets) {
    if (secret.value.length < MIN_SECRET_LENGTH) throw new Error(`the secret '${secret.name}' is too short to scan for (${secret.value.length} characters)`);
  }
  const patterns = secrets.flatMap((secret) => formsOf(secret.value).map((f) => ({ secret, ...f })));
  const findings: SecretFinding[] = [];
  for (const item of captured) {
    for (const pattern of patterns) {
      const at = item.text.indexOf(pattern.text);
      if (at < 0) continue;
      const context = item.text.slice(Math.max(0, at - 60), at + pattern.text.length + 60).split(pattern.text).join(`<${pattern.secret.name}>`);
      findings.push({ secret: pattern.secret.name, source: item.source, form: pattern.form, context });
    }
  }
  return findings;
}
