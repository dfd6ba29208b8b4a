import pdfParse from 'pdf-parse';

/**
 * The text pdf.js (1.10, bundled with pdf-parse) extracts from a PDF: the items of one line
 * concatenated in content-stream order, lines joined by "\n".
 *
 * Its font checker logs "Warning: TT: undefined function: 0" for BIZ UDPGothic's hinting
 * program, which it does not run (the glyphs render and extract all the same); that one
 * warning is dropped here so test output stays readable.
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await quietly(() => pdfParse(pdf))).text;
}

/** Number of pages pdf.js counts. */
export async function pdfPages(pdf: Buffer): Promise<number> {
  return (await quietly(() => pdfParse(pdf))).numpages;
}

async function quietly<T>(read: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Warning: TT: undefined function')) return;
    log(...args);
  };
  try {
    return await read();
  } finally {
    console.log = log;
  }
}
