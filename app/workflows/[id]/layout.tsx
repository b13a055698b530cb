import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { findWorkflow } from "@/lib/view/workflow-view";

// The unknown-id check lives here, above loading.tsx's Suspense boundary: decided before any
// byte streams, so an unknown workflow is a real 404 and not a 200 with a not-found body.
export default async function WorkflowLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  if (!findWorkflow(id)) notFound();
  return children;
}
