// Test fixtures for release actions: the owning team of the services the tests deploy (alice and
// dave are members, so one may approve what the other requests), as catalog YAML to prepend.
export const PAYMENTS_TEAM = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments-team }
spec: { type: team, children: [], members: [alice, dave] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { memberOf: [payments-team] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: dave }
spec: { memberOf: [payments-team] }
---
`;
