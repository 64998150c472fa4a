"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useStartRun } from "./use-start-run";
import { actionRunBody } from "@/lib/release-actions/run-body";
import { TemplateForm } from "@/components/self-service/template-form";
import type { AvailableAction } from "@/lib/release-actions/list-actions";
import type { TemplateActionOffer } from "@/lib/release-actions/template-actions";

/** The form's fields that name the target are filled with it (the server fills them the same way). */
function prefill(offer: TemplateActionOffer): Record<string, unknown> {
  const properties = (offer.schema.properties ?? {}) as Record<string, unknown>;
  const { entity, environment, version } = offer.action.target;
  const initial: Record<string, unknown> = {};
  for (const key of ["entity", "component"]) if (key in properties) initial[key] = entity;
  if (environment && "environment" in properties) initial.environment = environment;
  if (version && "release" in properties) initial.release = version;
  return initial;
}

/** One action template's button: opens its parameter form (prefilled with the target) in a dialog. */
export function TemplateActionButton({ offer, size }: { offer: TemplateActionOffer; size?: "sm" }) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const { entity, environment, version } = offer.action.target;
  const on = environment ? `${environment} of ${entity}` : version ? `${version} of ${entity}` : entity;
  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);
  return (
    <>
      <Button
        variant="secondary"
        className={size === "sm" ? "px-2 py-0.5 text-xs" : undefined}
        aria-label={`${offer.action.title} on ${on}`}
        onClick={() => setOpen(true)}
      >
        {offer.action.title}
      </Button>
      <dialog
        ref={dialog}
        aria-label={`${offer.action.title} on ${on}`}
        onClose={() => setOpen(false)}
        className="w-full max-w-xl rounded-lg p-0 backdrop:bg-slate-900/40 dark:bg-slate-900"
      >
        {open && (
          <div className="space-y-3 p-4">
            <div className="flex items-start justify-between gap-2">
              <div>
                <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">{offer.action.title}</h2>
                <p className="text-xs text-slate-600 dark:text-slate-400">on {on}</p>
                {offer.description && (
                  <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{offer.description}</p>
                )}
              </div>
              <Button variant="ghost" onClick={() => setOpen(false)}>
                Close
              </Button>
            </div>
            <TemplateForm
              template={offer.action.template}
              schema={offer.schema}
              uiSchema={offer.uiSchema}
              initial={prefill(offer)}
              target={{ entity, ...(environment ? { environment } : {}), ...(version ? { release: version } : {}) }}
              submitLabel={`Run ${offer.action.title}`}
            />
          </div>
        )}
      </dialog>
    </>
  );
}

/** A row of action template buttons (nothing when there are none). */
export function TemplateActionButtons({ offers, size }: { offers: TemplateActionOffer[]; size?: "sm" }) {
  if (!offers.length) return null;
  return (
    <div className="flex flex-wrap gap-1" role="group" aria-label="Actions">
      {offers.map((offer) => (
        <TemplateActionButton
          key={`${offer.action.template}:${offer.action.target.environment ?? ""}:${offer.action.target.version ?? ""}`}
          offer={offer}
          size={size}
        />
      ))}
    </div>
  );
}

/** Restart a running container preview: starts the run and opens it (its progress and logs). */
export function RestartButton({ action }: { action: AvailableAction }) {
  const { start, busy, error } = useStartRun();
  const restart = () => start(actionRunBody(action));
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={restart} disabled={busy}>
        {busy ? "Restarting…" : "Restart"}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </span>
  );
}
