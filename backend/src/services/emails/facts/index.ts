import type { EmailKind } from '../../../domain/emails/email-kind';
import { adminFactsLoaders } from './admin-facts-loaders';
import type { FactsLoader } from './facts-loader';
import { saleFactsLoaders } from './sale-facts-loaders';
import { subscriptionFactsLoaders } from './subscription-facts-loaders';

/** One loader per kind, so a new kind cannot be forgotten. */
export const FACTS_LOADERS: Readonly<Record<EmailKind, FactsLoader>> = {
  ...saleFactsLoaders,
  ...subscriptionFactsLoaders,
  ...adminFactsLoaders,
};
