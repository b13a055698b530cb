import { appEnv } from "@/lib/env";

/** The app's public base URL: ASYNCSCOPE_PUBLIC_URL, else the origin the request came to. */
export function publicBaseUrl(request: Request): string {
  const configured = appEnv().ASYNCSCOPE_PUBLIC_URL;
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, "");
}
