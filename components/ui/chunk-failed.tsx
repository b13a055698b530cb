"use client";
import { Component, type ReactNode } from "react";

/**
 * Around a part whose code loads after the page (React.lazy): a chunk that failed to load (the
 * network dropped, a deploy replaced the build) costs that part, not the page. The verdict and
 * everything else stay, and the part says what failed instead of the page going blank.
 */
export class ChunkFailed extends Component<{ what: string; children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <p role="alert" className="rounded-lg border border-status-critical/40 bg-status-critical/10 p-4 text-sm">
        The {this.props.what} could not be loaded ({this.state.error.message}). Reload the page to try again.
      </p>
    );
  }
}
