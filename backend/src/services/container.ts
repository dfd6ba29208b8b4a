import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { Logger } from '../logger';
import { AuthService } from './auth/auth.service';
import { CatalogService } from './catalog.service';
import { CurrencyService } from './currency.service';

export interface ServiceDependencies {
  dataSource: DataSource;
  config: Config;
  logger: Logger;
}

/** Wires every service once; the HTTP layer and the jobs receive this object. */
export interface Services {
  auth: AuthService;
  currencies: CurrencyService;
  catalog: CatalogService;
}

export function createServices({ dataSource, config }: ServiceDependencies): Services {
  const auth = new AuthService(dataSource, config.jwt);
  const currencies = new CurrencyService(dataSource, config.currencies);
  const catalog = new CatalogService(dataSource, currencies);
  return { auth, currencies, catalog };
}
