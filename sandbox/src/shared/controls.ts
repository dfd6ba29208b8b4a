import express, { Request, Response, Router } from 'express';
import { ChaosOptions, chaosFromJson } from './chaos';
import { DeliveryQueue } from './delivery';

/** What each provider exposes to the common `/_sandbox/` routes. */
export interface ProviderControls {
  name: 'stripe' | 'paypal';
  listEvents(type?: string): unknown[];
  /** false when the event id is unknown; throws when no endpoint is configured. */
  resendEvent(id: string, url?: string): boolean;
  queue: DeliveryQueue;
  reset(): void;
  getWebhookUrl(): string | undefined;
  setWebhookUrl(url: string | undefined): void;
  getChaos(): ChaosOptions | null;
  setChaos(chaos: ChaosOptions | null): void;
  config(): Record<string, unknown>;
}

/** Error body of the control endpoints (not a provider format: these are the sandbox's own). */
export function controlError(res: Response, status: number, message: string): void {
  res.status(status).json({ error: { message } });
}

export function jsonBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

/** Mounted at `/_sandbox`: `/events`, `/deliveries`, `/reset`, `/chaos`, `/webhook`, `/config`: the same on both ports. */
export function commonControls(p: ProviderControls): Router {
  const r = Router();
  r.use(express.json({ limit: '1mb' }));
  r.get('/config', (_req, res) => {
    res.json({ provider: p.name, webhook_url: p.getWebhookUrl() ?? null, chaos: p.getChaos(), ...p.config() });
  });
  r.get('/events', (req, res) => {
    const type = typeof req.query.type === 'string' ? req.query.type : undefined;
    res.json({ data: p.listEvents(type) });
  });
  r.post('/events/:id/resend', (req, res) => {
    const url = jsonBody(req).url;
    if (!p.getWebhookUrl() && typeof url !== 'string')
      return controlError(res, 400, 'No webhook endpoint is configured; pass {"url": "..."} or set one first.');
    if (!p.resendEvent(String(req.params.id), typeof url === 'string' ? url : undefined)) {
      return controlError(res, 404, `No such event: '${String(req.params.id)}'`);
    }
    res.json({ resent: true, id: req.params.id });
  });
  r.get('/deliveries', (req, res) => {
    const eventId = typeof req.query.event === 'string' ? req.query.event : undefined;
    res.json({ pending: p.queue.pending(), data: p.queue.attempts().filter((a) => !eventId || a.eventId === eventId) });
  });
  r.post('/reset', (_req, res) => {
    p.reset();
    res.json({ reset: true });
  });
  r.get('/chaos', (_req, res) => {
    res.json({ chaos: p.getChaos() });
  });
  r.post('/chaos', (req, res) => {
    try {
      const raw: unknown = req.body;
      // `{}` and `{"chaos": null}` switch chaos off; `{"chaos": {...}}` or the options directly turn it on.
      const body = typeof raw === 'object' && raw !== null && 'chaos' in raw ? (raw as { chaos: unknown }).chaos : raw;
      const chaos =
        typeof body === 'object' && body !== null && Object.keys(body).length === 0 ? null : chaosFromJson(body);
      p.setChaos(chaos);
      res.json({ chaos });
    } catch (err) {
      controlError(res, 400, err instanceof Error ? err.message : String(err));
    }
  });
  r.get('/webhook', (_req, res) => {
    res.json({ url: p.getWebhookUrl() ?? null });
  });
  r.post('/webhook', (req, res) => {
    const url = jsonBody(req).url;
    if (url !== null && (typeof url !== 'string' || !/^https?:\/\//.test(url)))
      return controlError(res, 400, 'url must be an http(s) URL or null');
    p.setWebhookUrl(url ?? undefined);
    res.json({ url: url ?? null });
  });
  return r;
}
