/**
 * Initial download of a build: the JS and CSS that index.html loads before the first screen
 * (entry script, modulepreloads, stylesheets), gzip-compressed. Lazy chunks are not counted.
 * Usage: npx tsx scripts/bundle-size.ts [dist]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function initialBundle(dir = 'dist'): {
  files: Array<{ file: string; raw: number; gzip: number }>;
  gzip: number;
} {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g)].map(
    (m) => m[1],
  );
  const files = [...new Set(refs)].map((ref) => {
    const body = readFileSync(join(dir, ref.replace(/^\//, '')));
    return { file: ref, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const { files, gzip } = initialBundle(dir);
  for (const f of files)
    console.log(
      `${f.file.padEnd(48)} ${(f.raw / 1024).toFixed(1).padStart(7)} KB  gzip ${(f.gzip / 1024).toFixed(1).padStart(6)} KB`,
    );
  console.log(`initial JS+CSS gzip: ${(gzip / 1024).toFixed(1)} KB (budget 100 KB)`);
}
