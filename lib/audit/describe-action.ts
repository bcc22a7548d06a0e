/** Audit actions as people read them. Unknown actions are shown as recorded. */
const ACTIONS: Record<string, string> = {
  'tenant.registered': 'Tenant registered',
  'tenant.registration-refused': 'Registration refused',
  'tenant.bulk-imported': 'Tenants imported from CSV',
  'tenant.updated': 'Tenant details changed',
  'tenant.removed': 'Tenant removed',
  'invitation.created': 'Invitation created',
  'invitation.sent': 'Invitation email',
  'invitation.revoked': 'Invitation revoked',
  'invitation.opened': 'Invitation opened by the customer',
  'tenant.verified': 'Consent verified with a token',
  'tenant.health-checked': 'Health check',
  'tenant.revocation-detected': 'Consent revoked (detected)',
  'alerts.sync-requested': 'Alert sync requested (Sync now)',
  'consent.started': 'Customer continued to Microsoft',
  'consent.accepted': 'Consent callback: accepted',
  'consent.declined': 'Consent callback: declined',
  'consent.failed': 'Consent callback: error',
  'consent.callback-refused': 'Consent callback refused',
  'staff.signed-in': 'Signed in',
  'staff.signed-out': 'Signed out',
  'staff.session-ended': 'Session ended by an admin',
  'staff.sign-in-refused': 'Sign-in refused',
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action;
}
