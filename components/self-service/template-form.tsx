"use client";

import Form from "@rjsf/core";
import type { ErrorSchema, RJSFSchema, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { BranchWidget } from "./branch-widget";
import "./template-form.css";

type FieldError = { field?: string; message: string };

/** Nests `a.b` field errors the way rjsf shows them next to each field. */
function toErrorSchema(details: FieldError[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const d of details) {
    let node = root;
    for (const part of (d.field ?? "").split(".").filter(Boolean))
      node = (node[part] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(d.message);
  }
  return root as ErrorSchema;
}

/**
 * The template's JSON Schema form; the server validates the same schema and answers field errors.
 * An action template's form also names its target (entity, environment or release), sent beside the parameters.
 */
export function TemplateForm({
  template,
  schema,
  uiSchema,
  initial,
  target,
  submitLabel = "Start environment",
}: {
  template: string;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  initial: Record<string, unknown>;
  target?: { entity: string; environment?: string; release?: string };
  submitLabel?: string;
}) {
  const router = useRouter();
  const [formData, setFormData] = useState<Record<string, unknown>>(initial);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>();
  const [problem, setProblem] = useState<{
    title: string;
    message: string;
    environments?: { name: string; status: string }[];
  } | null>(null);
  const [pending, setPending] = useState(false);
  // A `branch` beside a `component` gets the repo's branches as suggestions (free text stays possible).
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const withBranches =
    "branch" in properties &&
    "component" in properties &&
    !(uiSchema.branch as Record<string, unknown> | undefined)?.["ui:widget"];
  const ui = withBranches
    ? { ...uiSchema, branch: { ...(uiSchema.branch as object), "ui:widget": "BranchWidget" } }
    : uiSchema;

  async function submit(data: Record<string, unknown>) {
    setPending(true);
    setProblem(null);
    setExtraErrors(undefined);
    try {
      const response = await fetch("/api/v1/runs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ template, parameters: data, ...target }),
      });
      const body = await response.json();
      if (response.status === 202) {
        router.push(`/runs/${body.id}`);
        return;
      }
      const error = body.error ?? { message: "Something went wrong.", details: [] };
      if (response.status === 422) setExtraErrors(toErrorSchema(error.details ?? []));
      const environments = response.status === 409 ? error.details?.[0]?.environments : undefined;
      setProblem({
        title:
          response.status === 409
            ? environments
              ? "Quota reached"
              : "Refused"
            : response.status === 403
              ? "Not allowed"
              : "Could not start",
        message: error.message,
        environments,
      });
      setPending(false);
    } catch {
      setProblem({ title: "Could not start", message: "The portal did not answer; try again." });
      setPending(false);
    }
  }

  return (
    <div className="portolan-form space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      {problem && (
        <Alert tone="error" title={problem.title}>
          <p>{problem.message}</p>
          {problem.environments && (
            <ul className="mt-1 list-disc pl-5">
              {problem.environments.map((e) => (
                <li key={e.name}>
                  {e.name} ({e.status})
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <Form
        schema={schema as RJSFSchema}
        uiSchema={ui as UiSchema}
        widgets={{ BranchWidget }}
        formContext={{ component: formData.component }}
        formData={formData}
        validator={validator}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        onChange={(e) => setFormData(e.formData as Record<string, unknown>)}
        onSubmit={(e) => void submit(e.formData as Record<string, unknown>)}
      >
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Starting…" : submitLabel}
        </Button>
      </Form>
    </div>
  );
}
