// While the server reads the broker, every service's traces and Prometheus (a few seconds).
export default function LoadingDiscover() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true">
      <div className="h-8 w-72 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Reading the broker, the traces and Prometheus to propose workflows…
      </p>
      <div className="h-64 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" aria-label="Loading proposals" />
    </div>
  );
}
