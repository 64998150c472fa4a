-- One identity format for whoever acted (lib/access/permissions.ts actorLabel): `user:<login>`,
-- `token:<name>`, `system:<name>`. Runs' requested_by and the audit log already stored it;
-- self-service environments' owners and runs' approvers stored a bare login for people.
-- (Logins never contain ':'.)
UPDATE self_service_environments SET owner_login = 'user:' || owner_login WHERE owner_login NOT LIKE '%:%';
--> statement-breakpoint
UPDATE provisioning_runs SET approval_by = 'user:' || approval_by WHERE approval_by IS NOT NULL AND approval_by NOT LIKE '%:%';
