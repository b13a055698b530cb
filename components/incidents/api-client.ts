// Browser-side calls to the incident API, with the server's error message surfaced as is
// (it is written for people: "incident … was changed by someone else …").
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function sendJson<T>(method: "POST" | "PATCH", url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return readAnswer<T>(response);
}

/** DELETE with no body: the request guard asks a body's content type of POST and PATCH only. */
export async function sendDelete<T>(url: string): Promise<T> {
  return readAnswer<T>(await fetch(url, { method: "DELETE" }));
}

export async function getJson<T>(url: string): Promise<T> {
  return readAnswer<T>(await fetch(url));
}

async function readAnswer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      response.status,
      `the server answered ${response.status} with something that is not JSON (${String(error)})`,
    );
  }
  if (!response.ok) {
    const payload = parsed as { error?: string; issues?: Array<{ path: string; message: string }> };
    const detail = payload.issues?.map((issue) => `${issue.path || "body"}: ${issue.message}`).join("; ");
    throw new ApiError(
      response.status,
      detail
        ? `${payload.error ?? "invalid request"}: ${detail}`
        : (payload.error ?? `request failed with ${response.status}`),
    );
  }
  return parsed as T;
}
