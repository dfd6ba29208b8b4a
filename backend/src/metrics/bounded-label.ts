/**
 * A label with a capped number of distinct values: the first `max` values seen are kept, any
 * later one is reported as `overflow`. Every series costs memory here and in Prometheus, so a
 * source of values nobody expected (a router mounted on a path with an id, a provider inventing
 * event types) cannot grow them without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly overflow = 'other',
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.overflow;
    this.seen.add(value);
    return value;
  }
}
