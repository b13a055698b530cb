// The pages' reads of Asyncscope's own API from the browser: JSON back, or an error whose
// message says what the server answered. Our API answers failures as JSON with an `error`; a
// proxy or a dying server may answer anything, so the body's first 200 characters stand in.

/** What a failed answer said: the API's `error`, else the start of the body, else the status text. */
export function failedAnswerText(status: number, statusText: string, body: string): string {
  let said: string;
  try {
    said = (JSON.parse(body) as { error?: string }).error ?? "no message";
  } catch {
    said = body.trim().slice(0, 200) || statusText || "no message";
  }
  return `Asyncscope API answered ${status}: ${said}`;
}

/** GETs `url` (never from the HTTP cache) and returns its JSON, or throws what the server said. */
export async function fetchApiJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, cache: "no-store" });
  if (!response.ok) throw new Error(failedAnswerText(response.status, response.statusText, await response.text()));
  return (await response.json()) as T;
}
