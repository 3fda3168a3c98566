// How PostgreSQL's `->>` renders a JSON value as text, which is what the GraphQL attribute filters compare
// (ayon-backend graphql/resolvers/folders.py and tasks.py: `(...)->>'name' IN (...)`).

export function jsonbText(value: unknown, type?: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  // A float attribute is stored as a JSON float (pydantic turns 30 into 30.0), so its text is "30.0".
  if (type === "float" && typeof value === "number" && Number.isInteger(value)) return `${value}.0`;
  return render(value);
}

function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${render(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
