// Writes the bench's charts (bench/lib/chart.mjs) next to its results; returns the files written.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { latencyChart, ratiosChart } from './chart.mjs';

export function writeCharts(results, dir) {
  const files = [];
  const write = (name, svg) => {
    const file = path.join(dir, name);
    writeFileSync(file, `${svg}\n`);
    files.push(file);
  };
  write('results-ratios.svg', ratiosChart(results));
  if ((results.latency ?? []).length > 0) write('results-latency.svg', latencyChart(results));
  return files;
}
