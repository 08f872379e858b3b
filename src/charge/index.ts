/** What other features may use of the charge feature (eslint's layer rule enforces it). */
export { PrintArea, usePrint, type Paper } from './receipt/print-area';
export { receiptOf, type Receipt } from './receipt/receipt';
export { ReceiptActions } from './receipt/receipt-actions';
export { formatReceiptTime, ReceiptView } from './receipt/receipt-view';
