// The bench's charts are drawn from its results: every judged ratio is a bar with its target, every
// throughput cell and latency row a bar, and the picture changes when the numbers do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the bench, without types
import { latencyChart, ratioRows, ratiosChart } from './chart.mjs';

const results = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'results.json'), 'utf8'));

describe('bench charts', () => {
  it('takes every judged ratio with rounds and a numeric target, and no millisecond, count or yes/no row', () => {
    const rows = ratioRows(results) as { id: string; value: number; min: number; max: number; target: number }[];
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['gate-vs-authjs', 'gate-vs-noop', 'server-vs-twin', 'api-vs-dbsession', 'cold-start']));
    expect(ids.some((id) => id.startsWith('latency-') || id.startsWith('counts-') || id === 'size-forbidden')).toBe(false);
    for (const r of rows) expect(r.min).toBeLessThanOrEqual(r.max);
    expect(rows.find((r) => r.id === 'gate-vs-authjs')?.target).toBe(1.5);
  });

  it('draws a labelled bar for each ratio and throughput cell, with its target', () => {
    const svg: string = ratiosChart(results);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('gate: app / Auth.js default gate (≥ 1.5)');
    expect(svg).toContain('cold start: process start');
    for (const t of results.throughput) expect(svg).toContain(`${t.scenario} · ${t.variant}`.replace(/'/g, '&#39;'));
  });

  it('draws the latency rows by setting, path and variant, and follows the numbers', () => {
    const svg: string = latencyChart(results);
    expect(svg).toContain('cross-region: /dashboard');
    expect(svg).toContain('in-region: /api/products');
    const changed = { ...results, latency: results.latency.map((l: { p50: number }, i: number) => (i === 0 ? { ...l, p50: 777.7 } : l)) };
    expect(svg).not.toContain('777.7');
    expect(latencyChart(changed)).toContain('777.7');
  });
});
