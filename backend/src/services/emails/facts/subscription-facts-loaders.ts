import type { FactsLoader } from './facts-loader';

const notBuilt: FactsLoader = async (email) => {
  throw new Error(`the ${email.kind} email is not built yet`);
};

/** The subscription lifecycle emails. */
export const subscriptionFactsLoaders = {
  subscription_started: notBuilt,
  subscription_renewed: notBuilt,
  renewal_failed: notBuilt,
  payment_action_required: notBuilt,
  subscription_canceled: notBuilt,
  subscription_ending_soon: notBuilt,
};
