import pdfParse from 'pdf-parse';

// pdf-parse bundles pdf.js 1.10, which warns on stderr about TrueType hinting it does not run
// (BIZ UDPGothic's); the same module instance is quietened here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfjs = require('pdf-parse/lib/pdf.js/v1.10.100/build/pdf.js') as { verbosity: number };
pdfjs.verbosity = 0;

/** The text pdf.js extracts from a PDF: items of one line concatenated, lines joined by "\n". */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfParse(pdf)).text;
}

/** Number of pages pdf.js counts. */
export async function pdfPages(pdf: Buffer): Promise<number> {
  return (await pdfParse(pdf)).numpages;
}
