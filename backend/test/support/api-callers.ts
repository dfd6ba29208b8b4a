import { completedPurchase } from './post-sale';
import { courseIds } from './purchase';
import { savedMethod } from './payment-methods';
import { planIds, subscribed } from './subscriptions';
import { waitForDocuments } from './invoices';
import type { SandboxTestContext } from './test-app';

/** Who calls: nobody signed in, the student who owns the resources, another student, an admin. */
export const CALLER_NAMES = ['anonymous', 'student', 'otherStudent', 'admin'] as const;
export type CallerName = (typeof CALLER_NAMES)[number];

export interface SignedInCaller {
  id: string;
  token: string;
  email: string;
}

/** What the student owns, one of each kind a path can name. */
export interface StudentResources {
  /** Bought with PayPal, completed, invoiced. */
  paymentId: string;
  paypalOrderId: string;
  /** That payment's invoice. */
  documentId: string;
  /** The course that payment bought. */
  ownedCourseId: string;
  /** A live Stripe subscription. */
  subscriptionId: string;
  /** A saved Stripe card and the setup that saved it. */
  methodId: string;
  setupId: string;
}

export interface ApiCallers {
  student: SignedInCaller;
  otherStudent: SignedInCaller;
  admin: SignedInCaller;
  resources: StudentResources;
  courseIds: string[];
  plans: { monthly: string; yearly: string };
  /** A stored webhook event (from the student's purchase). */
  webhookEventId: string;
  /** An outbox email (the receipt of the student's purchase). */
  emailId: string;
}

/** The password every test user has (see `createUser`). */
export const TEST_PASSWORD = 'correct horse battery';

/**
 * Three users and a student who owns one of everything: a PayPal sale with its invoice, a
 * Stripe subscription and a saved Stripe card. The other student owns nothing yet.
 */
export async function apiCallers(ctx: SandboxTestContext): Promise<ApiCallers> {
  const student = await ctx.createUser('student', undefined, 'Ada Student-Owner');
  const otherStudent = await ctx.createUser('student', undefined, 'Bob Other-Student');
  const admin = await ctx.createUser('admin', undefined, 'Cleo Admin');
  const courses = await courseIds(ctx);
  const plans = await planIds(ctx);

  const purchase = await completedPurchase(ctx, 'paypal', courses[0], { student });
  const documents = await waitForDocuments(ctx, student.token, purchase.checkout.paymentId);
  const subscription = await subscribed(ctx, 'stripe', plans.monthly, { student });
  const method = await savedMethod(ctx, student, 'stripe');
  const [setup]: { id: string }[] = await ctx.db.dataSource.query(
    `SELECT id FROM payment_method_setups WHERE payment_method_id = $1`,
    [method.id],
  );
  const [event]: { id: string }[] = await ctx.db.dataSource.query(
    `SELECT id FROM webhook_events ORDER BY received_at LIMIT 1`,
  );
  const [email]: { id: string }[] = await ctx.db.dataSource.query(`SELECT id FROM email_outbox WHERE payment_id = $1`, [
    purchase.checkout.paymentId,
  ]);
  return {
    student,
    otherStudent,
    admin,
    resources: {
      paymentId: purchase.checkout.paymentId,
      paypalOrderId: purchase.checkout.providerSessionId,
      documentId: documents.invoice.id,
      ownedCourseId: courses[0],
      subscriptionId: subscription.subscriptionId,
      methodId: method.id,
      setupId: setup.id,
    },
    courseIds: courses,
    plans,
    webhookEventId: event.id,
    emailId: email.id,
  };
}
