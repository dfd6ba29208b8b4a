import { createHash } from 'node:crypto';
import { renderInvoicePdf } from '../../src/documents/invoice-pdf';
import { formatMoney } from '../../src/domain/money';
import { createLogger } from '../../src/logger';
import { DataStore } from '../../src/repositories/data-store';
import { DocumentIssuingService, type PdfRenderer } from '../../src/services/invoices/document-issuing.service';
import { adminRefund, completedPurchase, paymentView } from '../support/post-sale';
import { download, invoiceJson, pdfText, waitForDocuments, type DocumentSummaryBody } from '../support/invoices';
import { approvePayPal, payStripe, sandboxControl, startCheckout, waitForStatus } from '../support/purchase';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

const SELLER = {
  SELLER_NAME: 'Akademie Müller GmbH',
  SELLER_ADDRESS: 'Hauptstraße 1|10115 Berlin|Germany',
  SELLER_VAT_ID: 'DE123456789',
  SELLER_EMAIL: 'rechnung@akademie.example',
};

describe('invoices and credit notes', () => {
  let ctx: SandboxTestContext;
  let course: (slug: string) => string;
  let admin: { id: string; token: string };

  beforeAll(async () => {
    ctx = await createSandboxTestContext({
      env: { ...SELLER, TAX_RATE_PERCENT: '20', SUPPORTED_CURRENCIES: 'USD,EUR,JPY,KWD' },
    });
    const rows: { id: string; slug: string }[] = await ctx.db.dataSource.query(`SELECT id, slug FROM courses`);
    course = (slug) => rows.find((r) => r.slug === slug)!.id;
    admin = await ctx.createUser('admin');
  });
  afterAll(() => ctx.close());

  async function buy(provider: 'stripe' | 'paypal', slug: string, currency?: string, name?: string) {
    const student = await ctx.createUser('student', undefined, name);
    const checkout = await startCheckout(ctx, student.token, course(slug), provider, currency);
    if (provider === 'stripe') await payStripe(ctx, checkout.providerSessionId);
    else await approvePayPal(ctx, checkout.providerSessionId);
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    return { student, paymentId: checkout.paymentId };
  }

  it('when a course is bought, then its invoice is issued with the seller, buyer, course, tax line and a stored, byte-identical PDF', async () => {
    const { student, paymentId } = await buy('stripe', 'typescript-fundamentals', 'USD', 'Renée Dupont');
    const { invoice, creditNotes } = await waitForDocuments(ctx, student.token, paymentId);
    expect(invoice).toMatchObject({ kind: 'invoice', paymentId, total: { amount: 4900, currency: 'USD' } });
    expect(invoice.number).toMatch(new RegExp(`^INV-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(creditNotes).toEqual([]);

    const first = await download(ctx, student.token, `/api/invoices/${paymentId}`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
    const text = await pdfText(first.bytes);
    for (const expected of [
      invoice.number,
      SELLER.SELLER_NAME,
      SELLER.SELLER_VAT_ID,
      'Renée Dupont',
      'TypeScript Fundamentals',
      formatMoney({ amount: 4900, currency: 'USD' }),
      // 20 % included in 49.00: 8.17 tax, 40.83 net
      formatMoney({ amount: 817, currency: 'USD' }),
      formatMoney({ amount: 4083, currency: 'USD' }),
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/20\s?%/);

    const again = await download(ctx, student.token, `/api/invoices/${paymentId}`);
    const byId = await download(ctx, student.token, invoice.downloadUrl);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(byId.bytes.equals(first.bytes)).toBe(true);
    const [stored] = await ctx.db.dataSource.query(`SELECT pdf_sha256, data FROM invoices WHERE id = $1`, [invoice.id]);
    expect(stored.pdf_sha256).toBe(createHash('sha256').update(first.bytes).digest('hex'));
    expect(stored.data).toMatchObject({
      number: invoice.number,
      seller: {
        name: SELLER.SELLER_NAME,
        vatId: SELLER.SELLER_VAT_ID,
        address: ['Hauptstraße 1', '10115 Berlin', 'Germany'],
      },
      buyer: { name: 'Renée Dupont', email: student.email },
      totals: { net: 4083, tax: 817, gross: 4900 },
      tax: { ratePercent: '20', pricesIncludeTax: true, amount: 817, note: null },
      payment: { provider: 'stripe' },
    });

    const view = await paymentView(ctx, student.token, paymentId);
    expect(view.body.invoice).toEqual({ id: invoice.id, number: invoice.number, downloadUrl: invoice.downloadUrl });
  });

  it('when the checkout collected a billing address and VAT number, then the invoice names them', async () => {
    const student = await ctx.createUser('student', undefined, 'Account Holder');
    const stripe = await startCheckout(ctx, student.token, course('typescript-fundamentals'), 'stripe', 'EUR');
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/checkout/sessions/${stripe.providerSessionId}/pay`, {
      card: '4242424242424242',
      name: 'Müller Consulting GmbH',
      address: { line1: 'Friedrichstraße 10', city: 'Berlin', postal_code: '10117', country: 'DE' },
      tax_id: { type: 'eu_vat', value: 'DE987654321' },
    });
    await waitForStatus(ctx, stripe.paymentId, 'completed');
    const { invoice } = await waitForDocuments(ctx, student.token, stripe.paymentId);
    const [row] = await ctx.db.dataSource.query(`SELECT data FROM invoices WHERE id = $1`, [invoice.id]);
    expect(row.data.buyer).toEqual({
      name: 'Müller Consulting GmbH',
      email: student.email,
      address: ['Friedrichstraße 10', '10117 Berlin', 'DE'],
      taxIds: [{ type: 'eu_vat', value: 'DE987654321' }],
    });
    const text = await pdfText((await download(ctx, student.token, invoice.downloadUrl)).bytes);
    for (const expected of ['Müller Consulting GmbH', 'Friedrichstraße 10', 'DE987654321'])
      expect(text).toContain(expected);

    const paypalBuyer = await ctx.createUser('student', undefined, 'PayPal Account');
    const paypal = await startCheckout(ctx, paypalBuyer.token, course('typescript-fundamentals'), 'paypal', 'EUR');
    await approvePayPal(ctx, paypal.providerSessionId, {
      name: { given_name: 'Lucía', surname: 'Fernández' },
      address: { address_line_1: 'Calle Mayor 5', admin_area_2: 'Madrid', postal_code: '28013', country_code: 'ES' },
    });
    await waitForStatus(ctx, paypal.paymentId, 'completed');
    const paid = await waitForDocuments(ctx, paypalBuyer.token, paypal.paymentId);
    const [paypalRow] = await ctx.db.dataSource.query(`SELECT data FROM invoices WHERE id = $1`, [paid.invoice.id]);
    expect(paypalRow.data.buyer).toMatchObject({
      name: 'Lucía Fernández',
      address: ['Calle Mayor 5', '28013 Madrid', 'ES'],
      taxIds: [],
    });
  });

  it('when an issued document is edited or deleted in SQL, then the database refuses', async () => {
    const { student, paymentId } = await buy('stripe', 'typescript-fundamentals');
    const { invoice } = await waitForDocuments(ctx, student.token, paymentId);
    await expect(
      ctx.db.dataSource.query(`UPDATE invoices SET data = data || '{"number":"X"}' WHERE id = $1`, [invoice.id]),
    ).rejects.toThrow(/cannot be changed/);
    await expect(ctx.db.dataSource.query(`UPDATE invoices SET pdf = 'x' WHERE id = $1`, [invoice.id])).rejects.toThrow(
      /stored once/,
    );
    await expect(ctx.db.dataSource.query(`DELETE FROM invoices WHERE id = $1`, [invoice.id])).rejects.toThrow(
      /cannot be deleted/,
    );
  });

  it.each([
    ['JPY', 7500, '7,500.00'],
    ['KWD', 15050, '15.05 '],
  ])(
    'when a course is bought in %s, then the invoice shows %d minor units with that currency’s decimals',
    async (currency, amount, wrong) => {
      const { student, paymentId } = await buy('stripe', 'typescript-fundamentals', currency);
      const { invoice } = await waitForDocuments(ctx, student.token, paymentId);
      expect(invoice.total).toEqual({ amount, currency });
      const text = await pdfText((await download(ctx, student.token, invoice.downloadUrl)).bytes);
      expect(text).toContain(formatMoney({ amount, currency }));
      expect(text).not.toContain(wrong);
    },
  );

  it('when a price was converted, then the invoice records the rate, its source and date', async () => {
    // No explicit KWD price: 49.00 USD converted with the seeded rate.
    const { student, paymentId } = await buy('stripe', 'typescript-fundamentals', 'KWD');
    const { invoice } = await waitForDocuments(ctx, student.token, paymentId);
    const [row] = await ctx.db.dataSource.query(`SELECT data FROM invoices WHERE id = $1`, [invoice.id]);
    expect(row.data.exchangeRate).toMatchObject({ baseCurrency: 'USD', baseAmount: 4900, source: expect.any(String) });
    expect(row.data.exchangeRate.rate).toMatch(/^\d+(\.\d+)?$/);
    const text = await pdfText((await download(ctx, student.token, invoice.downloadUrl)).bytes);
    expect(text).toContain(row.data.exchangeRate.rate);
  });

  it('when names are Japanese and Arabic, then they survive into the PDF text', async () => {
    for (const name of ['山田太郎', 'محمد العلي']) {
      const { student, paymentId } = await buy('stripe', 'typescript-fundamentals', 'USD', name);
      const { invoice } = await waitForDocuments(ctx, student.token, paymentId);
      const text = await pdfText((await download(ctx, student.token, invoice.downloadUrl)).bytes);
      const words = name.split(' ');
      for (const word of words) expect(text.normalize('NFKC')).toContain(word.normalize('NFKC'));
    }
  });

  it('when a payment is refunded in part and then in full, then two credit notes correct its invoice and add up to the refunds', async () => {
    for (const provider of ['stripe', 'paypal'] as const) {
      const purchase = await completedPurchase(ctx, provider, course('typescript-fundamentals'), { currency: 'EUR' });
      const paymentId = purchase.checkout.paymentId;
      const { invoice } = await waitForDocuments(ctx, purchase.student.token, paymentId);
      expect((await adminRefund(ctx, admin.token, paymentId, { amount: 1000 })).status).toBe(201);
      expect((await adminRefund(ctx, admin.token, paymentId)).status).toBe(201);
      const { creditNotes } = await waitForDocuments(ctx, purchase.student.token, paymentId, 2);
      expect(creditNotes.map((c) => c.total)).toEqual([
        { amount: -1000, currency: 'EUR' },
        { amount: -(invoice.total.amount - 1000), currency: 'EUR' },
      ]);
      expect(creditNotes.every((c) => /^CN-\d{4}-\d{6}$/.test(c.number))).toBe(true);
      const snapshots: {
        data: { totals: { net: number; tax: number; gross: number }; correction: { invoiceNumber: string } };
      }[] = await ctx.db.dataSource.query(`SELECT data FROM invoices WHERE payment_id = $1 ORDER BY seq`, [paymentId]);
      const [sale, ...notes] = snapshots.map((s) => s.data);
      expect(notes.map((n) => n.correction.invoiceNumber)).toEqual([invoice.number, invoice.number]);
      // Taxes and nets of the credit notes cancel the invoice exactly, not just its gross.
      for (const part of ['net', 'tax', 'gross'] as const) {
        expect(sale!.totals[part] + notes.reduce((sum, n) => sum + n.totals[part], 0)).toBe(0);
      }
      const text = await pdfText((await download(ctx, purchase.student.token, creditNotes[0]!.downloadUrl)).bytes);
      expect(text).toContain(creditNotes[0]!.number);
      expect(text).toContain(invoice.number);
      expect(text).toContain(formatMoney({ amount: 1000, currency: 'EUR' }));
    }
  });

  it('when another student asks for an invoice, a document or the list, then 404 or nothing of the owner’s', async () => {
    const { student, paymentId } = await buy('stripe', 'typescript-fundamentals');
    const { invoice } = await waitForDocuments(ctx, student.token, paymentId);
    const other = await ctx.createUser();
    for (const url of [`/api/invoices/${paymentId}`, `/api/invoices/${paymentId}?format=json`, invoice.downloadUrl]) {
      const res = await api(ctx.app).get(url).auth(other.token, { type: 'bearer' });
      expect([url, res.status, res.body.error?.code]).toEqual([url, 404, 'not_found']);
    }
    const list = await api(ctx.app).get('/api/invoices').auth(other.token, { type: 'bearer' });
    expect(list.body).toEqual({ items: [], nextCursor: null });
    const peek = await api(ctx.app).get(`/api/invoices?userId=${student.id}`).auth(other.token, { type: 'bearer' });
    expect(peek.body.items).toEqual([]);
    const asAdmin = await api(ctx.app).get(`/api/invoices?userId=${student.id}`).auth(admin.token, { type: 'bearer' });
    expect(asAdmin.body.items.map((d: DocumentSummaryBody) => d.id)).toEqual([invoice.id]);
    for (const url of ['/api/invoices/not-a-uuid', '/api/invoices/documents/00000000-0000-4000-8000-000000000000']) {
      const res = await api(ctx.app).get(url).auth(student.token, { type: 'bearer' });
      expect(res.status).toBe(404);
    }
    const bad = await api(ctx.app).get('/api/invoices?limit=0&extra=1').auth(student.token, { type: 'bearer' });
    expect(bad.status).toBe(400);
  });

  it('when the issuing pass has not run yet, then the invoice answers 404 invoice_not_ready and appears once it runs', async () => {
    await ctx.background.documents.stop();
    try {
      const { student, paymentId } = await buy('stripe', 'typescript-fundamentals');
      const waiting = await invoiceJson(ctx, student.token, paymentId);
      expect([waiting.status, waiting.body.error.code]).toEqual([404, 'invoice_not_ready']);
      const pdf = await api(ctx.app).get(`/api/invoices/${paymentId}`).auth(student.token, { type: 'bearer' });
      expect([pdf.status, pdf.body.error.code]).toEqual([404, 'invoice_not_ready']);
      expect((await paymentView(ctx, student.token, paymentId)).body.invoice).toBeNull();
    } finally {
      ctx.background.documents.start();
    }
  });

  it('when the issuing transaction dies before commit or rendering fails, then no number is lost and the PDF comes later', async () => {
    await ctx.background.documents.stop();
    try {
      const { student, paymentId } = await buy('stripe', 'typescript-fundamentals');
      const store = new DataStore(ctx.db.dataSource);
      const logger = createLogger('silent');
      const crashing = Object.create(store) as DataStore;
      crashing.transaction = (work) =>
        store.transaction(async (tx) => {
          await work(tx);
          throw new Error('connection lost before commit');
        });
      const series = () => ctx.db.dataSource.query(`SELECT key, last_number FROM document_series ORDER BY key`);
      const before = await series();
      await expect(
        new DocumentIssuingService(crashing, ctx.config.invoicing, renderInvoicePdf, logger).issuePending(),
      ).rejects.toThrow('connection lost');
      expect(await series()).toEqual(before);
      expect((await invoiceJson(ctx, student.token, paymentId)).body.error.code).toBe('invoice_not_ready');

      const failingRender = async () => {
        throw new Error('font missing');
      };
      const outcome = await new DocumentIssuingService(
        store,
        ctx.config.invoicing,
        failingRender,
        logger,
      ).issuePending();
      expect(outcome).toEqual({ issued: 1, rendered: 0 });
      const { invoice } = (await invoiceJson(ctx, student.token, paymentId)).body as { invoice: DocumentSummaryBody };
      const previous = before.find((r: { key: string }) => r.key.startsWith('invoice:'))?.last_number ?? 0;
      expect(Number(invoice.number.slice(-6))).toBe(previous + 1);
      // The download renders what the pass could not, and stores it for good.
      const pdf = await download(ctx, student.token, invoice.downloadUrl);
      expect(pdf.status).toBe(200);
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const [row] = await ctx.db.dataSource.query(`SELECT pdf IS NOT NULL AS stored FROM invoices WHERE id = $1`, [
        invoice.id,
      ]);
      expect(row.stored).toBe(true);
    } finally {
      ctx.background.documents.start();
    }
  });

  it('when two runs render the same PDF at once, then both serve the one stored first; alone, a run serves its own', async () => {
    await ctx.background.documents.stop();
    try {
      const store = new DataStore(ctx.db.dataSource);
      const logger = createLogger('silent');
      const service = (render: PdfRenderer) => new DocumentIssuingService(store, ctx.config.invoicing, render, logger);
      /** A course bought and its invoice numbered, with no PDF rendered yet. */
      const issuedWithoutPdf = async () => {
        const { paymentId } = await buy('stripe', 'typescript-fundamentals');
        await service(async () => {
          throw new Error('not now');
        }).issuePending();
        const [{ id }] = await ctx.db.dataSource.query(
          `SELECT id FROM invoices WHERE payment_id = $1 AND kind = 'invoice' AND pdf IS NULL`,
          [paymentId],
        );
        return (await store.repos.invoices.snapshot(id))!;
      };

      const raced = await issuedWithoutPdf();
      const first = Buffer.from('%PDF-1.7 stored by the other run');
      // The other run stores its bytes while this one is still rendering.
      const racing: PdfRenderer = async (snapshot) => {
        await ctx.db.dataSource.query(`UPDATE invoices SET pdf = $2, pdf_sha256 = $3 WHERE id = $1`, [
          raced.id,
          first,
          createHash('sha256').update(first).digest('hex'),
        ]);
        return renderInvoicePdf(snapshot);
      };
      expect((await service(racing).pdf(raced)).equals(first)).toBe(true);

      const alone = await issuedWithoutPdf();
      const own = await service(renderInvoicePdf).pdf(alone);
      const [stored] = await ctx.db.dataSource.query(`SELECT pdf FROM invoices WHERE id = $1`, [alone.id]);
      expect(own.subarray(0, 5).toString()).toBe('%PDF-');
      expect(own.equals(stored.pdf)).toBe(true);
    } finally {
      ctx.background.documents.start();
    }
  });

  it('when the student lists their documents, then they come newest first, keyset-paginated, with download links', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', course('typescript-fundamentals'));
    const second = await startCheckout(ctx, purchase.student.token, course('postgresql-for-developers'), 'stripe');
    await payStripe(ctx, second.providerSessionId);
    await waitForStatus(ctx, second.paymentId, 'completed');
    await waitForDocuments(ctx, purchase.student.token, purchase.checkout.paymentId);
    await waitForDocuments(ctx, purchase.student.token, second.paymentId);
    expect((await adminRefund(ctx, admin.token, second.paymentId, { amount: 500 })).status).toBe(201);
    await waitForDocuments(ctx, purchase.student.token, second.paymentId, 1);

    const seen: DocumentSummaryBody[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: DocumentSummaryBody[]; nextCursor: string | null } } = await api(
        ctx.app,
      )
        .get(`/api/invoices?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .auth(purchase.student.token, { type: 'bearer' });
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.map((d) => [d.kind, d.paymentId])).toEqual([
      ['credit_note', second.paymentId],
      ['invoice', second.paymentId],
      ['invoice', purchase.checkout.paymentId],
    ]);
    expect(seen.every((d) => d.downloadUrl === `/api/invoices/documents/${d.id}`)).toBe(true);
  });

  it('when 50 purchases complete at once, then their invoices get consecutive numbers with no gap and no duplicate', async () => {
    const students = await Promise.all(Array.from({ length: 50 }, () => ctx.createUser()));
    const checkouts = await Promise.all(
      students.map((s) => startCheckout(ctx, s.token, course('testing-node-services'), 'stripe')),
    );
    // Extra issuing passes racing the background one: the advisory lock keeps them in turn.
    const racing = Array.from({ length: 5 }, () => ctx.services.documentIssuing.issuePending());
    await Promise.all(checkouts.map((c) => payStripe(ctx, c.providerSessionId)));
    await Promise.all(checkouts.map((c) => waitForStatus(ctx, c.paymentId, 'completed')));
    await Promise.all(racing);
    const documents = await Promise.all(
      checkouts.map((c, i) => waitForDocuments(ctx, students[i]!.token, c.paymentId)),
    );
    const counters = documents.map((d) => Number(d.invoice.number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(counters).size).toBe(50);
    expect(counters[49]! - counters[0]!).toBe(49);

    // Across the whole series: gap-free from 1, and numbers rise with issue time.
    const all: { number: string; issued_at: Date }[] = await ctx.db.dataSource.query(
      `SELECT number, issued_at FROM invoices WHERE kind = 'invoice' AND number IS NOT NULL ORDER BY number`,
    );
    expect(all.map((r) => Number(r.number.slice(-6)))).toEqual(all.map((_, i) => i + 1));
    for (let i = 1; i < all.length; i += 1) {
      expect(all[i]!.issued_at.getTime()).toBeGreaterThanOrEqual(all[i - 1]!.issued_at.getTime());
    }
  });
});
