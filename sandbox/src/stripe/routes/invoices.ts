import { payInvoice, subscriptionOf } from '../flows/pay-invoice';
import { Route, route } from '../router';
import { listOf, mustGet, mustRef } from './util';

const INVOICE_PAYMENT_STATUSES = ['open', 'paid', 'canceled'] as const;

export const invoiceRoutes: Route[] = [
  route('GET', '/v1/invoices', ({ params }, ctx) => {
    const customer = params.str('customer');
    const subscription = params.str('subscription');
    const status = params.str('status');
    const items = [...ctx.state.invoices.values()].filter(
      (i) =>
        (!customer || i.customer === customer) &&
        (!status || i.status === status) &&
        (!subscription || subscriptionOf(ctx, i)?.id === subscription),
    );
    return listOf(ctx.state, items, '/v1/invoices', params);
  }),
  route('GET', '/v1/invoices/:id', ({ path }, ctx) => mustGet(ctx.state.invoices, path.id)),
  route('POST', '/v1/invoices/:id/pay', ({ path, params, request }, ctx) => {
    const invoice = mustGet(ctx.state.invoices, path.id);
    params.bool('off_session');
    return payInvoice(ctx, invoice, { paymentMethod: params.str('payment_method') }, request);
  }),
  // basil+: an invoice's payments; filter by invoice and/or by the PaymentIntent behind them.
  route('GET', '/v1/invoice_payments', ({ params }, ctx) => {
    const invoice = params.str('invoice');
    if (invoice) mustRef(ctx.state.invoices, invoice, 'invoice');
    const payment = params.obj('payment')?.only(['type', 'payment_intent', 'payment_record']);
    if (payment) payment.enum('type', ['payment_intent', 'payment_record'], true);
    const pi = payment?.str('payment_intent');
    const status = params.enum('status', INVOICE_PAYMENT_STATUSES);
    const items = [...ctx.state.invoicePayments.values()].filter(
      (p) =>
        (!invoice || p.invoice === invoice) &&
        (!pi || p.payment.payment_intent === pi) &&
        (!payment || payment.str('type') === p.payment.type) &&
        (!status || p.status === status),
    );
    return listOf(ctx.state, items, '/v1/invoice_payments', params);
  }),
  route('GET', '/v1/invoice_payments/:id', ({ path }, ctx) => mustGet(ctx.state.invoicePayments, path.id)),
];
