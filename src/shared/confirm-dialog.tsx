import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal confirmation on the native <dialog>: focus trap, Escape and backdrop handled by the browser. */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  dismissLabel,
  onConfirm,
  onDismiss,
  children,
}: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  dismissLabel: string;
  onConfirm: () => void;
  onDismiss: () => void;
  /** More of the question (a choice), between the text and the buttons. */
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={onDismiss} onClose={() => open && onDismiss()}>
      <h2 id={titleId}>{title}</h2>
      <p>{body}</p>
      {children}
      <div className="dialog-actions">
        {/* No autoFocus: React calls focus() at mount, when the dialog is still closed (showModal
            comes in the effect), so it never focused anything; it only forced a layout of the
            whole screen in the middle of its first render (a long task at start-up). Focus on
            opening is showModal's, as it always was. */}
        <button type="button" className="btn" onClick={onDismiss}>
          {dismissLabel}
        </button>
        <button type="button" className="btn primary" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
