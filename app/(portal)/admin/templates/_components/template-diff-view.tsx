import type { DiffLine } from "@/lib/provisioning/template-diff";

const STYLE: Record<DiffLine["kind"], { mark: string; className: string; label: string }> = {
  same: { mark: " ", className: "text-slate-600 dark:text-slate-400", label: "" },
  added: {
    mark: "+",
    className: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
    label: "added: ",
  },
  removed: { mark: "-", className: "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200", label: "removed: " },
  skipped: { mark: "…", className: "italic text-slate-500", label: "" },
};

/** The pending changes as YAML lines, marked added/removed (for screen readers too). */
export function TemplateDiffView({ lines, label }: { lines: DiffLine[]; label: string }) {
  return (
    <pre
      aria-label={label}
      data-testid="template-diff"
      className="max-h-96 overflow-auto rounded border border-slate-200 text-xs leading-5 dark:border-slate-800"
    >
      {lines.map((line, i) => (
        <div key={i} className={`px-2 ${STYLE[line.kind].className}`}>
          <span aria-hidden="true" className="mr-2 select-none">
            {STYLE[line.kind].mark}
          </span>
          <span className="sr-only">{STYLE[line.kind].label}</span>
          {line.text || " "}
        </div>
      ))}
    </pre>
  );
}
