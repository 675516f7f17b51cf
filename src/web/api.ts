/** The contract's REST paths stay under /auth/api on every host (the spec's integrator notes). */
export const API = "/auth/api";

async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => undefined)) as { detail?: unknown } | undefined;
  return new Error(typeof body?.detail === "string" ? body.detail : `${response.status} ${response.statusText}`);
}

/** One call to the passkey REST API with the page's cookie; a `{detail}` answer becomes the error's message. */
export async function rest<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${API}${path}`, {
    method,
    credentials: "same-origin",
    headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** One graph operation, authenticated by the same `__Host-auth` cookie (the server's /graphql accepts it). */
export async function graph<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  if (!response.ok || !body.data) throw new Error(`${response.status} ${response.statusText}`);
  return body.data;
}

/** A ceremony's token becomes the HttpOnly session cookie; the page never keeps the token. */
export const setSession = (token: string) => rest<unknown>("POST", "/set-session", undefined, { authorization: `Bearer ${token}` });

export interface UserInfo {
  authenticated: true;
  user: { user_uuid: string; user_name: string; created_at: string; last_seen: string | null; visits: number };
  org: { uuid: string; display_name: string; permissions: string[] } | null;
  role: { uuid: string; display_name: string; permissions: string[] } | null;
  permissions: string[];
  is_global_admin: boolean;
  is_org_admin: boolean;
  credentials: { credential_uuid: string; aaguid: string; created_at: string; last_used: string | null; sign_count: number; is_current_session: boolean }[];
  sessions: { id: string; host: string | null; ip: string | null; user_agent: string | null; last_renewed: string; is_current: boolean }[];
}

export interface ResetInfo {
  authenticated: false;
  session_type: string;
  user: { user_uuid: string; user_name: string };
}

/** The signed-in user, or undefined when the cookie names no session (a 401 has cleared it). */
export async function currentUser(): Promise<UserInfo | undefined> {
  const response = await fetch(`${API}/user-info`, { method: "POST", credentials: "same-origin", headers: { accept: "application/json" } });
  if (response.status === 401) return undefined;
  if (!response.ok) throw await failure(response);
  return (await response.json()) as UserInfo;
}
