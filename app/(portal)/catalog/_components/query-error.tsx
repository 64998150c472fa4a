import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { linkClass } from "@/components/ui/button";

/** The URL's search parameters could not be read: say which and offer a clean start. */
export function QueryError({ problems }: { problems: string[] }) {
  return (
    <Alert tone="error" title="This catalog address has a problem">
      <ul className="list-disc pl-5">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <p className="mt-2">
        The link may be old or edited by hand.{" "}
        <Link href="/catalog" className={linkClass}>
          Start a new search
        </Link>
        .
      </p>
    </Alert>
  );
}
