/** Audit actions as people read them. Unknown actions are shown as recorded. */
const ACTIONS: Record<string, string> = {
  'tenant.registered': 'Tenant registered',
  'tenant.registration-refused': 'Registration refused',
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action;
}
