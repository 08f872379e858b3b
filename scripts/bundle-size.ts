/**
 * Initial download of a build: the JS and CSS that index.html loads before the first screen
 * (entry script, modulepreloads, stylesheets), gzip-compressed. Lazy chunks are not counted.
 * Usage: npx tsx scripts/bundle-size.ts [dist] [--sources [N]]
 *
 * --sources (needs a build with --sourcemap): what the initial JS is made of, by package or src/
 * folder and by source file: minified bytes attributed through the source maps, and each one's
 * gzip size on its own (an estimate: in the real chunk they compress together, a little smaller).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

function initialRefs(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g)].map(
    (m) => m[1],
  );
  return [...new Set(refs)];
}

export function initialBundle(dir = 'dist'): {
  files: Array<{ file: string; raw: number; gzip: number }>;
  gzip: number;
} {
  const files = initialRefs(dir).map((ref) => {
    const body = readFileSync(join(dir, ref.replace(/^\//, '')));
    return { file: ref, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One source-map segment's fields (VLQ-decoded, still relative). */
function decodeSegment(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** The initial JS's minified text per original source (unmapped glue under "<chunk glue>"). */
export function initialSources(dir = 'dist'): Map<string, string> {
  const text = new Map<string, string>();
  const add = (source: string, slice: string) => text.set(source, (text.get(source) ?? '') + slice);
  for (const ref of initialRefs(dir).filter((r) => r.endsWith('.js'))) {
    const file = join(dir, ref.replace(/^\//, ''));
    const code = readFileSync(file, 'utf8');
    if (!existsSync(`${file}.map`)) {
      add('<no source map>', code);
      continue;
    }
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
    // Paths relative to the map (a dist outside the repo gives ../../work/main/src/…): from
    // node_modules/ or src/ on.
    const names = map.sources.map((s) =>
      s.replace(/^(\.\.\/)+/, '').replace(/^.*?(?=node_modules\/)|^(?:.*\/)?(?=src\/)/, ''),
    );
    const lines = code.split('\n');
    const mappingLines = map.mappings.split(';');
    let source = 0;
    lines.forEach((line, i) => {
      let column = 0;
      let from = 0;
      let current = '<chunk glue>';
      for (const segment of (mappingLines[i] ?? '').split(',').filter(Boolean)) {
        const fields = decodeSegment(segment);
        column += fields[0];
        if (column > from) add(current, line.slice(from, column));
        from = column;
        if (fields.length >= 4) {
          source += fields[1];
          current = names[source];
        } else current = '<chunk glue>';
      }
      add(current, line.slice(from) + '\n');
    });
  }
  return text;
}

/** "react-dom", "@tanstack/query-core", "src/mixpay"… for a source path. */
function groupOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/node_modules\/((?:@[^/]+\/)?[^/]+))?/.exec(source);
  if (pkg) return pkg[2] ? `${pkg[2]} (copy inside ${pkg[1]})` : pkg[1];
  return source.split('/').slice(0, 2).join('/');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const sourcesAt = args.indexOf('--sources');
  const dir = args.find((a, i) => !a.startsWith('--') && !(sourcesAt >= 0 && i === sourcesAt + 1)) ?? 'dist';
  const { files, gzip } = initialBundle(dir);
  for (const f of files)
    console.log(
      `${f.file.padEnd(48)} ${(f.raw / 1024).toFixed(1).padStart(7)} KB  gzip ${(f.gzip / 1024).toFixed(1).padStart(6)} KB`,
    );
  console.log(`initial JS+CSS gzip: ${(gzip / 1024).toFixed(1)} KB (budget 100 KB)`);

  if (sourcesAt >= 0) {
    const top = Number(args[sourcesAt + 1]) || 40;
    const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
    const sources = initialSources(dir);
    const rows = [...sources].map(([source, text]) => ({
      source,
      raw: text.length,
      gzip: gzipSync(text, { level: 9 }).length,
    }));
    const groups = new Map<string, string>();
    for (const [source, text] of sources)
      groups.set(groupOf(source), (groups.get(groupOf(source)) ?? '') + text);
    console.log('\nby package / folder (minified KB, gzip KB on its own):');
    for (const [name, text] of [...groups].sort((a, b) => b[1].length - a[1].length))
      console.log(`${kb(text.length)} ${kb(gzipSync(text, { level: 9 }).length)}  ${name}`);
    console.log(`\nby source, top ${top}:`);
    for (const r of rows.sort((a, b) => b.gzip - a.gzip).slice(0, top))
      console.log(`${kb(r.raw)} ${kb(r.gzip)}  ${r.source}`);
  }
}
