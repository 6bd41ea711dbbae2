// `npm run bench:chart`: draws bench/results.json as SVG (bench/results-ratios.svg and
// bench/results-latency.svg) without running the bench; `npm run bench` does the same at its end.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeCharts } from './lib/chart-files.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const results = JSON.parse(readFileSync(path.join(root, 'bench', 'results.json'), 'utf8'));
for (const file of writeCharts(results, path.join(root, 'bench'))) console.log(`wrote ${path.relative(root, file)}`);
