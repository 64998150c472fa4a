/** What a server action said, under its form: an alert when it failed, a status line when it worked. */
export function ActionMessage({ state }: { state: { status: string; message?: string } }) {
  if (state.status === "idle" || !state.message) return null;
  const failed = state.status === "error";
  return (
    <p
      role={failed ? "alert" : "status"}
      className={`w-full text-xs ${failed ? "text-red-700 dark:text-red-300" : "text-green-700 dark:text-green-300"}`}
    >
      {state.message}
    </p>
  );
}
