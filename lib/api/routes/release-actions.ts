import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { entityParams, idParams } from "@/lib/api/params";
import { channelBody, channelsQuery } from "@/lib/notifications/channels";
import { inboxQuery, markReadBody } from "@/lib/notifications/inbox";
import { failedDeliveriesQuery } from "@/lib/notifications/failed-deliveries";
import { preferencesBody, preferencesQuery } from "@/lib/notifications/preferences";
import {
  channelList,
  createdChannel,
  failedDelivery,
  failedDeliveryList,
  markedRead,
  notificationPage,
  preferenceMatrix,
} from "@/lib/notifications/responses";
import { freezeBody, freezesQuery } from "@/lib/release-actions/freezes";
import { availableActions, freezeList, freezeView } from "@/lib/release-actions/responses";

/** A removal answers with no body. */
const removed = (description: string) => ({ 204: { description } });

export const releaseActionRoutes = {
  entityActions: defineRoute({
    method: "GET",
    path: "/api/v1/entities/{kind}/{namespace}/{name}/actions",
    summary: "The release actions (promote, rollback, redeploy) the caller may run on a service and its environments.",
    auth: { permission: "catalog:read" },
    params: entityParams,
    responses: { 200: { description: "The actions, promotions first.", schema: availableActions } },
    errors: [404],
  }),
  listFreezes: defineRoute({
    method: "GET",
    path: "/api/v1/freezes",
    summary: "Freeze windows that have not ended (all=true: every one).",
    auth: { permission: "catalog:read" },
    query: freezesQuery,
    responses: { 200: { description: "The freeze windows.", schema: freezeList } },
  }),
  createFreeze: defineRoute({
    method: "POST",
    path: "/api/v1/freezes",
    summary:
      "Set a freeze window: no deploys to an environment between two times, or every day / week between two local times (repeat), in a time zone (admins).",
    auth: { permission: "admin:freezes" },
    body: { kind: "json", schema: freezeBody },
    responses: { 201: { description: "Set; `Location` is the window.", schema: freezeView } },
    errors: [422],
  }),
  deleteFreezeByQuery: defineRoute({
    method: "DELETE",
    path: "/api/v1/freezes",
    summary: "Remove a freeze window named by ?id= (admins).",
    auth: { permission: "admin:freezes" },
    query: z.object({ id: z.uuid({ message: "id must be the freeze window's UUID" }) }),
    responses: removed("Removed."),
    errors: [404],
  }),
  deleteFreeze: defineRoute({
    method: "DELETE",
    path: "/api/v1/freezes/{id}",
    summary: "Remove a freeze window (admins).",
    auth: { permission: "admin:freezes" },
    params: idParams("freeze window"),
    responses: removed("Removed."),
    errors: [404],
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
    responses: {
      200: { description: "At most `limit` notifications, and the unread count.", schema: notificationPage },
    },
  }),
  markNotificationsRead: defineRoute({
    method: "POST",
    path: "/api/v1/notifications/read",
    summary: "Mark the caller's notifications read: { ids: [...] } or { all: true }.",
    auth: { permission: "catalog:read" },
    body: { kind: "json", schema: markReadBody },
    responses: { 200: { description: "How many were marked, and how many are still unread.", schema: markedRead } },
  }),
  listChannels: defineRoute({
    method: "GET",
    path: "/api/v1/notifications/channels",
    summary:
      "The caller's and their teams' outbound channels with delivery counts (owner=group:…: one team's; admins, all=true: every channel).",
    auth: { permission: "catalog:read" },
    query: channelsQuery,
    responses: { 200: { description: "The channels, newest first, at most 500.", schema: channelList } },
  }),
  createChannel: defineRoute({
    method: "POST",
    path: "/api/v1/notifications/channels",
    summary: "Add a Slack-compatible or signed webhook channel for yourself or a team you belong to.",
    auth: { permission: "catalog:read" },
    body: { kind: "json", schema: channelBody },
    responses: {
      201: {
        description: "Added; a webhook channel's signing key is in this answer only, so keep it now.",
        schema: createdChannel,
      },
    },
    errors: [403, 422],
  }),
  deleteChannel: defineRoute({
    method: "DELETE",
    path: "/api/v1/notifications/channels/{id}",
    summary: "Remove a channel (its owner, a member of its team, or an admin).",
    auth: { permission: "catalog:read" },
    params: channelId,
    responses: removed("Removed."),
    errors: [403, 404],
  }),
  getPreferences: defineRoute({
    method: "GET",
    path: "/api/v1/notifications/preferences",
    summary:
      "Which events reach the caller (or a team of theirs, owner=group:…) on which channel: the inbox and each of their channels.",
    auth: { permission: "catalog:read" },
    query: preferencesQuery,
    responses: {
      200: {
        description: "Every event × channel, on or off, and whether that is the default.",
        schema: preferenceMatrix,
      },
    },
    errors: [403, 422],
  }),
  setPreferences: defineRoute({
    method: "PUT",
    path: "/api/v1/notifications/preferences",
    summary:
      "Turn events on or off per channel for yourself or a team you belong to; enabled: null goes back to the default.",
    auth: { permission: "catalog:read" },
    body: { kind: "json", schema: preferencesBody },
    responses: { 200: { description: "The preferences as they are now.", schema: preferenceMatrix } },
    errors: [403, 422],
  }),
  listFailedDeliveries: defineRoute({
    method: "GET",
    path: "/api/v1/notifications/deliveries",
    summary: "Deliveries to outbound channels that failed or are failing and being retried, every channel's (admins).",
    auth: { permission: "admin:notifications" },
    query: failedDeliveriesQuery,
    responses: { 200: { description: "Newest first, at most `limit`.", schema: failedDeliveryList } },
  }),
  retryDelivery: defineRoute({
    method: "POST",
    path: "/api/v1/notifications/deliveries/{id}/retry",
    summary: "Send a failed delivery again now (admins); the answer is the delivery after that attempt.",
    auth: { permission: "admin:notifications" },
    params: z.object({ id: z.coerce.number().int().positive("the delivery id, a positive number") }),
    responses: { 200: { description: "The delivery after one more attempt.", schema: failedDelivery } },
    errors: [404, 409],
  }),
};
