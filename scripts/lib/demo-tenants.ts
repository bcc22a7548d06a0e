/**
 * The customer tenants `npm run demo` sets up at its first start (scripts/seed-demo.ts), and the
 * one it leaves for the banner's invitation walkthrough. All are tenants of
 * simulator/worlds/default.json; admin emails are their administrators' UPNs there.
 */

/**
 * - `check`: registered, then checked ("Check now"): its administrator had consented in the
 *   simulated world, to everything (Connected) or to part of it (Missing permissions);
 * - `revoked`: consent given at the simulator, checked (Connected), withdrawn there, checked again;
 * - `invited`: registered and an invitation created (its link is not kept: staff create a new one).
 */
export type DemoStory = 'check' | 'revoked' | 'invited';

export type DemoTenant = { domain: string; displayName: string; adminEmail: string; story: DemoStory; notes: string };

export const DEMO_TENANTS: DemoTenant[] = [
  {
    domain: 'northwindtraders.onmicrosoft.com',
    displayName: 'Northwind Traders',
    adminEmail: 'nadia.admin@northwindtraders.onmicrosoft.com',
    story: 'check',
    notes: 'Demo: its administrator had consented to everything before it was registered.',
  },
  {
    domain: 'litware.onmicrosoft.com',
    displayName: 'Litware',
    adminEmail: 'lee.admin@litware.onmicrosoft.com',
    story: 'check',
    notes: 'Demo: its administrator had consented to everything before it was registered.',
  },
  {
    domain: 'relecloud.onmicrosoft.com',
    displayName: 'Relecloud',
    adminEmail: 'rory.privroleadmin@relecloud.onmicrosoft.com',
    story: 'check',
    notes: 'Demo: its administrator had consented to Defender for Endpoint alerts only.',
  },
  {
    domain: 'adatum.onmicrosoft.com',
    displayName: 'Adatum',
    adminEmail: 'addison.reader@adatum.onmicrosoft.com',
    story: 'revoked',
    notes:
      "Demo: consent was given in the simulator and Canopy found the tenant connected; then the app's permissions were removed there and the next check found the consent revoked.",
  },
  {
    domain: 'tailspintoys.onmicrosoft.com',
    displayName: 'Tailspin Toys',
    adminEmail: 'taylor.admin@tailspintoys.onmicrosoft.com',
    story: 'invited',
    notes: 'Demo: invited. Tailspin has no Defender for Endpoint, so consenting to all its data fails (AADSTS650052).',
  },
];

/** Left unregistered: the banner walks through registering and inviting it. */
export const WALKTHROUGH_TENANT = {
  domain: 'fabrikam.onmicrosoft.com',
  adminEmail: 'dana.admin@fabrikam.onmicrosoft.com',
  adminName: 'Dana Fabrikam',
};
