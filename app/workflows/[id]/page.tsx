import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { WorkflowDeclaration } from "@/components/workflow/workflow-declaration";
import { appConfig } from "@/lib/config";

interface Props {
  params: Promise<{ id: string }>;
}

function findWorkflow(id: string) {
  return appConfig().workflows.find((workflow) => workflow.id === id);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: findWorkflow(id)?.name ?? "Unknown workflow" };
}

export default async function WorkflowPage({ params }: Props) {
  await connection();
  const { id } = await params;
  const workflow = findWorkflow(id);
  if (!workflow) notFound();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{workflow.name}</h1>
        {workflow.description ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{workflow.description}</p> : null}
      </div>
      <p role="status" className="rounded-lg border border-status-unknown/40 bg-status-unknown/10 p-4 text-sm">
        Verdict: <strong>unknown</strong>. Health checks for this workflow are not evaluated yet; below is what it is declared to be.
      </p>
      <WorkflowDeclaration workflow={workflow} />
    </div>
  );
}
