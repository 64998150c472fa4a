"use client";

import type { WidgetProps } from "@rjsf/utils";
import { useQuery } from "@tanstack/react-query";

/**
 * The branch field: free text, with the service repo's branches offered as suggestions when GitHub
 * is configured and the chosen service has a repository (its github.com/project-slug annotation, or the one it was registered from).
 */
export function BranchWidget({
  id,
  value,
  required,
  disabled,
  readonly,
  onChange,
  onBlur,
  onFocus,
  registry,
  placeholder,
}: WidgetProps) {
  // rjsf 6 hands the Form's formContext to widgets through the registry only.
  const service = (registry.formContext as { component?: unknown } | undefined)?.component;
  const chosen = typeof service === "string" && service ? service : null;
  const { data } = useQuery({
    queryKey: ["branches", chosen],
    enabled: chosen !== null,
    // Suggestions only: a failure leaves the field as free text.
    queryFn: async ({ signal }) => {
      const response = await fetch(`/api/v1/services/branches?service=${encodeURIComponent(chosen!)}`, { signal });
      return response.ok ? ((await response.json()) as { items?: string[] }) : { items: [] };
    },
  });
  const branches = chosen ? (data?.items ?? []) : [];
  return (
    <>
      <input
        id={id}
        name={id}
        className="form-control"
        list={branches.length ? `${id}-branches` : undefined}
        value={typeof value === "string" ? value : ""}
        required={required}
        disabled={disabled || readonly}
        placeholder={placeholder}
        autoComplete="off"
        data-branches={branches.length}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
        onBlur={(e) => onBlur(id, e.target.value)}
        onFocus={(e) => onFocus(id, e.target.value)}
      />
      {branches.length > 0 && (
        <datalist id={`${id}-branches`}>
          {branches.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      )}
    </>
  );
}
