/** Who acted, when it is not a signed-in staff member. */
export const CUSTOMER_ADMIN = { id: null, name: 'Customer (invitation link)' } as const;
/** Microsoft's redirect to the consent callback: whoever holds the browser, anonymous to Canopy. */
export const CONSENT_CALLBACK = { id: null, name: 'Consent callback' } as const;
