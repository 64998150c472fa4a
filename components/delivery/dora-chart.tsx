"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Weekly production deployments and failures (the numbers are also in the table for screen readers). */
export function DoraChart({ weekly }: { weekly: { week: string; deployments: number; failures: number }[] }) {
  return (
    <figure>
      <div className="h-48 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={weekly} margin={{ top: 4, right: 8, bottom: 4, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" className="text-slate-200 dark:text-slate-800" />
            <XAxis dataKey="week" tick={{ fontSize: 10, fill: "currentColor" }} className="text-slate-500" />
            <YAxis allowDecimals={false} tick={{ fontSize: 10, fill: "currentColor" }} className="text-slate-500" />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="deployments" name="Deployments" fill="#0f766e" />
            <Bar dataKey="failures" name="Failures" fill="#dc2626" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        Weekly production deployments:{" "}
        {weekly.map((w) => `week of ${w.week}: ${w.deployments} deployments, ${w.failures} failures`).join("; ")}
      </figcaption>
    </figure>
  );
}
