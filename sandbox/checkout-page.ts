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
  /** What the API answers (legacy mapping and pins applied). */
  status: string;
  /** The current-lifecycle status, which decides what the payer can do. */
  lifecycle: string;
  legacy: boolean;
  pinned: boolean;
  /** A process/audit hold is what keeps it pending/auditing. */
  held: boolean;
  confirmations: number;
  failureCode: string;
  failureReason: string;
  paymentHint: string;
  paymentSymbol: string;
  paid: string;
  remaining: string;
  /** The payer has picked how to pay (or paid). */
  chosen: boolean;
  chosenAssetId: string;
  chosenWallet: string;
  returnTo: string;
  failedReturnTo: string;
  expiresAt: string;
  /** Reload every second: confirmations, processing or a timed hold are moving. */
  autoRefresh: boolean;
  /** Where control forms come back to when the browser sends no Referer. */
  backPath: string;
  /** Payment assets the payer may choose from: [assetId, label]. */
  assets?: [string, string][];
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
  select { font: inherit; padding: .4rem; }
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

const FAILURE_CHOICES: [string, string][] = [
  ['40024', '40024 wrong amount paid'],
  ['40000', '40000 payment overtime'],
  ['40020', '40020 wrong asset paid'],
  ['40021', '40021 double payment'],
  ['40025', '40025 market volatility'],
  ['40027', '40027 settlement asset restricted'],
  ['40032', '40032 cancelled'],
  ['10095', '10095 rejected in review'],
];

const WALLET_CHOICES: [string, string][] = [
  ['mixin', 'Mixin Messenger'],
  ['wallet', 'Another wallet app'],
  ['on-chain', 'On-chain transfer'],
];

function options(choices: [string, string][], selected: string): string {
  return choices
    .map(
      ([value, label]) =>
        `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`,
    )
    .join('');
}

function form(base: string, back: string, action: string, button: string, fields = ''): string {
  return `<form method="post" action="${base}/${action}">${back}${fields}
<button type="submit">${escapeHtml(button)}</button>
</form>`;
}

function actionForms(v: CheckoutView): string {
  const base = `/sandbox/_control/payments/${encodeURIComponent(v.traceId)}`;
  const back = `<input type="hidden" name="_back" value="${escapeHtml(v.backPath)}">`;
  const currency = escapeHtml(v.currency);
  const amountPattern = '\\d+(\\.\\d+)?';
  const parts: string[] = [];
  const confirmationsField = (id: string) => `
<label for="${id}">Confirmations required
<input id="${id}" name="confirmations" type="number" min="1" max="100" value="3">
</label>`;

  if (v.lifecycle === 'unpaid') {
    const assets = v.assets ?? [];
    parts.push(`<section aria-labelledby="choose-heading">
<h2 id="choose-heading">How to pay</h2>
${form(
  base,
  back,
  'choose',
  v.chosen ? 'Change how to pay' : 'Choose',
  `
<label for="choose-asset">Asset
<select id="choose-asset" name="paymentAssetId">${options(assets, v.chosenAssetId)}</select>
</label>
<label for="choose-wallet">Wallet
<select id="choose-wallet" name="wallet">${options(WALLET_CHOICES, v.chosenWallet)}</select>
</label>`,
)}
</section>`);
    parts.push(`<section aria-labelledby="pay-heading">
<h2 id="pay-heading">Pay</h2>
${form(base, back, 'pay', 'Pay exact amount')}
${form(base, back, 'pay', 'Pay and wait for confirmations', confirmationsField('pay-confirmations'))}
${form(
  base,
  back,
  'pay',
  'Pay a different amount',
  `
<label for="different-amount">Amount to pay (${currency})
<input id="different-amount" name="quoteAmount" inputmode="decimal" required pattern="${amountPattern}" value="${escapeHtml(v.amount)}">
</label>`,
)}
${form(
  base,
  back,
  'underpay',
  'Pay less than due',
  `
<label for="less-amount">Amount paid (${currency}, blank: half)
<input id="less-amount" name="quoteAmount" inputmode="decimal" pattern="${amountPattern}">
</label>`,
)}
${form(base, back, 'process', 'Stay pending (processing)')}
${form(base, back, 'audit', 'Send to review (auditing)')}
${form(base, back, 'wrong-asset', 'Pay with the wrong asset')}
</section>`);
  } else if (v.lifecycle === 'paid_less') {
    const left = `${v.remaining} ${v.paymentSymbol}`;
    parts.push(`<section aria-labelledby="topup-heading">
<h2 id="topup-heading">Top up</h2>
${form(base, back, 'pay', `Top up the rest (${left})`)}
${form(base, back, 'pay', 'Top up and wait for confirmations', confirmationsField('topup-confirmations'))}
${form(
  base,
  back,
  'underpay',
  'Top up part of it',
  `
<label for="topup-less">Amount (${currency}, blank: half of what is left)
<input id="topup-less" name="quoteAmount" inputmode="decimal" pattern="${amountPattern}">
</label>`,
)}
</section>`);
  } else if (v.lifecycle === 'confirming') {
    parts.push(`<section aria-labelledby="confirm-heading">
<h2 id="confirm-heading">Blockchain</h2>
${form(base, back, 'confirm', 'Add one confirmation', '<input type="hidden" name="count" value="1">')}
${form(base, back, 'confirm', 'Confirm now')}
</section>`);
  }

  const release =
    v.pinned || v.held
      ? form(base, back, 'release', v.pinned ? 'Release the status' : 'Finish processing')
      : '';
  parts.push(`<section aria-labelledby="mixpay-heading">
<h2 id="mixpay-heading">MixPay</h2>
${release}
${form(
  base,
  back,
  'fail',
  'Fail payment',
  `
<label for="failure-code">Failure code
<select id="failure-code" name="failureCode">${options(FAILURE_CHOICES, '40024')}</select>
</label>`,
)}
${form(
  base,
  back,
  'status',
  'Show this status',
  `
<label for="custom-status">Status
<input id="custom-status" name="status" required pattern="[\\w.:\\-]{1,64}" value="refunding">
</label>`,
)}
${form(
  base,
  back,
  'legacy',
  v.legacy ? 'Use the current status set' : 'Use the legacy status set',
  `<input type="hidden" name="legacy" value="${v.legacy ? 'false' : 'true'}">`,
)}
</section>`);
  return parts.join('\n');
}

