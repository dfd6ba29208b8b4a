import { seedPriceProblems } from '../../src/db/seed';

describe('demo seed prices', () => {
  it("when the explicit demo prices are checked against every provider's step, then none breaks one", () => {
    expect(seedPriceProblems()).toEqual([]);
  });
});
