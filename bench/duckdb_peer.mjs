// bench/duckdb_peer.mjs: the workloads of bench/run.py on DuckDB, from node
// with @duckdb/node-api (installed in bench/node_modules by bench/peers.sh).
//
//   node bench/duckdb_peer.mjs data=DIR busy=S121 rare=S010 pair_a=S115 \
//     pair_b=S121 year_from=... year_to=... month_from=... month_to=... \
//     runs=5 load_runs=3 [answers=DIR]
//
// Load (workload 1): a new in-memory database, then bench/sql/duckdb-load.sql
// (read_csv of the TSV files in DIR), timed with performance.now() from
// creating the instance to the end of the last statement. Queries:
// bench/sql/duckdb-queries.sql, each prepared once before its runs; a run is
// bind, runAndReadAll and getRows(), so the rows are JS arrays when the clock
// stops. DuckDB uses all cores (its default). Prints the same R/M lines as
// bench/diplomacy.lua.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cfg = {};
for (const a of process.argv.slice(2)) {
  const i = a.indexOf('=');
  if (i < 0) throw new Error(`bad argument '${a}' (key=value expected)`);
  cfg[a.slice(0, i)] = a.slice(i + 1);
}
const runs = Number(cfg.runs ?? 5);
const loadRuns = Number(cfg.load_runs ?? 3);

const median = (t) => {
  const s = [...t].sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const report = (key, times, rows) => {
  const s = times.map((t) => t / 1000);
  process.stdout.write(`R\t${key}\t${median(s).toFixed(9)}\t${rows}\t${Math.min(...s).toFixed(9)}\t` +
    `${Math.max(...s).toFixed(9)}\t${s.length}\n`);
};
const measure = (key, value) => process.stdout.write(`M\t${key}\t${value}\n`);
const writeAnswer = (key, lines) => {
  if (!cfg.answers) return;
  lines.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  writeFileSync(join(cfg.answers, `${key}.txt`), lines.map((l) => l + '\n').join(''));
};
const rss = () => process.memoryUsage().rss;

// ---------------------------------------------------------------- 1 load

process.chdir(cfg.data);
const loadSql = readFileSync(join(here, 'sql', 'duckdb-load.sql'), 'utf8');
let instance, con;
{
  const times = [];
  for (let i = 0; i < loadRuns; i++) {
    if (con) con.closeSync();
    if (instance) instance.closeSync();
    con = instance = undefined;
    if (global.gc) global.gc();
    const before = rss();
    const t0 = performance.now();
    instance = await DuckDBInstance.create(':memory:');
    con = await instance.connect();
    await con.run(loadSql);
    times.push(performance.now() - t0);
    if (i === 0) {
      measure('rss_delta', rss() - before);
      const r = await con.runAndReadAll('SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()');
      measure('duckdb_memory', r.getRows()[0][0]);
    }
    process.stderr.write(`  load ${i + 1}/${loadRuns}: ${(times[i] / 1000).toFixed(3)} s\n`);
  }
  report('load', times, '-');
  const r = await con.runAndReadAll('SELECT (SELECT count(*) FROM events), version(), current_setting(\'threads\')');
  const [n, version, threads] = r.getRows()[0];
  measure('events', n);
  measure('version', version);
  measure('threads', threads);
}

// ---------------------------------------------------------------- 2-5 queries

const Q = {};
for (const part of readFileSync(join(here, 'sql', 'duckdb-queries.sql'), 'utf8').split(/^-- name: /m).slice(1)) {
  const i = part.indexOf('\n');
  Q[part.slice(0, i).trim()] = part.slice(i + 1);
}
const prepared = {};
for (const [name, sql] of Object.entries(Q)) prepared[name] = await con.prepare(sql);

const run = async (name, params) => {
  const p = prepared[name];
  p.clearBindings();
  p.bind(params);
  const reader = await p.runAndReadAll();
  return reader.getRows();
};

const timed = async (key, name, params, answer) => {
  const times = [];
  let rows;
  for (let i = 0; i < runs; i++) {
    rows = undefined;
    const t0 = performance.now();
    rows = await run(name, params);
    times.push(performance.now() - t0);
  }
  report(key, times, rows.length);
  if (answer) writeAnswer(key, rows.map(answer));
  return rows;
};

const first = (r) => String(r[0]);
const counted = (r) => `${r[0]}\t${r[1]}`;
const year = { from: cfg.year_from, to: cfg.year_to };
const month = { from: cfg.month_from, to: cfg.month_to };
const { busy, rare, pair_a: pa, pair_b: pb } = cfg;

await timed('meetings.busy.all', 'meetings', { a: pa, b: pb }, first);
await timed('meetings.busy.year', 'meetings_window', { a: pa, b: pb, ...year }, first);
await timed('meetings.rare.all', 'meetings', { a: rare, b: busy }, first);
await timed('meetings.rare.year', 'meetings_window', { a: rare, b: busy, ...year }, first);
await timed('partners.busy', 'partners', { a: busy }, counted);
await timed('partners.rare', 'partners', { a: rare }, counted);
await timed('venues.busy', 'venues', { a: pa, b: pb }, counted);
await timed('venues.rare', 'venues', { a: rare, b: busy }, counted);
await timed('events.month', 'events_window', month, first);

// ---------------------------------------------------------------- 6 the network's edge list

{
  const times = [];
  let edges, nodes;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    edges = await run('network_edges', year);
    nodes = await run('network_nodes', year);
    times.push(performance.now() - t0);
  }
  report('network.year', times, edges.length);
  measure('network.nodes', nodes.length);
  writeAnswer('network.year', edges.map((e) => `${e[0]}\t${e[1]}\t${e[2]}`));
  writeAnswer('network.nodes', nodes.map(first));
}

// ---------------------------------------------------------------- peak memory

measure('peak_rss', process.resourceUsage().maxRSS * 1024);
for (const p of Object.values(prepared)) p.destroySync();
con.closeSync();
instance.closeSync();
