"use client";

import { useState } from "react";
import { Button } from "./button";

/** Copies text to the clipboard and says so; falls back to asking the user to copy by hand. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button onClick={copy}>{label}</Button>
      <span role="status" aria-live="polite" className="text-xs text-slate-600 dark:text-slate-400">
        {state === "copied" ? "Copied" : state === "failed" ? "Could not copy; select the text and copy it" : ""}
      </span>
    </span>
  );
}
