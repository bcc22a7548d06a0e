import type { SimulatorServices } from '../services';
import type { ConsentEvent } from './state';

const MAX_EVENTS = 1000;

/** Remembers a consent attempt for the control API (`GET /_control/consent-events`). */
export function recordConsentEvent(services: SimulatorServices, event: Omit<ConsentEvent, 'time'>): void {
  const events = services.entra.consentEvents;
  events.push({ time: new Date(services.clock()).toISOString(), ...event });
  if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
}
