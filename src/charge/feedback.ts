/**
 * A short sound and a vibration when a charge ends: two rising tones for success, one low tone for
 * anything else, so a cashier looking away still knows. Synthesised with Web Audio: no audio file
 * to download or cache, and nothing plays if the browser has no audio.
 */
let audio: AudioContext | null = null;

function tone(ctx: AudioContext, frequency: number, start: number, duration: number, type: OscillatorType) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + duration + 0.05);
}

/**
 * `muted`: the owner turned "Play sounds" off (Settings). The caller reads the setting when the
 * charge ends, so a change applies to the next sound without this module keeping a copy of it.
 * Muted stops the tones only: the vibration stays, as a phone's does with its own sound off.
 */
export function playFeedback(kind: 'success' | 'failure', { muted = false }: { muted?: boolean } = {}) {
  try {
    navigator.vibrate?.(kind === 'success' ? [80, 60, 80] : [400]);
  } catch {
    // Vibration is best-effort (unsupported or blocked).
  }
  if (muted) return;
  try {
    const Ctor =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return;
    audio ??= new Ctor();
    const ctx = audio;
    void ctx.resume?.();
    const t = ctx.currentTime + 0.01;
    if (kind === 'success') {
      tone(ctx, 880, t, 0.12, 'sine');
      tone(ctx, 1320, t + 0.14, 0.18, 'sine');
    } else {
      tone(ctx, 220, t, 0.45, 'square');
    }
  } catch {
    // Audio is best-effort too.
  }
}
