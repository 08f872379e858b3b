/**
 * "Print receipt", "Receipt QR" and "Share receipt" for one charge's receipt: on the "Payment
 * received" screen and in the history's details. None needs the network: the receipt is in its link.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useId, useRef, useState } from 'react';
import { PrintArea, usePrint, type Paper } from './print-area';
import { encodeReceipt, receiptPageUrl, type Receipt } from './receipt';
import { ReceiptView } from './receipt-view';

function useReceiptLink(receipt: Receipt): string | null {
  const [link, setLink] = useState<{ key: string; url: string } | null>(null);
  const key = JSON.stringify(receipt);
  useEffect(() => {
    let live = true;
    void encodeReceipt(JSON.parse(key) as Receipt).then((fragment) => {
      if (live) setLink({ key, url: receiptPageUrl(fragment) });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return link?.key === key ? link.url : null;
}

export function ReceiptActions({ receipt, paper }: { receipt: Receipt; paper: Paper }) {
  const { t } = useLingui();
  const link = useReceiptLink(receipt);
  const { printing, print } = usePrint();
  const [qrOpen, setQrOpen] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (qrOpen && !dialog.open) dialog.showModal();
    if (!qrOpen && dialog.open) dialog.close();
  }, [qrOpen]);

  const share = async () => {
    if (!link) return;
    const shop = receipt.shop;
    const data: ShareData = { title: shop ? t`Receipt from ${shop}` : t`Receipt`, url: link };
    setNote(null);
    if (typeof navigator.share === 'function' && (!navigator.canShare || navigator.canShare(data))) {
      try {
        await navigator.share(data);
      } catch (error) {
        if ((error as Error | null)?.name !== 'AbortError')
          setNote(t`The receipt could not be shared: use Receipt QR.`);
      }
      return;
    }
    // No Web Share here (most desktop browsers): the link goes to the clipboard instead.
    try {
      await navigator.clipboard.writeText(link);
      setNote(t`Sharing is not available on this device: the receipt link was copied instead.`);
    } catch {
      setNote(t`Sharing is not available on this device: use Receipt QR.`);
    }
  };

  return (
    <>
      <div className="receipt-actions">
        <button type="button" className="btn" onClick={print}>
          <Trans>Print receipt</Trans>
        </button>
        <button type="button" className="btn" disabled={!link} onClick={() => setQrOpen(true)}>
          <Trans>Receipt QR</Trans>
        </button>
        <button type="button" className="btn" disabled={!link} onClick={() => void share()}>
          <Trans>Share receipt</Trans>
        </button>
      </div>
      <p aria-live="polite" className="muted small">
        {note}
      </p>
      <dialog
        ref={dialogRef}
        className="receipt-qr"
        aria-labelledby={titleId}
        onCancel={() => setQrOpen(false)}
        onClose={() => setQrOpen(false)}
      >
        <h2 id={titleId}>
          <Trans>Scan for your receipt</Trans>
        </h2>
        {qrOpen && link && (
          <QRCodeSVG
            value={link}
            size={380}
            level="L"
            marginSize={4}
            bgColor="#ffffff"
            fgColor="#000000"
            role="img"
            aria-label={t`Receipt QR code`}
            title={t`Receipt QR code`}
          />
        )}
        <p className="muted small">
          <Trans>
            The receipt is in the link itself: it opens on the customer’s phone, and nothing is stored
            anywhere else.
          </Trans>
        </p>
        <div className="dialog-actions">
          <button type="button" className="btn primary" autoFocus onClick={() => setQrOpen(false)}>
            <Trans>Done</Trans>
          </button>
        </div>
      </dialog>
      <PrintArea active={printing} paper={paper} label={t`Printed receipt`}>
        <ReceiptView receipt={receipt} headingLevel={2} />
      </PrintArea>
    </>
  );
}
