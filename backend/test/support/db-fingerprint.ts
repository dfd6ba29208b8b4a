import type { DataSource } from 'typeorm';

/** A digest per table: equal fingerprints mean no row was added, removed or changed. */
export type Fingerprint = Readonly<Record<string, string>>;

/**
 * Fingerprints the whole database in one query: for every table of the product, an md5 over
 * the md5 of each row's text (so row order does not matter), and for pg-boss the number of
 * jobs ever sent (its own bookkeeping of job states changes as workers poll, the count only
 * when something is enqueued).
 */
export async function fingerprinter(dataSource: DataSource): Promise<() => Promise<Fingerprint>> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
      ORDER BY table_name`,
  );
  const jobTables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'pgboss' AND table_name IN ('job', 'archive') ORDER BY table_name`,
  );
  const digests = tables.map(
    ({ name }) =>
      `SELECT '${name}' AS name, (SELECT md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM "${name}" t) AS digest`,
  );
  const jobs = jobTables.map(({ name }) => `(SELECT count(*) FROM pgboss."${name}")`).join(' + ') || '0';
  const sql = [...digests, `SELECT 'pgboss jobs', (${jobs})::text`].join(' UNION ALL ');
  return async () => {
    const rows: { name: string; digest: string }[] = await dataSource.query(sql);
    return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
  };
}

/** The tables whose digest differs. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
}
