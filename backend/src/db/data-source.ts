import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  /** Pool size; the webhook path holds one connection per in-flight event. */
  poolSize?: number;
  logging?: boolean;
}

/** The schema is only ever changed by migrations: `synchronize` stays off. */
export function createDataSource({ url, poolSize = 20, logging = false }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  });
}
