// What a failed answer from our JSON API says, for the browser-side fetches that show it (the
// workflow view's refresh, an open trace's log lines, the alert-rules export): the API answers
// JSON with an `error`; a proxy or a dying server may answer anything, shown cut short.
export async function answerError(response: Response): Promise<string> {
  const text = await response.text();
  try {
    return (JSON.parse(text) as { error?: string }).error ?? "no message";
  } catch {
    return text.trim().slice(0, 200) || response.statusText || "no message";
  }
}
