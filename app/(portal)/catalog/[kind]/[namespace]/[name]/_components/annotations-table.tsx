import { Card } from "@/components/ui/card";
import { displayText } from "@/lib/catalog/display-text";

export function AnnotationsTable({ annotations }: { annotations: Record<string, unknown> }) {
  const entries = Object.entries(annotations).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <Card title="Annotations" id="annotations">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Annotations</caption>
        <thead>
          <tr className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
            <th scope="col" className="pb-1 pr-4 font-semibold">
              Key
            </th>
            <th scope="col" className="pb-1 font-semibold">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1.5 pr-4 align-top font-mono text-xs text-slate-600 dark:text-slate-400">{key}</td>
              <td className="break-all py-1.5 align-top font-mono text-xs">
                {displayText(value) ?? JSON.stringify(value)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
