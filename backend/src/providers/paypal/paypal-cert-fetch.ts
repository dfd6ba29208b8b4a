/** Downloads a PEM certificate from a pinned URL; injectable so tests never need the network. */
export type CertFetcher = (url: string) => Promise<string>;

/** A certificate chain is a few KB; anything much larger is not one. */
export const MAX_CERT_BYTES = 64 * 1024;
const CERT_TIMEOUT_MS = 5000;

/** The certificate host could not be reached or failed (5xx): worth a retry, unlike a bad URL. */
export class CertificateUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateUnavailableError';
  }
}

/**
 * GET with no redirects, within CERT_TIMEOUT_MS for the whole download, and never more than
 * MAX_CERT_BYTES read (a declared or actual larger body is refused without reading it all).
 */
export const fetchCertificate: CertFetcher = async (url) => {
  const signal = AbortSignal.timeout(CERT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal });
  } catch (err) {
    throw new CertificateUnavailableError(err instanceof Error ? err.message : String(err));
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    throw new CertificateUnavailableError(`certificate download answered ${response.status}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`certificate download answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_CERT_BYTES) {
    await response.body?.cancel();
    throw new Error('certificate download is too large');
  }
  try {
    return await readBounded(response, MAX_CERT_BYTES);
  } catch (err) {
    if (signal.aborted) throw new CertificateUnavailableError('certificate download timed out');
    throw err;
  }
};

async function readBounded(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new Error('certificate download is too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
