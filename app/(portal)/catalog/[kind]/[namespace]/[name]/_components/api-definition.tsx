import { Card } from "@/components/ui/card";

/** An API's `spec.definition` as written (OpenAPI, AsyncAPI, GraphQL SDL, …). */
export function ApiDefinition({ definition, type }: { definition: unknown; type: string | null }) {
  if (definition === undefined || definition === null || definition === "") return null;
  const text = typeof definition === "string" ? definition : JSON.stringify(definition, null, 2);
  return (
    <Card
      title="API definition"
      id="api-definition"
      actions={type ? <span className="text-xs text-slate-500 dark:text-slate-400">{type}</span> : undefined}
    >
      <pre
        tabIndex={0}
        aria-label="API definition text"
        className="max-h-[32rem] overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        {text}
      </pre>
    </Card>
  );
}
