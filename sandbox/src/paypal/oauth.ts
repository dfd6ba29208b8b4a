import express, { Request, Response, Router } from 'express';
import { paypalAccessToken, paypalDebugId } from '../shared/ids';

const SCOPE = [
  'https://uri.paypal.com/services/invoicing',
  'https://uri.paypal.com/services/payments/realtimepayment',
  'https://uri.paypal.com/services/payments/payment/authcapture',
  'openid',
  'https://uri.paypal.com/services/payments/refund',
  'https://api-m.paypal.com/v1/payments/.*',
  'https://uri.paypal.com/services/subscriptions',
  'https://uri.paypal.com/services/applications/webhooks',
].join(' ');

/** `POST /v1/oauth2/token`: client-credentials grant; any non-empty client id and secret are accepted. */
export function oauthRoute(tokens: Set<string>): Router {
  const r = Router();
  r.post('/v1/oauth2/token', express.text({ type: () => true }), (req: Request, res: Response) => {
    res.setHeader('Paypal-Debug-Id', paypalDebugId());
    const basic = /^Basic\s+(.+)$/i.exec(req.header('Authorization') ?? '')?.[1];
    const [clientId, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    if (!clientId || !secret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Client Authentication failed' });
      return;
    }
    const grant = new URLSearchParams(typeof req.body === 'string' ? req.body : '').get('grant_type');
    if (!grant) {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' });
      return;
    }
    if (grant !== 'client_credentials') {
      res
        .status(400)
        .json({ error: 'unsupported_grant_type', error_description: `Grant Type ${grant} is not supported` });
      return;
    }
    const token = paypalAccessToken();
    tokens.add(token);
    res.json({
      scope: SCOPE,
      access_token: token,
      token_type: 'Bearer',
      app_id: 'APP-80W284485P519543T',
      expires_in: 32400,
      nonce: `${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}${paypalDebugId()}`,
    });
  });
  return r;
}
