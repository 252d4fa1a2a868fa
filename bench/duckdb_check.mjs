// bench/duckdb_check.mjs: DuckDB over a partitioned export must give exactly
// the project's answers (docs/scale.md).
//
//   node bench/duckdb_check.mjs OUT_DIR
//
// OUT_DIR is written by bench/export_answers.lua: export/ (the CSV tables, a
// folder per year) and answers.json (the project's rows per case). Runs
// bench/sql/export-views.sql in export/, then each case's query of
// bench/sql/export-queries.sql, and compares row by row, in order. Then turns
// the CSV into Parquet (COPY ... PARTITION_BY (year), the recipe of
// docs/scale.md) and checks the same cases over the Parquet files. Exits 1
// on any difference, printing the first ones.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? '');
if (!process.argv[2]) throw new Error('usage: node bench/duckdb_check.mjs OUT_DIR');
const cases = JSON.parse(readFileSync(join(out, 'answers.json'), 'utf8'));
const Q = {};
for (const part of readFileSync(join(here, 'sql', 'export-queries.sql'), 'utf8').split(/^-- name: /m).slice(1)) {
  const i = part.indexOf('\n');
  Q[part.slice(0, i).trim()] = part.slice(i + 1);
}

process.chdir(join(out, 'export'));
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(readFileSync(join(here, 'sql', 'export-views.sql'), 'utf8'));
// read once into memory (the views would read the files again for every query)
const tables = ['events', 'participants', 'stands', 'actors', 'places', 'place_within'];
const load = async (label) => {
  const t0 = performance.now();
  for (const t of tables) {
    await con.run(`CREATE OR REPLACE TABLE ${t}_mem AS FROM ${t}`);
    await con.run(`CREATE OR REPLACE VIEW ${t} AS FROM ${t}_mem`);
  }
  console.log(`${label}: read in ${(performance.now() - t0).toFixed(0)} ms`);
};
await load('CSV export');

const check = async (label) => {
  const prepared = {};
  let bad = 0, rows = 0;
  const t0 = performance.now();
  for (const c of cases) {
    const sql = Q[c.query];
    prepared[c.query] ??= await con.prepare(sql);
    const p = prepared[c.query];
    const params = {};
    for (const m of sql.matchAll(/\$(\w+)/g)) params[m[1]] = c.params[m[1]] ?? null;
    p.clearBindings();
    p.bind(params);
    const got = (await p.runAndReadAll()).getRows().map((r) => r.map(String).join('\t'));
    const want = c.rows.map((r) => r.map(String).join('\t'));
    rows += want.length;
    if (got.join('\n') !== want.join('\n')) {
      if (bad++ < 5) {
        let i = 0;
        while (i < got.length && i < want.length && got[i] === want[i]) i++;
        console.log(`DIFFERENT ${label} ${c.query} ${JSON.stringify(c.params)}: ${want.length} rows expected, ` +
          `${got.length} given; row ${i + 1}: expected '${want[i] ?? ''}', got '${got[i] ?? ''}'`);
      }
    }
  }
  const ms = performance.now() - t0;
  console.log(`${label}: ${cases.length - bad} of ${cases.length} cases equal (${rows} rows), ${ms.toFixed(0)} ms`);
  return bad;
};

let bad = await check('DuckDB over the CSV export');

// the Parquet recipe: one COPY per table, partitioned by year as the CSV is
rmSync('../parquet', { recursive: true, force: true });
mkdirSync('../parquet');
const t0 = performance.now();
for (const t of ['events', 'participants', 'stands'])
  await con.run(`COPY (FROM ${t}) TO '../parquet/${t}' (FORMAT parquet, PARTITION_BY (year))`);
for (const t of ['actors', 'places', 'place_within']) await con.run(`COPY (FROM ${t}) TO '../parquet/${t}.parquet' (FORMAT parquet)`);
console.log(`CSV to Parquet: ${(performance.now() - t0).toFixed(0)} ms`);
for (const t of ['events', 'participants', 'stands'])
  await con.run(`CREATE OR REPLACE VIEW ${t} AS FROM read_parquet('../parquet/${t}/*/*.parquet', hive_partitioning = true)`);
for (const t of ['actors', 'places', 'place_within'])
  await con.run(`CREATE OR REPLACE VIEW ${t} AS FROM read_parquet('../parquet/${t}.parquet')`);
await load('Parquet copy');
bad += await check('DuckDB over the Parquet copy');
process.exit(bad ? 1 : 0);
