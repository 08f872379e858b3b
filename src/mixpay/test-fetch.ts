/** Test helpers: a fake `fetch` that records calls and canned MixPay answers. Never hits the network. */

export interface RecordedCall {
  url: string;
  init: RequestInit;
}

export function fakeFetch(handler: (call: RecordedCall) => Response | Promise<Response>) {
  const calls: RecordedCall[] = [];
  const fetchFn: typeof fetch = async (input, init = {}) => {
    const call = {
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      init,
    };
    calls.push(call);
    return handler(call);
  };
  return { fetch: fetchFn, calls };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** An answer whose body is exactly `text`, e.g. JSON with number literals JSON.stringify can't write. */
export function textResponse(text: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A success envelope around `dataJson`, JSON text inserted verbatim (number literals kept as written). */
export function okEnvelopeText(dataJson: string, headers: Record<string, string> = {}): Response {
  return textResponse(
    `{"code":0,"success":true,"message":"","data":${dataJson},"timestampMs":1645588240845}`,
    200,
    headers,
  );
}

export function okEnvelope(data: unknown, headers: Record<string, string> = {}): Response {
  return jsonResponse(
    { code: 0, success: true, message: '', data, timestampMs: 1645588240845 },
    200,
    headers,
  );
}

export function errorEnvelope(
  code: number,
  message: string,
  status = 200,
  headers: Record<string, string> = {},
) {
  return jsonResponse({ code, success: false, message, data: [] }, status, headers);
}

/** Settles with the rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
