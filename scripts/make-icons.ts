/**
 * Draws the app icons into public/ (run once with `npx tsx scripts/make-icons.ts`; the PNGs are
 * committed). A white "receipt with a check" on the brand blue; the maskable variant keeps the
 * mark inside the 80 % safe zone so launchers can crop it to any shape.
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const BLUE = [27, 92, 255];
const WHITE = [255, 255, 255];

function draw(size: number, { maskable, rounded }: { maskable: boolean; rounded: boolean }): Buffer {
  const png = new PNG({ width: size, height: size });
  const radius = rounded ? size * 0.18 : 0;
  const mark = maskable ? 0.56 : 0.7; // share of the icon the mark spans
  const inside = (x: number, y: number) => {
    if (!radius) return true;
    const cx = Math.min(Math.max(x, radius), size - radius);
    const cy = Math.min(Math.max(y, radius), size - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
  const m0 = (size * (1 - mark)) / 2;
  const m1 = size - m0;
  const stroke = size * 0.07;
  // Check mark: two segments in mark-space coordinates (0..1).
  const seg = (px: number, py: number, ax: number, ay: number, bx: number, by: number) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      let colour = BLUE;
      const alpha = inside(x + 0.5, y + 0.5) ? 255 : 0;
      const inMark = x >= m0 && x <= m1 && y >= m0 && y <= m1;
      if (inMark && alpha) {
        const u = (x - m0) / (m1 - m0);
        const v = (y - m0) / (m1 - m0);
        const ring = Math.abs(Math.hypot(u - 0.5, v - 0.5) - 0.42) * (m1 - m0) < stroke / 2;
        const check =
          Math.min(seg(u, v, 0.28, 0.52, 0.44, 0.68), seg(u, v, 0.44, 0.68, 0.74, 0.36)) * (m1 - m0) <
          stroke / 2;
        if (ring || check) colour = WHITE;
      }
      if (!alpha) colour = WHITE;
      png.data[i] = colour[0];
      png.data[i + 1] = colour[1];
      png.data[i + 2] = colour[2];
      png.data[i + 3] = alpha;
    }
  }
  return PNG.sync.write(png);
}

writeFileSync('public/icon-192.png', draw(192, { maskable: false, rounded: true }));
writeFileSync('public/icon-512.png', draw(512, { maskable: false, rounded: true }));
writeFileSync('public/icon-maskable-512.png', draw(512, { maskable: true, rounded: false }));
writeFileSync('public/apple-touch-icon.png', draw(180, { maskable: true, rounded: false }));
