/**
 * The reference the product is measured against: the least a correct Stripe webhook endpoint can
 * do. Verify the signature, then in ONE transaction with plain `pg`: store the event if new,
 * complete the payment, enroll the student; answer only after COMMIT. Run by the bench as its own
 * process (node --import tsx backend/bench/reference-server.ts) with PORT, DATABASE_URL and
 * STRIPE_WEBHOOK_SECRET in the environment.
 */
import express, { type Request, type Response } from 'express';
import { Pool, type PoolClient } from 'pg';
import Stripe from 'stripe';

const port = Number(process.env.PORT);
const databaseUrl = process.env.DATABASE_URL;
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
if (!port || !databaseUrl || !webhookSecret) {
  process.stderr.write('PORT, DATABASE_URL and STRIPE_WEBHOOK_SECRET are required\n');
  process.exit(1);
}

// Same pool size as the product's TypeORM default, so neither side wins by holding more connections.
const pool = new Pool({ connectionString: databaseUrl, max: 20, connectionTimeoutMillis: 5000 });
const stripe = new Stripe('sk_test_reference');

interface SessionFields {
  paymentId?: string;
  paymentIntent?: string;
  amount?: number;
  currency?: string;
}

function sessionFields(event: Stripe.Event): SessionFields {
  const session = event.data.object as Stripe.Checkout.Session;
  const paymentIntent = session.payment_intent;
  return {
    paymentId: session.metadata?.payment_id ?? session.client_reference_id ?? undefined,
    paymentIntent: typeof paymentIntent === 'string' ? paymentIntent : paymentIntent?.id,
    amount: session.amount_total ?? undefined,
    currency: session.currency ?? undefined,
  };
}

/** The whole effect of one delivery; returns false when the event was already stored. */
async function apply(client: PoolClient, event: Stripe.Event, rawBody: Buffer): Promise<boolean> {
  const stored = await client.query(
    `INSERT INTO bench_reference_events (provider, event_id, type, payload) VALUES ('stripe', $1, $2, $3::jsonb)
     ON CONFLICT ON CONSTRAINT uq_bench_reference_events DO NOTHING RETURNING id`,
    [event.id, event.type, rawBody.toString('utf8')],
  );
  if (stored.rowCount === 0) return false;
  if (event.type !== 'checkout.session.completed') return true;
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.payment_status !== 'paid') return true;
  const fields = sessionFields(event);
  // Completes only a payment that is still open and whose amount and currency match what we asked.
  const completed = await client.query<{ user_id: string; course_id: string }>(
    `UPDATE payments SET status = 'completed', completed_at = now(), last_event_at = to_timestamp($2),
            provider_payment_id = COALESCE(provider_payment_id, $3), version = version + 1, updated_at = now()
      WHERE id = $1 AND provider = 'stripe' AND status IN ('pending', 'processing')
        AND amount = $4 AND currency = upper($5)
      RETURNING user_id, course_id`,
    [fields.paymentId, event.created, fields.paymentIntent ?? null, fields.amount ?? -1, fields.currency ?? ''],
  );
  const payment = completed.rows[0];
  if (payment?.course_id) {
    await client.query(
      `INSERT INTO enrollments (user_id, course_id, payment_id, source) VALUES ($1, $2, $3, 'purchase')
       ON CONFLICT DO NOTHING`,
      [payment.user_id, payment.course_id, fields.paymentId],
    );
  }
  return true;
}

async function receive(req: Request, res: Response): Promise<void> {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, String(req.headers['stripe-signature'] ?? ''), webhookSecret!, 300);
  } catch {
    res.status(400).json({ error: 'invalid signature' });
    return;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const fresh = await apply(client, event, body);
    await client.query('COMMIT');
    res.status(200).json({ received: true, duplicate: !fresh });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // 5xx so the sender retries, as Stripe would.
    res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    client.release();
  }
}

const app = express();
app.disable('x-powered-by');
app.get('/readyz', (_req, res) => {
  pool.query('SELECT 1').then(
    () => res.json({ status: 'ready' }),
    () => res.status(503).json({ status: 'not ready' }),
  );
});
app.post('/webhook/stripe', express.raw({ type: () => true, limit: '512kb' }), (req, res, next) => {
  receive(req, res).catch(next);
});

const server = app.listen(port, '127.0.0.1');
const shutdown = () => {
  server.close();
  server.closeIdleConnections();
  void pool.end().finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
