import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { entityParams, idParams } from "@/lib/api/params";
import { channelBody, channelsQuery } from "@/lib/notifications/channels";
import { inboxQuery, markReadBody } from "@/lib/notifications/inbox";
import { freezeBody, freezesQuery } from "@/lib/release-actions/freezes";

export const releaseActionRoutes = {
  entityActions: defineRoute({
    method: "GET",
    path: "/api/v1/entities/{kind}/{namespace}/{name}/actions",
    summary: "The release actions (promote, rollback, redeploy) the caller may run on a service and its environments.",
    auth: { permission: "catalog:read" },
    params: entityParams,
  }),
  listFreezes: defineRoute({
    method: "GET",
    path: "/api/v1/freezes",
    summary: "Freeze windows that have not ended (all=true: every one).",
    auth: { permission: "catalog:read" },
    query: freezesQuery,
  }),
  createFreeze: defineRoute({
    method: "POST",
    path: "/api/v1/freezes",
    summary: "Set a freeze window: no deploys to an environment between two times (admins).",
    auth: { permission: "admin:freezes" },
    body: { kind: "json", schema: freezeBody },
  }),
  deleteFreezeByQuery: defineRoute({
    method: "DELETE",
    path: "/api/v1/freezes",
    summary: "Remove a freeze window named by ?id= (admins).",
    auth: { permission: "admin:freezes" },
    query: z.object({ id: z.uuid({ message: "id must be the freeze window's UUID" }) }),
  }),
  deleteFreeze: defineRoute({
    method: "DELETE",
    path: "/api/v1/freezes/{id}",
    summary: "Remove a freeze window (admins).",
    auth: { permission: "admin:freezes" },
    params: idParams("freeze window"),
  }),
};

const channelId = idParams("notification channel");

export const notificationRoutes = {
  listNotifications: defineRoute({
    method: "GET",
    path: "/api/v1/notifications",
    summary: "The caller's notifications, newest first, with read state and the unread count.",
    auth: { permission: "catalog:read" },
    query: inboxQuery,
  }),
  markNotificationsRead: defineRoute({
    method: "POST",
    path: "/api/v1/notifications/read",
    summary: "Mark the caller's notifications read: { ids: [...] } or { all: true }.",
    auth: { permission: "catalog:read" },
    body: { kind: "json", schema: markReadBody },
  }),
  listChannels: defineRoute({
    method: "GET",
    path: "/api/v1/notifications/channels",
    summary: "The caller's and their teams' outbound channels with delivery counts (admins, all=true: every channel).",
    auth: { permission: "catalog:read" },
    query: channelsQuery,
  }),
  createChannel: defineRoute({
    method: "POST",
    path: "/api/v1/notifications/channels",
    summary: "Add a Slack-compatible or signed webhook channel for yourself or a team you belong to.",
    auth: { permission: "catalog:read" },
    body: { kind: "json", schema: channelBody },
  }),
  deleteChannel: defineRoute({
    method: "DELETE",
    path: "/api/v1/notifications/channels/{id}",
    summary: "Remove a channel (its owner, a member of its team, or an admin).",
    auth: { permission: "catalog:read" },
    params: channelId,
  }),
};
