import type { FactsLoader } from './facts-loader';

const notBuilt: FactsLoader = async (email) => {
  throw new Error(`the ${email.kind} email is not built yet`);
};

/** Admin mail: the dispute alert and the daily digest. */
export const adminFactsLoaders = {
  dispute_opened: notBuilt,
  admin_digest: notBuilt,
};
