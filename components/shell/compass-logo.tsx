/** The Portolan mark: a compass rose. Decorative; the wordmark beside it carries the name. */
export function CompassLogo({ className = "h-6 w-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <circle
        cx="16"
        cy="16"
        r="14"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        className="text-brand-600 dark:text-brand-100"
      />
      <path d="M16 4 L19 16 L16 28 L13 16 Z" className="fill-brand-600 dark:fill-brand-100" />
      <path d="M4 16 L16 13 L28 16 L16 19 Z" className="fill-slate-400 dark:fill-slate-500" />
      <path d="M16 4 L19 16 L13 16 Z" className="fill-brand-700 dark:fill-white" />
      <circle cx="16" cy="16" r="1.8" className="fill-white dark:fill-slate-900" />
    </svg>
  );
}
