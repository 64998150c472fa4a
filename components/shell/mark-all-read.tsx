"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

/** Marks every notification of the signed-in person read, then refreshes the page and the bell. */
export function MarkAllRead() {
  const router = useRouter();
  const client = useQueryClient();
  return (
    <Button
      onClick={async () => {
        await fetch("/api/v1/notifications/read", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ all: true }),
        });
        await client.invalidateQueries({ queryKey: ["notifications"] });
        router.refresh();
      }}
    >
      Mark all read
    </Button>
  );
}
