import { FormControl, FormGroup } from '@angular/forms';
import { distinctPairValidator, rateProblem, rateValidator } from './rate-validation';

describe('rateProblem', () => {
  it('when the rate is a positive plain decimal that fits, then there is no problem', () => {
    for (const ok of ['1.0842', '0.000001', '160', ' 1.5 ', '999999999999.123456789012']) {
      expect(rateProblem(ok)).toBeNull();
    }
  });

  it('when the rate is not a plain decimal, then it says how to write one', () => {
    for (const bad of ['1,08', '1e3', '-1.2', '.5', '1.', 'abc', '']) {
      expect(rateProblem(bad)).toContain('plain decimal');
    }
  });

  it('when the rate has too many digits or is zero, then it says which', () => {
    expect(rateProblem('1234567890123')).toContain('before the point');
    expect(rateProblem('0001.5')).toBeNull();
    expect(rateProblem('1.1234567890123')).toContain('after the point');
    expect(rateProblem('0.000')).toContain('more than 0');
  });
});

describe('rate validators', () => {
  it('when a control holds a bad rate, then its error carries the message; empty is not its business', () => {
    expect(rateValidator(new FormControl('1,5'))).toEqual({ rate: expect.stringContaining('plain decimal') });
    expect(rateValidator(new FormControl(''))).toBeNull();
    expect(rateValidator(new FormControl('1.5'))).toBeNull();
  });

  it('when base and quote are the same currency, then the pair is refused', () => {
    const pair = (base: string, quote: string) =>
      distinctPairValidator(new FormGroup({ base: new FormControl(base), quote: new FormControl(quote) }));
    expect(pair('EUR', 'eur')).toEqual({ samePair: true });
    expect(pair('EUR', 'USD')).toBeNull();
  });
});
