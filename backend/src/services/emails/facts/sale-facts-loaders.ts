import type { FactsLoader } from './facts-loader';

const notBuilt: FactsLoader = async (email) => {
  throw new Error(`the ${email.kind} email is not built yet`);
};

/** The purchase receipt and the refund confirmation. */
export const saleFactsLoaders = {
  purchase_receipt: notBuilt,
  refund_confirmation: notBuilt,
};
