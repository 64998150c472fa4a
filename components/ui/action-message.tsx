/** A server action's answer (app/_lib/action-state.ts ActionState), as far as this shows it. */
type Said = { status: "idle" } | { status: "ok" | "error"; message: string };

/** What a server action said, beside its form: errors announced (alert), the rest polite (status). */
export function ActionMessage({ state, className = "w-full text-xs" }: { state: Said; className?: string }) {
  if (state.status === "idle") return null;
  const isError = state.status === "error";
  return (
    <p
      role={isError ? "alert" : "status"}
      className={`${className} ${isError ? "text-red-700 dark:text-red-300" : "text-emerald-700 dark:text-emerald-300"}`}
    >
      {state.message}
    </p>
  );
}
