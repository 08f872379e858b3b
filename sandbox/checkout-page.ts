/**
 * HTML for the sandbox checkout pages (what a customer's phone shows). Self-contained: no scripts,
 * no external resources; every action is a plain form posting to the control API, which redirects
 * back here, so the pages work without JavaScript and are easy to drive from Playwright.
 */

export interface CheckoutView {
  traceId: string;
  payeeName: string;
  payeeId: string;
  amount: string;
  currency: string;
  remark: string;
  orderId: string;
  status: string;
  confirmations: number;
  failureCode: string;
  failureReason: string;
  paymentHint: string;
  returnTo: string;
  failedReturnTo: string;
  expiresAt: string;
  /** Where control forms come back to when the browser sends no Referer. */
  backPath: string;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; padding: 1rem; display: flex; justify-content: center; }
  main { max-width: 28rem; width: 100%; }
  .badge { display: inline-block; padding: .1rem .5rem; border-radius: 1rem; background: #fde68a; color: #78350f; font-size: .8rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: .25rem 0; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem .75rem; }
  dt { font-weight: 600; } dd { margin: 0; word-break: break-all; }
  form { margin: .75rem 0; display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
  label { display: flex; flex-direction: column; font-size: .9rem; }
  input { font: inherit; padding: .4rem; }
  button { font: inherit; padding: .5rem 1rem; cursor: pointer; }
  .result { padding: .75rem; border-radius: .5rem; border: 2px solid currentColor; }
  .success { color: #15803d; } .failed { color: #b91c1c; } .waiting { color: #a16207; }
`;

function page(title: string, body: string, refreshSeconds: number | null = null): string {
  const refresh = refreshSeconds === null ? '' : `<meta http-equiv="refresh" content="${refreshSeconds}">`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${refresh}
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p><span class="badge">MixPay sandbox</span></p>
${body}
</main>
</body>
</html>
`;
}

function safeLink(url: string, text: string): string {
  return /^https?:\/\//i.test(url) ? `<p><a href="${escapeHtml(url)}">${escapeHtml(text)}</a></p>` : '';
}

function actionForms(v: CheckoutView): string {
  const base = `/sandbox/_control/payments/${encodeURIComponent(v.traceId)}`;
  const back = `<input type="hidden" name="_back" value="${escapeHtml(v.backPath)}">`;
  const currency = escapeHtml(v.currency);
  return `<section aria-labelledby="pay-heading">
<h2 id="pay-heading">Pay</h2>
<form method="post" action="${base}/pay">${back}
<button type="submit">Pay exact amount</button>
</form>
<form method="post" action="${base}/pay">${back}
<label for="different-amount">Amount to pay (${currency})
<input id="different-amount" name="quoteAmount" inputmode="decimal" required pattern="\\d+(\\.\\d+)?" value="${escapeHtml(v.amount)}">
</label>
<button type="submit">Pay a different amount</button>
</form>
<form method="post" action="${base}/pay">${back}
<label for="pending-confirmations">Confirmations required
<input id="pending-confirmations" name="confirmations" type="number" min="1" max="100" value="3">
</label>
<button type="submit">Stay pending</button>
</form>
<form method="post" action="${base}/wrong-asset">${back}
<button type="submit">Pay with the wrong asset</button>
</form>
<form method="post" action="${base}/fail">${back}
<button type="submit">Fail payment</button>
</form>
</section>`;
}

function statusBlock(v: CheckoutView): string {
  switch (v.status) {
    case 'success':
      return `<div class="result success" role="status"><h2>Payment successful</h2></div>${safeLink(v.returnTo, 'Back to the merchant')}`;
    case 'failed':
      return `<div class="result failed" role="alert"><h2>Payment failed</h2><p>${escapeHtml(v.failureReason)} (${escapeHtml(v.failureCode)})</p></div>${safeLink(v.failedReturnTo, 'Back to the merchant')}`;
    case 'pending':
      return `<div class="result waiting" role="status"><h2>Waiting for confirmations</h2><p>${v.confirmations} confirmation(s) so far.</p></div>`;
    case 'auditing':
      return `<div class="result waiting" role="status"><h2>Payment under review</h2></div>`;
    default:
      return '';
  }
}

export function renderCheckoutPage(v: CheckoutView): string {
  const rows: [string, string][] = [
    ['Payee', `${v.payeeName} (${v.payeeId})`],
    ['Amount', `${v.amount} ${v.currency}`],
    ['You pay', v.paymentHint],
    ['Remark', v.remark],
    ['Order', v.orderId],
    ['Trace ID', v.traceId],
    ['Expires', v.expiresAt],
    ['Status', v.status],
    ['Confirmations', v.status === 'pending' ? String(v.confirmations) : ''],
  ];
  const details = rows
    .filter(([, value]) => value !== '')
    .map(
      ([term, value]) =>
        `<dt>${escapeHtml(term)}</dt><dd data-field="${escapeHtml(term.toLowerCase())}">${escapeHtml(value)}</dd>`,
    )
    .join('\n');
  const body = `<h1>Pay ${escapeHtml(v.payeeName)}</h1>
<p class="amount" aria-label="Amount due">${escapeHtml(v.amount)} ${escapeHtml(v.currency)}</p>
<dl aria-label="Payment details">
${details}
</dl>
${statusBlock(v)}
${v.status === 'unpaid' ? actionForms(v) : ''}`;
  return page(`Pay ${v.amount} ${v.currency} — MixPay sandbox`, body, v.status === 'pending' ? 1 : null);
}

export function renderErrorPage(
  title: string,
  message: string,
  code: number | null = null,
  backHref = '',
): string {
  const codeLine = code === null ? '' : `<p>Error code: <code>${code}</code></p>`;
  const back = backHref ? `<p><a href="${escapeHtml(backHref)}">Back</a></p>` : '';
  return page(
    `${title} — MixPay sandbox`,
    `<h1>${escapeHtml(title)}</h1>
<p role="alert">${escapeHtml(message)}</p>
${codeLine}${back}`,
  );
}

export interface IndexEntry {
  traceId: string;
  status: string;
  amount: string;
  checkoutPath: string;
}

export function renderIndexPage(entries: IndexEntry[]): string {
  const items = entries
    .map(
      (e) =>
        `<li><a href="${escapeHtml(e.checkoutPath)}">${escapeHtml(e.amount)}</a> — ${escapeHtml(e.status)} — <code>${escapeHtml(e.traceId)}</code></li>`,
    )
    .join('\n');
  return page(
    'MixPay sandbox',
    `<h1>MixPay sandbox</h1>
<p>A local stand-in for the MixPay API (<code>/sandbox/v1</code>) and checkout pages (<code>/sandbox/pay</code>, <code>/sandbox/code/{code}</code>).</p>
<h2>Payments</h2>
${items ? `<ul>${items}</ul>` : '<p>No payments yet.</p>'}`,
  );
}
