// A browser user's session: POST /api/auth/login gives a 64-hex bearer token (ayon-backend api/auth/auth.py).
export async function loginToAyon(ayonUrl: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${ayonUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password }),
  });
  const body = (await response.json().catch(() => null)) as { token?: string; detail?: string } | null;
  if (!response.ok || typeof body?.token !== "string") {
    throw new Error(`AYON login as ${name} failed: ${response.status} ${body?.detail ?? ""}`.trim());
  }
  return body.token;
}
