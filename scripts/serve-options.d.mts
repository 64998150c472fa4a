import type { IncomingMessage } from "node:http";

export const PEER_HEADER: "x-portolan-peer";
export function listenOptions(env: Record<string, string | undefined>): {
  port: number;
  host: string | undefined;
  devLogin: boolean;
  explicitHost: boolean;
};
export function isLoopbackHost(host: string | undefined): boolean;
export function invalidTrustedProxy(spec: string | undefined): string | null;
export function invalidNumberSetting(env: Record<string, string | undefined>): string | null;
export function devLoginWarning(options: { host: string | undefined; explicitHost: boolean }): string;
export function stampPeer(req: IncomingMessage): void;
export const MALFORMED_URL_MESSAGE: string;
export function isMalformedUrl(target: string): boolean;
export function malformedUrlJson(): string;
export const MAX_WORKERS: number;
export const DEFAULT_MAX_WORKERS: number;
export function workerCount(env: Record<string, string | undefined>, cpus: number): number;
