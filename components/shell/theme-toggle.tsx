"use client";

import { useDarkMode } from "@/components/ui/use-dark-mode";

/** Flips the `dark` class on <html> and remembers the choice (read back before paint in the root layout). */
export function ThemeToggle() {
  const isDark = useDarkMode();
  function toggle() {
    const next = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", next);
    try {
      localStorage.setItem("portolan-theme", next ? "dark" : "light");
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={isDark}
      aria-label="Dark mode"
      title={isDark ? "Switch to light mode" : "Switch to dark mode"}
      className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      {isDark ? (
        <svg viewBox="0 0 20 20" className="h-5 w-5" aria-hidden="true" fill="currentColor">
          <path d="M10 3a1 1 0 011 1v1a1 1 0 11-2 0V4a1 1 0 011-1zm0 10a3 3 0 100-6 3 3 0 000 6zm6-4a1 1 0 110 2h-1a1 1 0 110-2h1zM5 10a1 1 0 01-1 1H3a1 1 0 110-2h1a1 1 0 011 1zm5 5a1 1 0 011 1v1a1 1 0 11-2 0v-1a1 1 0 011-1zm4.95-9.536a1 1 0 010 1.414l-.707.707a1 1 0 11-1.414-1.414l.707-.707a1 1 0 011.414 0zM7.172 12.828a1 1 0 010 1.414l-.707.707a1 1 0 01-1.414-1.414l.707-.707a1 1 0 011.414 0zm7.07 2.122a1 1 0 01-1.414 0l-.707-.707a1 1 0 011.414-1.414l.707.707a1 1 0 010 1.414zM6.464 7.172a1 1 0 01-1.414 0l-.707-.707A1 1 0 015.757 5.05l.707.707a1 1 0 010 1.415z" />
        </svg>
      ) : (
        <svg viewBox="0 0 20 20" className="h-5 w-5" aria-hidden="true" fill="currentColor">
          <path d="M17.293 13.293A8 8 0 016.707 2.707a8.001 8.001 0 1010.586 10.586z" />
        </svg>
      )}
    </button>
  );
}