function statusBlock(v: CheckoutView): string {
  if (v.pinned) {
    return `<div class="result waiting" role="status"><h2>Status: ${escapeHtml(v.status)}</h2></div>`;
  }
  switch (v.lifecycle) {
    case 'success':
      return `<div class="result success" role="status"><h2>Payment successful</h2></div>${safeLink(v.returnTo, 'Back to the merchant')}`;
    case 'failed':
      return `<div class="result failed" role="alert"><h2>Payment failed</h2><p>${escapeHtml(v.failureReason)} (${escapeHtml(v.failureCode)})</p></div>${safeLink(v.failedReturnTo, 'Back to the merchant')}`;
    case 'confirming':
      return `<div class="result waiting" role="status"><h2>Waiting for confirmations</h2><p>${v.confirmations} confirmation(s) so far.</p></div>`;
    case 'paid_less':
      return `<div class="result waiting" role="status"><h2>Paid less than due</h2><p>Paid ${escapeHtml(v.paid)} ${escapeHtml(v.paymentSymbol)}; ${escapeHtml(v.remaining)} ${escapeHtml(v.paymentSymbol)} still to pay before the deadline.</p></div>`;
    case 'pending':
      return `<div class="result waiting" role="status"><h2>Payment received, processing</h2></div>`;
    case 'auditing':
      return `<div class="result waiting" role="status"><h2>Payment under review</h2></div>`;
    default:
      return '';
  }
}

const FINAL = new Set(['success', 'failed']);

export function renderCheckoutPage(v: CheckoutView): string {
  const rows: [string, string][] = [
    ['Payee', `${v.payeeName} (${v.payeeId})`],
    ['Amount', `${v.amount} ${v.currency}`],
    ['You pay', v.chosen ? v.paymentHint : ''],
    ['Remark', v.remark],
    ['Order', v.orderId],
    ['Trace ID', v.traceId],
    ['Expires', v.expiresAt],
    ['Status', v.status],
    ['Status set', v.legacy ? 'legacy (before 2026-08-13)' : ''],
    ['Confirmations', v.confirmations >= 0 ? String(v.confirmations) : ''],
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
${FINAL.has(v.lifecycle) && !v.pinned ? '' : actionForms(v)}`;
  return page(`Pay ${v.amount} ${v.currency} — MixPay sandbox`, body, v.autoRefresh ? 1 : null);
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
