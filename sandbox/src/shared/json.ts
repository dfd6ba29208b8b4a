/** JSON value types shared by both providers; stored objects are plain JSON so snapshots are cheap deep copies. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** Deep copy: events carry a snapshot of the object at event time, never a live reference. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
