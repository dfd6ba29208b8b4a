import { visualRuns } from '../../../src/documents/text-runs';

/** [text, script of the face] per run, left to right. */
function runs(text: string): [string, string][] {
  return visualRuns(text, 'regular').map((r) => [r.text, r.face.script]);
}

describe('visualRuns', () => {
  it('when text is Latin, Greek or Cyrillic, then it is one run in the Latin face', () => {
    expect(runs('François Müller')).toEqual([['François Müller', 'latin']]);
    expect(runs('Γιώργος Анна')).toEqual([['Γιώργος Анна', 'latin']]);
  });

  it('when text is Japanese, then it is set in the Japanese face, spaces included', () => {
    expect(runs('山田 太郎')).toEqual([['山田 太郎', 'japanese']]);
    expect(runs('Bill to 山田太郎')).toEqual([
      ['Bill to ', 'latin'],
      ['山田太郎', 'japanese'],
    ]);
  });

  it('when text is Arabic, then it is one run in the Arabic face, left in logical order for the shaper', () => {
    expect(runs('محمد العلي')).toEqual([['محمد العلي', 'arabic']]);
  });

  it('when Arabic follows Latin on a line, then the runs keep their order (a left-to-right line)', () => {
    expect(runs('Bill to: محمد العلي')).toEqual([
      ['Bill to: ', 'latin'],
      ['محمد العلي', 'arabic'],
    ]);
  });

  it('when a number follows Arabic, then it stands to the left of the Arabic and reads left to right', () => {
    expect(runs('شارع 12')).toEqual([
      ['12', 'latin'],
      ['شارع ', 'arabic'],
    ]);
    expect(runs('المستوى ٢')).toEqual([
      ['٢', 'arabic'],
      ['المستوى ', 'arabic'],
    ]);
  });

  it('when a number follows Latin, then it stays where it is', () => {
    expect(runs('Module 12 ١')).toEqual([
      ['Module 12 ', 'latin'],
      ['١', 'arabic'],
    ]);
  });

  it('when Arabic words are separated by punctuation the Arabic face lacks, then it is placed right to left, a character at a time', () => {
    const placed = visualRuns('للمدفوعات — المستوى', 'regular');
    expect(placed.map((r) => r.text)).toEqual(['المستوى', ' ', '—', 'للمدفوعات ']);
    // written in reading order, for text extraction
    const reading = [...placed].sort((a, b) => a.logical - b.logical).map((r) => r.text);
    expect(reading).toEqual(['للمدفوعات ', '—', ' ', 'المستوى']);
  });

  it('when text has currency signs, then the Latin face has every one', () => {
    const signs = '€£¥₹₩₺₽₪₫₴₦₱₸₼₾₿₵₲₡₭₮₨';
    expect(runs(signs)).toEqual([[signs, 'latin']]);
  });

  it('when text is decomposed or has line breaks, then it is composed (NFC) and kept on one line', () => {
    expect(runs('Nguye\u0302\u0303n\nThi\u0323')).toEqual([['Nguyễn Thị', 'latin']]);
  });

  it('when text is empty, then there are no runs', () => {
    expect(visualRuns('', 'bold')).toEqual([]);
  });
});
