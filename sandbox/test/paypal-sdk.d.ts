/** Minimal typings for the parts of @paypal/checkout-server-sdk the tests use (the package ships none). */
declare module '@paypal/checkout-server-sdk' {
  export interface HttpRequest {
    path: string;
    verb: string;
    body: unknown;
    headers: Record<string, string>;
  }
  export interface HttpResponse<T = Record<string, unknown>> {
    statusCode: number;
    headers: Record<string, string>;
    result: T;
  }
  export namespace core {
    class PayPalEnvironment {
      constructor(clientId: string, clientSecret: string, baseUrl: string, webUrl: string);
    }
    class PayPalHttpClient {
      constructor(environment: PayPalEnvironment);
      execute<T = Record<string, unknown>>(request: HttpRequest | object): Promise<HttpResponse<T>>;
    }
  }
  export namespace orders {
    class OrdersCreateRequest {
      headers: Record<string, string>;
      prefer(value: string): this;
      requestBody(body: unknown): this;
    }
    class OrdersGetRequest {
      constructor(orderId: string);
    }
    class OrdersCaptureRequest {
      constructor(orderId: string);
      headers: Record<string, string>;
      prefer(value: string): this;
      payPalRequestId(id: string): this;
      requestBody(body: unknown): this;
    }
  }
  export namespace payments {
    class CapturesGetRequest {
      constructor(captureId: string);
    }
    class CapturesRefundRequest {
      constructor(captureId: string);
      headers: Record<string, string>;
      prefer(value: string): this;
      payPalRequestId(id: string): this;
      requestBody(body: unknown): this;
    }
    class RefundsGetRequest {
      constructor(refundId: string);
    }
  }
}
