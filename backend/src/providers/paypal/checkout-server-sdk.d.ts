/**
 * The part of @paypal/checkout-server-sdk (untyped, deprecated) that paypal-client.ts uses.
 * Only paypal-client.ts may import the SDK.
 */
declare module '@paypal/checkout-server-sdk' {
  namespace core {
    class PayPalEnvironment {
      constructor(clientId: string, clientSecret: string, baseUrl: string, webUrl: string);
      baseUrl: string;
      webUrl: string;
    }
    class SandboxEnvironment extends PayPalEnvironment {
      constructor(clientId: string, clientSecret: string);
    }
    class LiveEnvironment extends PayPalEnvironment {
      constructor(clientId: string, clientSecret: string);
    }
    interface HttpRequest {
      path: string;
      verb: string;
      body?: unknown;
      headers: Record<string, string>;
    }
    interface HttpResponse {
      statusCode: number;
      headers: Record<string, string | string[] | undefined>;
      result?: unknown;
    }
    class PayPalHttpClient {
      constructor(environment: PayPalEnvironment);
      execute(request: HttpRequest): Promise<HttpResponse>;
      getTimeout(): number;
    }
  }
  namespace orders {
    class OrdersCreateRequest implements core.HttpRequest {
      path: string;
      verb: string;
      body?: unknown;
      headers: Record<string, string>;
      prefer(value: string): this;
      requestBody(body: unknown): this;
    }
    class OrdersGetRequest implements core.HttpRequest {
      constructor(orderId: string);
      path: string;
      verb: string;
      body?: unknown;
      headers: Record<string, string>;
    }
    class OrdersCaptureRequest implements core.HttpRequest {
      constructor(orderId: string);
      path: string;
      verb: string;
      body?: unknown;
      headers: Record<string, string>;
      prefer(value: string): this;
      payPalRequestId(value: string): this;
      requestBody(body: unknown): this;
    }
  }
  namespace payments {
    class CapturesRefundRequest implements core.HttpRequest {
      constructor(captureId: string);
      path: string;
      verb: string;
      body?: unknown;
      headers: Record<string, string>;
      prefer(value: string): this;
      payPalRequestId(value: string): this;
      requestBody(body: unknown): this;
    }
    class CapturesGetRequest implements core.HttpRequest {
      constructor(captureId: string);
      path: string;
      verb: string;
      body?: unknown;
      headers: Record<string, string>;
    }
    class RefundsGetRequest implements core.HttpRequest {
      constructor(refundId: string);
      path: string;
      verb: string;
      body?: unknown;
      headers: Record<string, string>;
    }
  }
}
