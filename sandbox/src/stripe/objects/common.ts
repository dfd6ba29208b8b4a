import { JsonObject } from '../../shared/json';

/** Null-filled address, the shape Stripe uses wherever an address is unknown. */
export function emptyAddress(): JsonObject {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

export function list<T>(data: T[], url: string): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  return { object: 'list', data, has_more: false, url };
}
