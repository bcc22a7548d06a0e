/** Audit actions as people read them. Unknown actions are shown as recorded. */
const ACTIONS: Record<string, string> = {
  'tenant.registered': 'Tenant registered',
  'tenant.registration-refused': 'Registration refused',
  'tenant.bulk-imported': 'Tenants imported from CSV',
  'tenant.updated': 'Tenant details changed',
  'tenant.removed': 'Tenant removed',
  'staff.signed-in': 'Signed in',
  'staff.signed-out': 'Signed out',
  'staff.session-ended': 'Session ended by an admin',
  'staff.sign-in-refused': 'Sign-in refused',
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action;
}
