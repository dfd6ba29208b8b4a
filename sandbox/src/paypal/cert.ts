import { KeyObject, X509Certificate, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { bitString, explicit, integer, nul, oid, printable, seq, set, utcTime, utf8 } from './der';

export interface SigningIdentity {
  privateKey: KeyObject;
  certPem: string;
  /** Short fingerprint, part of the cert URL so a new key never hides behind a cached URL. */
  certId: string;
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

function name(attrs: Array<[string, string, 'utf8' | 'printable']>): Buffer {
  return seq(...attrs.map(([o, v, kind]) => set(seq(oid(o), kind === 'utf8' ? utf8(v) : printable(v)))));
}

/**
 * RSA-2048 key and a self-signed certificate for signing PayPal webhooks. The subject CN matches
 * PayPal's signing certificate so the product's CN check runs, while O/OU say plainly that this is
 * the offline sandbox; the product must pin this cert (its chain cannot be trusted).
 */
function createIdentity(): SigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = seq(oid(SHA256_WITH_RSA), nul());
  const subject = name([
    ['2.5.4.6', 'US', 'printable'],
    ['2.5.4.10', 'LMS offline sandbox (not PayPal)', 'utf8'],
    ['2.5.4.11', 'Webhook signing, test only', 'utf8'],
    ['2.5.4.3', 'messageverificationcerts.paypal.com', 'utf8'],
  ]);
  const now = new Date();
  const notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  const notAfter = new Date(now.getTime() + 2 * 365 * 24 * 3600 * 1000);
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    algorithm,
    subject,
    seq(utcTime(notBefore), utcTime(notAfter)),
    subject,
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, algorithm, bitString(signature));
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  const certPem = `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
  // Parse once: fails loudly here rather than in a verifier if the DER were wrong.
  const cert = new X509Certificate(certPem);
  const certId = createHash('sha256').update(cert.raw).digest('hex').slice(0, 8);
  return { privateKey, certPem, certId };
}

let identity: SigningIdentity | undefined;

/** One identity per process: key generation is slow, and parallel sandboxes can share it. */
export function signingIdentity(): SigningIdentity {
  identity ??= createIdentity();
  return identity;
}
