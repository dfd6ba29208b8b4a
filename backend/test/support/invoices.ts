import pdfParse from 'pdf-parse';
import { api, eventually, type SandboxTestContext } from './test-app';

export interface DocumentSummaryBody {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  paymentId: string;
  total: { amount: number; currency: string };
  issuedAt: string;
  downloadUrl: string;
}

export interface PaymentDocumentsBody {
  invoice: DocumentSummaryBody;
  creditNotes: DocumentSummaryBody[];
}

export function invoiceJson(ctx: SandboxTestContext, token: string, paymentId: string) {
  return api(ctx.app).get(`/api/invoices/${paymentId}?format=json`).auth(token, { type: 'bearer' });
}

/** Polls until the payment's invoice (and `creditNotes` credit notes) are issued. */
export function waitForDocuments(
  ctx: SandboxTestContext,
  token: string,
  paymentId: string,
  creditNotes = 0,
  timeoutMs = 15000,
): Promise<PaymentDocumentsBody> {
  return eventually(async () => {
    const res = await invoiceJson(ctx, token, paymentId);
    if (res.status !== 200) return undefined;
    const body = res.body as PaymentDocumentsBody;
    return body.creditNotes.length >= creditNotes ? body : undefined;
  }, timeoutMs);
}

/** GETs a PDF route as raw bytes. */
export async function download(ctx: SandboxTestContext, token: string, url: string) {
  const res = await api(ctx.app)
    .get(url)
    .auth(token, { type: 'bearer' })
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  return { status: res.status, headers: res.headers, bytes: res.body as Buffer };
}

/** The text of a PDF, as a real parser reads it back. */
export async function pdfText(bytes: Buffer): Promise<string> {
  return (await pdfParse(bytes)).text;
}
