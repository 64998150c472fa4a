"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge, type Node } from "@xyflow/react";
import { useRouter } from "next/navigation";
import { useMemo, type CSSProperties } from "react";
import type { GraphLayout } from "@/lib/catalog/graph-layout";
import { useDarkMode } from "@/components/ui/use-dark-mode";

type Props = { layout: GraphLayout; hrefs: Record<string, string> };

// Inline styles on top of React Flow's own light/dark node theme (driven by colorMode).
function nodeStyle(side: string, isLink: boolean, isSummary: boolean): CSSProperties {
  return {
    width: 224,
    fontSize: 12,
    borderRadius: 6,
    cursor: isLink ? "pointer" : "default",
    borderStyle: isSummary ? "dashed" : "solid",
    ...(side === "center" ? { borderColor: "#2f6fdb", borderWidth: 2, fontWeight: 600 } : {}),
  };
}

/** The entity's neighbourhood as a graph; clicking a box opens that entity. */
export function DependencyGraph({ layout, hrefs }: Props) {
  const router = useRouter();
  const isDark = useDarkMode();

  const { nodes, edges } = useMemo(() => {
    const nodes: Node[] = layout.nodes.map((n) => {
      const href = n.ref && n.side !== "center" ? hrefs[n.ref] : undefined;
      return {
        id: n.id,
        position: { x: n.x, y: n.y },
        data: { label: n.label, href },
        sourcePosition: Position.Right,
        targetPosition: Position.Left,
        type: n.side === "upstream" ? "input" : n.side === "downstream" ? "output" : "default",
        style: nodeStyle(n.side, Boolean(href), n.ref === null),
        ariaLabel: href ? `${n.label}: open` : n.label,
      };
    });
    const edges: Edge[] = layout.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      label: e.label,
      markerEnd: { type: MarkerType.ArrowClosed },
      labelStyle: { fontSize: 10 },
    }));
    return { nodes, edges };
  }, [layout, hrefs]);

  const rows = Math.max(
    1,
    ...["upstream", "downstream"].map((side) => layout.nodes.filter((n) => n.side === side).length),
  );
  const height = Math.min(520, Math.max(220, rows * 64 + 96));

  return (
    <div style={{ height }} className="overflow-hidden rounded-md border border-slate-200 dark:border-slate-800">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        colorMode={isDark ? "dark" : "light"}
        fitView
        fitViewOptions={{ padding: 0.15 }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        minZoom={0.3}
        onNodeClick={(_, node) => {
          const href = (node.data as { href?: string }).href;
          if (href) router.push(href);
        }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
