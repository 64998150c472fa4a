"use client";
import { useId, useState, type KeyboardEvent } from "react";
import { inputClass } from "./button";

export type ComboboxOption = { value: string; label: string; hint?: string };

type Props = {
  label: string;
  /** The label of what is chosen now ("" for nothing): the input shows it until the person types. */
  selectedLabel: string;
  /** Suggestions for what was typed, best first (the caller fetches them). */
  options: ComboboxOption[];
  /** Whether `options` may still be for earlier text: Enter then picks only an option moved to. */
  isPending?: boolean;
  /** The first choice, which clears the selection: "All teams". */
  noneLabel: string;
  /** Shown under the suggestions: "Searching…", a failure, "No teams match". */
  status?: string;
  /** What to suggest for: "" until the person types, so an opened list starts from the top. */
  onQueryChange: (query: string) => void;
  onOpenChange?: (isOpen: boolean) => void;
  /** null: the none choice or the clear button. */
  onSelect: (option: ComboboxOption | null) => void;
};

const NONE: ComboboxOption = { value: "", label: "" };

/**
 * A type-ahead picker in the WAI-ARIA combobox pattern: an input with a listbox popup, the active
 * option followed by aria-activedescendant while focus stays in the input. Typing suggests (the first
 * match active), arrow keys move, Enter picks, Escape closes and puts back what was chosen, a click
 * picks; the first option and the clear button choose nothing.
 */
export function Combobox({
  label,
  selectedLabel,
  options,
  isPending = false,
  noneLabel,
  status,
  onQueryChange,
  onOpenChange,
  onSelect,
}: Props) {
  const id = useId();
  const [text, setText] = useState(selectedLabel);
  const [isOpen, setOpen] = useState(false);
  /** The option moved to with the keys or the mouse; -1: none yet. */
  const [moved, setMoved] = useState(-1);
  const choices = [{ ...NONE, label: noneLabel }, ...options];
  const hasTyped = text.trim() !== "" && text !== selectedLabel;
  const active =
    moved >= 0 ? Math.min(moved, choices.length - 1) : hasTyped && !isPending && options.length > 0 ? 1 : -1;
  const optionId = (i: number) => `${id}-option-${i}`;

  const show = (next: boolean) => {
    setOpen(next);
    onOpenChange?.(next);
  };
  const settle = (nextText: string) => {
    show(false);
    setMoved(-1);
    setText(nextText);
    onQueryChange("");
  };
  const pick = (option: ComboboxOption) => {
    const chosen = option.value ? option : null;
    settle(chosen?.label ?? "");
    onSelect(chosen);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!isOpen) return show(true);
      const n = choices.length;
      if (active < 0) setMoved(event.key === "ArrowDown" ? 0 : n - 1);
      else setMoved((active + (event.key === "ArrowDown" ? 1 : -1) + n) % n);
    } else if (event.key === "Enter") {
      // Inside the filter form: Enter picks, it never submits.
      event.preventDefault();
      if (isOpen && active >= 0) pick(choices[active]);
    } else if (event.key === "Escape" && isOpen) {
      event.preventDefault();
      settle(selectedLabel);
    }
  };

  return (
    <div className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
      <label htmlFor={`${id}-input`}>{label}</label>
      <div className="relative">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={isOpen}
          aria-controls={`${id}-listbox`}
          aria-autocomplete="list"
          aria-activedescendant={isOpen && active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder={noneLabel}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setMoved(-1);
            onQueryChange(e.target.value.trim());
            if (!isOpen) show(true);
          }}
          onClick={() => !isOpen && show(true)}
          onBlur={() => isOpen && settle(selectedLabel)}
          onKeyDown={onKeyDown}
          className={`${inputClass} w-56 pr-7`}
        />
        {selectedLabel && (
          <button
            type="button"
            aria-label={`Clear ${label.toLowerCase()} filter`}
            title="Clear"
            className="absolute inset-y-0 right-1 px-1.5 text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-100"
            onClick={() => pick(NONE)}
          >
            ×
          </button>
        )}
        <div
          hidden={!isOpen}
          className="absolute z-20 mt-1 w-72 rounded-md border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <ul id={`${id}-listbox`} role="listbox" aria-label={label} className="max-h-80 overflow-y-auto">
            {choices.map((option, i) => (
              <li
                key={option.value || "none"}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                // Keep focus in the input, so its blur does not close the list before the click lands.
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setMoved(i)}
                onClick={() => pick(option)}
                className={`flex cursor-pointer items-baseline justify-between gap-3 px-3 py-1.5 ${
                  i === active ? "bg-brand-50 text-brand-700 dark:bg-brand-700/25 dark:text-brand-100" : ""
                } ${option.value ? "" : "italic text-slate-500 dark:text-slate-400"}`}
              >
                <span className="truncate">{option.label}</span>
                {option.hint && (
                  <span className="shrink-0 text-xs text-slate-500 dark:text-slate-400">{option.hint}</span>
                )}
              </li>
            ))}
          </ul>
          <p aria-live="polite" className="px-3 py-1.5 text-xs text-slate-500 empty:hidden dark:text-slate-400">
            {status}
          </p>
        </div>
      </div>
    </div>
  );
}
