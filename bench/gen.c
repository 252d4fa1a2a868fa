/* gen.c: deterministic synthetic dataset (native JSON + flat TSV tables) for the benchmarks. */
/*
 * Usage: gen N OUTDIR
 *
 * Writes OUTDIR/dataset.json, places.tsv, actors.tsv, relations.tsv,
 * events.tsv, participants.tsv and summary.json. The same N always gives
 * byte-identical files: one splitmix64 stream with a constant seed, no clock,
 * no locale-dependent formatting (numbers are written by hand), no libm.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define SEED 0x6469706c6f6d6163ULL /* "diplomac" */
#define NSTATES 200
#define NORGS 20
#define NOFFICIAL_STATES 10 /* the top states by rank get very busy officials */
#define NOFFICIALS 3
#define MAXPART 24
#define MAXSG 16

/* ---------------------------------------------------------------- errors */

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "gen: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die("out of memory", NULL);
    return q;
}

/* ------------------------------------------------------------------ PRNG */

static uint64_t rng = SEED;

static uint64_t rnd64(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double urand(void) { return (double)(rnd64() >> 11) * (1.0 / 9007199254740992.0); }
static int irand(int n) { return (int)(((rnd64() >> 32) * (uint64_t)n) >> 32); }
static int chance(double p) { return urand() < p; }

/* Newton's method, so the program needs no -lm. */
static double square_root(double x)
{
    double r = x > 1 ? x : 1;
    for (int i = 0; i < 60; i++)
        r = 0.5 * (r + x / r);
    return r;
}

/* Sample an index from a cumulative weight table. */
static int pick_cdf(const double *cdf, int n)
{
    double u = urand() * cdf[n - 1];
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* ----------------------------------------------------------------- dates */

/* Days since 1970-01-01 (Howard Hinnant's civil-from-days algorithms). */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int)doe - 719468;
}

static void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (mm <= 2);
    *m = (int)mm;
    *d = (int)dd;
}

enum { PREC_NONE, PREC_YEAR, PREC_MONTH, PREC_DAY };

static int unit_first_day(int prec, int day)
{
    int y, m, d;
    if (prec == PREC_DAY)
        return day;
    civil_from_days(day, &y, &m, &d);
    return prec == PREC_MONTH ? days_from_civil(y, m, 1) : days_from_civil(y, 1, 1);
}

static int unit_last_day(int prec, int day)
{
    int y, m, d;
    if (prec == PREC_DAY)
        return day;
    civil_from_days(day, &y, &m, &d);
    if (prec == PREC_YEAR || m == 12)
        return days_from_civil(y + 1, 1, 1) - 1;
    return days_from_civil(y, m + 1, 1) - 1;
}

/* The first day, at or after `day`, on which a unit of `prec` begins: a post
 * that starts "2003-05" must not reach back into the previous post's span. */
static int unit_start_on_or_after(int prec, int day)
{
    return unit_first_day(prec, day) == day ? day : unit_last_day(prec, day) + 1;
}

static int random_precision(void)
{
    double u = urand();
    return u < 0.85 ? PREC_DAY : u < 0.95 ? PREC_MONTH : PREC_YEAR;
}

static char *put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD"; returns the end of the text (NUL-terminated). */
static char *format_day(char *p, int prec, int day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    p = put_digits(p, y, 4);
    if (prec >= PREC_MONTH) {
        *p++ = '-';
        p = put_digits(p, m, 2);
    }
    if (prec >= PREC_DAY) {
        *p++ = '-';
        p = put_digits(p, d, 2);
    }
    *p = '\0';
    return p;
}

/* ---------------------------------------------------------------- output */

#define WRITER_CAP (1u << 20)

typedef struct {
    FILE *file;
    char *buf;
    size_t used;
    char path[4096];
} Writer;

static void writer_open(Writer *w, const char *dir, const char *name)
{
    if (snprintf(w->path, sizeof w->path, "%s/%s", dir, name) >= (int)sizeof w->path)
        die("path too long", dir);
    w->file = fopen(w->path, "wb");
    if (!w->file)
        die(w->path, strerror(errno));
    w->buf = xrealloc(NULL, WRITER_CAP);
    w->used = 0;
}

static void writer_flush(Writer *w)
{
    if (w->used && fwrite(w->buf, 1, w->used, w->file) != w->used)
        die(w->path, strerror(errno));
    w->used = 0;
}

static void writer_close(Writer *w)
{
    writer_flush(w);
    if (fclose(w->file) != 0)
        die(w->path, strerror(errno));
    free(w->buf);
}

static void put_mem(Writer *w, const char *s, size_t n)
{
    if (w->used + n > WRITER_CAP) {
        writer_flush(w);
        if (n > WRITER_CAP) {
            if (fwrite(s, 1, n, w->file) != n)
                die(w->path, strerror(errno));
            return;
        }
    }
    memcpy(w->buf + w->used, s, n);
    w->used += n;
}

static void put_str(Writer *w, const char *s) { put_mem(w, s, strlen(s)); }

static void put_char(Writer *w, char c)
{
    if (w->used >= WRITER_CAP)
        writer_flush(w);
    w->buf[w->used++] = c;
}

static void put_uint(Writer *w, unsigned long long v)
{
    char t[24];
    int k = 0;
    do
        t[k++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (k)
        put_char(w, t[--k]);
}

/* Degrees held as integers in units of 1e-4, written as fixed-point text. */
static void put_degrees(Writer *w, int v)
{
    char t[16], *p = t;
    if (v < 0) {
        *p++ = '-';
        v = -v;
    }
    char digits[12];
    int k = 0, ip = v / 10000;
    do
        digits[k++] = (char)('0' + ip % 10);
    while ((ip /= 10) != 0);
    while (k)
        *p++ = digits[--k];
    *p++ = '.';
    p = put_digits(p, v % 10000, 4);
    put_mem(w, t, (size_t)(p - t));
}

/* Generated strings hold no quote, backslash or control character; escape anyway. */
static void put_json_string(Writer *w, const char *s)
{
    put_char(w, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            put_char(w, '\\');
            put_char(w, (char)c);
        } else if (c < 0x20) {
            char t[8];
            snprintf(t, sizeof t, "\\u%04x", c);
            put_str(w, t);
        } else {
            put_char(w, (char)c);
        }
    }
    put_char(w, '"');
}

static void put_json_key(Writer *w, const char *key)
{
    put_char(w, ',');
    put_json_string(w, key);
    put_char(w, ':');
}

/* --------------------------------------------------------------- places */

enum { CONT_AF, CONT_AN, CONT_AS, CONT_EU, CONT_NA, CONT_OC, CONT_SA, NCONT };

static const struct {
    const char *code, *name;
    double lat0, lat1, lon0, lon1, weight; /* weight: share of states */
} continents[NCONT] = {
    {"AF", "Africa", -30, 30, -15, 45, 27},
    {"AN", "Antarctica", -85, -65, -180, 180, 0},
    {"AS", "Asia", 5, 55, 45, 140, 24},
    {"EU", "Europe", 38, 65, -10, 40, 24},
    {"NA", "North America", 10, 60, -125, -65, 12},
    {"OC", "Oceania", -40, -5, 115, 178, 5},
    {"SA", "South America", -50, 10, -80, -38, 8},
};

typedef struct {
    char id[24];
    char name[48];
    const char *kind;
    int within; /* place index or -1 */
    int lat, lon; /* 1e-4 degrees */
    int has_coordinates;
    int state; /* -1 when not in a country */
} Place;

static Place *places;
static int nplaces, cap_places;

static int add_place(const char *kind, int within, int state)
{
    if (nplaces == cap_places) {
        cap_places = cap_places ? 2 * cap_places : 1024;
        places = xrealloc(places, (size_t)cap_places * sizeof *places);
    }
    Place *p = &places[nplaces];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->within = within;
    p->state = state;
    return nplaces++;
}

static int clamp_int(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static void set_coordinates(Place *p, double lat, double lon)
{
    while (lon >= 180)
        lon -= 360;
    while (lon < -180)
        lon += 360;
    p->lat = clamp_int((int)(lat * 10000 + (lat >= 0 ? 0.5 : -0.5)), -899999, 899999);
    p->lon = clamp_int((int)(lon * 10000 + (lon >= 0 ? 0.5 : -0.5)), -1799999, 1799999);
    p->has_coordinates = 1;
}

/* Distinct made-up names: a bijection of the index onto three-syllable words. */
static void place_word(char *out, int index)
{
    static const char *const syllables[20] = {"ka", "ro", "li", "ma", "ne", "to", "sa", "vi", "da", "mo",
                                              "ri", "lu", "be", "go", "za", "pe", "ni", "ta", "ko", "su"};
    int k = (int)(((long)index * 7919L + 1234L) % 8000L);
    strcpy(out, syllables[k % 20]);
    strcat(out, syllables[(k / 20) % 20]);
    strcat(out, syllables[(k / 400) % 20]);
    out[0] = (char)(out[0] - 'a' + 'A');
}

/* ---------------------------------------------------------------- actors */

enum { KIND_STATE, KIND_ORGANIZATION, KIND_AGENCY, KIND_PERSON };
static const char *const kind_names[] = {"state", "organization", "agency", "person"};

typedef struct {
    char id[16];
    char name[56];
    int kind;
    int state;      /* the state it belongs to (home state of a person), -1 for organizations */
    int first_tie;  /* its position/part_of relations: contiguous in file order */
    int ntie;
} Actor;

static Actor *actors;
static int nactors, cap_actors;

static int add_actor(int kind, int state)
{
    if (nactors == cap_actors) {
        cap_actors = cap_actors ? 2 * cap_actors : 4096;
        actors = xrealloc(actors, (size_t)cap_actors * sizeof *actors);
    }
    Actor *a = &actors[nactors];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->state = state;
    a->first_tie = -1;
    return nactors++;
}

static char country_code[NSTATES][4]; /* "XAA".."XHR": ISO 3166 user-assigned range */

/* ------------------------------------------------------------- relations */

enum { REL_MEMBER_OF, REL_PART_OF, REL_POSITION };
static const char *const relation_type_names[] = {"member_of", "part_of", "position"};

typedef struct {
    int actor, type, target;
    const char *title;
    int start_prec, start_day, end_prec, end_day;
    int64_t lo, hi; /* span in UTC seconds, open bounds as INT64_MIN/MAX */
} Relation;

static Relation *relations;
static int nrelations, cap_relations;

static void add_relation(int actor, int type, int target, const char *title, int start_prec, int start_day,
                         int end_prec, int end_day)
{
    if (nrelations == cap_relations) {
        cap_relations = cap_relations ? 2 * cap_relations : 4096;
        relations = xrealloc(relations, (size_t)cap_relations * sizeof *relations);
    }
    Relation *r = &relations[nrelations];
    r->actor = actor;
    r->type = type;
    r->target = target;
    r->title = title;
    r->start_prec = start_prec;
    r->start_day = start_day;
    r->end_prec = end_prec;
    r->end_day = end_day;
    r->lo = start_prec ? (int64_t)unit_first_day(start_prec, start_day) * 86400 : INT64_MIN;
    r->hi = end_prec ? ((int64_t)unit_last_day(end_prec, end_day) + 1) * 86400 - 1 : INT64_MAX;
    if (type != REL_MEMBER_OF) {
        Actor *a = &actors[actor];
        if (a->first_tie < 0)
            a->first_tie = nrelations;
        else if (a->first_tie + a->ntie != nrelations)
            die("internal error: ties of an actor are not contiguous", a->id);
        a->ntie++;
    }
    nrelations++;
}

static int overlaps(const Relation *r, int64_t lo, int64_t hi) { return r->lo <= hi && lo <= r->hi; }

/* ------------------------------------------------------------ the world */

static int D_FIRST, D_LAST; /* 1995-01-01 .. 2024-12-31: the events' range */

static int state_by_rank[NSTATES];
static double state_event_cdf[NSTATES];  /* Zipf, exponent 1 */
static double state_person_cdf[NSTATES]; /* flatter: exponent 1/2 */
static double org_cdf[NORGS];
static int state_actor[NSTATES], org_actor[NORGS];

enum { AG_MFA, AG_MOD, AG_OFFICE, AG_TRADE, AG_ARMY, AG_INTERIOR, AG_FINANCE, NAGENCY_KINDS };
static const struct {
    const char *code, *name;
    const char *titles[4];
} agency_kinds[NAGENCY_KINDS] = {
    {"MFA", "Ministry of Foreign Affairs", {"Deputy Foreign Minister", "Ambassador", "Spokesperson", "Director"}},
    {"MOD", "Ministry of Defence", {"Deputy Defence Minister", "Chief of Staff", "Military Attache", "Director"}},
    {"OFF", "Office of the President", {"National Security Adviser", "Press Secretary", "Adviser", "Chief of Staff"}},
    {"MTR", "Ministry of Trade", {"Trade Minister", "Chief Negotiator", "Trade Representative", "Director"}},
    {"ARM", "Armed Forces", {"Commander", "General", "Admiral", "Chief of Staff"}},
    {"MIN", "Ministry of the Interior", {"Interior Minister", "Deputy Interior Minister", "Director", "Adviser"}},
    {"MFN", "Ministry of Finance", {"Finance Minister", "Deputy Finance Minister", "Director", "Adviser"}},
};
static const char *const state_titles[] = {"Special Envoy", "Adviser", "Member of Parliament", "Senator",
                                           "Governor"};
static const char *const org_titles[] = {"Permanent Representative", "Envoy", "Deputy Secretary General"};

static int agency_first[NSTATES], agency_count[NSTATES]; /* actor indices, MFA first */
static int agency_kind_of_actor_offset[NSTATES][NAGENCY_KINDS];

static int *state_persons, state_persons_first[NSTATES + 1];
static int official[NSTATES][NOFFICIALS], nofficials[NSTATES];
static int sg_person[NORGS][MAXSG], sg_relation[NORGS][MAXSG], nsg[NORGS];

static int *state_cities, state_cities_first[NSTATES + 1];
static int *state_venues, state_venues_first[NSTATES + 1];
static int capital[NSTATES];
static int virtual_place;

static void make_states_and_orgs(void)
{
    for (int s = 0; s < NSTATES; s++)
        state_by_rank[s] = s;
    for (int s = NSTATES - 1; s > 0; s--) {
        int j = irand(s + 1), t = state_by_rank[s];
        state_by_rank[s] = state_by_rank[j];
        state_by_rank[j] = t;
    }
    double e = 0, p = 0;
    for (int r = 0; r < NSTATES; r++) {
        e += 1.0 / (r + 1);
        p += 1.0 / square_root(r + 1);
        state_event_cdf[r] = e;
        state_person_cdf[r] = p;
    }
    double o = 0;
    for (int r = 0; r < NORGS; r++) {
        o += 1.0 / (r + 1);
        org_cdf[r] = o;
    }
    for (int s = 0; s < NSTATES; s++) {
        country_code[s][0] = 'X';
        country_code[s][1] = (char)('A' + s / 26);
        country_code[s][2] = (char)('A' + s % 26);
        country_code[s][3] = '\0';
        int a = add_actor(KIND_STATE, s);
        snprintf(actors[a].id, sizeof actors[a].id, "S%03d", s);
        snprintf(actors[a].name, sizeof actors[a].name, "State %d", s);
        state_actor[s] = a;
    }
    for (int o2 = 0; o2 < NORGS; o2++) {
        int a = add_actor(KIND_ORGANIZATION, -1);
        snprintf(actors[a].id, sizeof actors[a].id, "O%02d", o2);
        snprintf(actors[a].name, sizeof actors[a].name, "Organization %d", o2);
        org_actor[o2] = a;
    }
}

static int zipf_state(void) { return state_by_rank[pick_cdf(state_event_cdf, NSTATES)]; }
static int zipf_org(void) { return pick_cdf(org_cdf, NORGS); }

static void make_places(void)
{
    int continent_place[NCONT];
    double cdf[NCONT], acc = 0;
    for (int c = 0; c < NCONT; c++) {
        int p = add_place("continent", -1, -1);
        snprintf(places[p].id, sizeof places[p].id, "P-%s", continents[c].code);
        snprintf(places[p].name, sizeof places[p].name, "%s", continents[c].name);
        continent_place[c] = p;
        acc += continents[c].weight;
        cdf[c] = acc;
    }
    virtual_place = add_place("virtual", -1, -1);
    strcpy(places[virtual_place].id, "P-VIRTUAL");
    strcpy(places[virtual_place].name, "Video conference");

    int ncity_names = 0, nregion_names = 4000;
    int *city_state = NULL, ncities = 0, cap_cities = 0;
    int *venue_list = NULL, nvenues = 0, cap_venues = 0;
    for (int s = 0; s < NSTATES; s++) {
        int c = pick_cdf(cdf, NCONT);
        double clat = continents[c].lat0 + urand() * (continents[c].lat1 - continents[c].lat0);
        double clon = continents[c].lon0 + urand() * (continents[c].lon1 - continents[c].lon0);
        int cp = add_place("country", continent_place[c], s);
        snprintf(places[cp].id, sizeof places[cp].id, "P-S%03d", s);
        snprintf(places[cp].name, sizeof places[cp].name, "State %d", s);
        set_coordinates(&places[cp], clat, clon);
        int nregions = 2 + irand(3);
        capital[s] = -1;
        for (int r = 1; r <= nregions; r++) {
            int rp = add_place("region", cp, s);
            char word[16];
            snprintf(places[rp].id, sizeof places[rp].id, "P-S%03d-R%d", s, r);
            place_word(word, nregion_names++);
            snprintf(places[rp].name, sizeof places[rp].name, "%s Province", word);
            double rlat = clat + (urand() - 0.5) * 4, rlon = clon + (urand() - 0.5) * 5;
            int ncity = 2 + irand(3);
            for (int k = 1; k <= ncity; k++) {
                int ct = add_place("city", rp, s);
                snprintf(places[ct].id, sizeof places[ct].id, "P-S%03d-R%d-C%d", s, r, k);
                place_word(places[ct].name, ncity_names++);
                set_coordinates(&places[ct], rlat + (urand() - 0.5) * 2, rlon + (urand() - 0.5) * 2);
                if (ncities == cap_cities) {
                    cap_cities = cap_cities ? 2 * cap_cities : 1024;
                    city_state = xrealloc(city_state, (size_t)cap_cities * 2 * sizeof *city_state);
                }
                city_state[2 * ncities] = ct;
                city_state[2 * ncities + 1] = s;
                ncities++;
                int is_capital = capital[s] < 0;
                if (is_capital)
                    capital[s] = ct;
                int nv = is_capital ? 1 + irand(3) : chance(0.1);
                static const char *const venue_patterns[] = {"Palace of %s", "%s Conference Centre",
                                                             "Foreign Ministry, %s", "Grand Hotel %s"};
                for (int v = 1; v <= nv; v++) {
                    int vp = add_place("venue", ct, s);
                    snprintf(places[vp].id, sizeof places[vp].id, "P-S%03d-R%d-C%d-V%d", s, r, k, v);
                    snprintf(places[vp].name, sizeof places[vp].name, venue_patterns[(v - 1 + (is_capital ? 0 : 3)) % 4],
                             places[ct].name);
                    set_coordinates(&places[vp], places[ct].lat / 10000.0 + (urand() - 0.5) * 0.02,
                                    places[ct].lon / 10000.0 + (urand() - 0.5) * 0.02);
                    if (nvenues == cap_venues) {
                        cap_venues = cap_venues ? 2 * cap_venues : 1024;
                        venue_list = xrealloc(venue_list, (size_t)cap_venues * 2 * sizeof *venue_list);
                    }
                    venue_list[2 * nvenues] = vp;
                    venue_list[2 * nvenues + 1] = s;
                    nvenues++;
                }
            }
        }
    }
    /* Per-country lists (places were made country by country, so already grouped). */
    state_cities = xrealloc(NULL, (size_t)ncities * sizeof *state_cities);
    state_venues = xrealloc(NULL, (size_t)(nvenues ? nvenues : 1) * sizeof *state_venues);
    int ci = 0, vi = 0;
    for (int s = 0; s < NSTATES; s++) {
        state_cities_first[s] = ci;
        for (int k = 0; k < ncities; k++)
            if (city_state[2 * k + 1] == s)
                state_cities[ci++] = city_state[2 * k];
        state_venues_first[s] = vi;
        for (int k = 0; k < nvenues; k++)
            if (venue_list[2 * k + 1] == s)
                state_venues[vi++] = venue_list[2 * k];
    }
    state_cities_first[NSTATES] = ci;
    state_venues_first[NSTATES] = vi;
    free(city_state);
    free(venue_list);
}

/* States join organizations and sometimes leave (and rarely rejoin) within 1994-2024. */
static void make_memberships(void)
{
    int d1994 = days_from_civil(1994, 1, 1), d2022 = days_from_civil(2022, 12, 31);
    for (int o = 0; o < NORGS; o++) {
        int size = o == 0 ? 185 : o < 4 ? 30 + irand(30) : 5 + irand(30);
        unsigned char member[NSTATES] = {0};
        int have = 0;
        while (have < size) {
            /* Major states belong to more organizations. */
            int s = chance(0.5) ? zipf_state() : irand(NSTATES);
            if (member[s])
                continue;
            member[s] = 1;
            have++;
        }
        for (int s = 0; s < NSTATES; s++) {
            if (!member[s])
                continue;
            if (chance(o == 0 ? 0.8 : 0.4)) {
                add_relation(state_actor[s], REL_MEMBER_OF, org_actor[o], NULL, PREC_NONE, 0, PREC_NONE, 0);
                continue;
            }
            int sp = random_precision();
            int start = unit_start_on_or_after(sp, d1994 + irand(d2022 - d1994 + 1));
            for (int round = 0; round < 2; round++) {
                int end = start + 400 + irand(5000);
                if (!chance(0.25) || end > D_LAST) {
                    add_relation(state_actor[s], REL_MEMBER_OF, org_actor[o], NULL, sp, start, PREC_NONE, 0);
                    break;
                }
                int ep = random_precision();
                add_relation(state_actor[s], REL_MEMBER_OF, org_actor[o], NULL, sp, start, ep, end);
                int next = unit_last_day(ep, end) + 200 + irand(2000);
                if (round == 1 || !chance(0.2))
                    break;
                sp = random_precision();
                start = unit_start_on_or_after(sp, next);
                if (start > D_LAST)
                    break;
            }
        }
    }
}

static void make_agencies(void)
{
    for (int s = 0; s < NSTATES; s++) {
        int n = 2 + irand(4);
        int chosen[NAGENCY_KINDS] = {0};
        chosen[AG_MFA] = chosen[AG_MOD] = 1;
        for (int have = 2; have < n;) {
            int k = 2 + irand(NAGENCY_KINDS - 2);
            if (!chosen[k]) {
                chosen[k] = 1;
                have++;
            }
        }
        agency_first[s] = nactors;
        agency_count[s] = n;
        for (int k = 0; k < NAGENCY_KINDS; k++) {
            agency_kind_of_actor_offset[s][k] = -1;
            if (!chosen[k])
                continue;
            int a = add_actor(KIND_AGENCY, s);
            snprintf(actors[a].id, sizeof actors[a].id, "S%03d-%s", s, agency_kinds[k].code);
            snprintf(actors[a].name, sizeof actors[a].name, "%s of State %d", agency_kinds[k].name, s);
            agency_kind_of_actor_offset[s][k] = a - agency_first[s];
        }
    }
    for (int s = 0; s < NSTATES; s++)
        for (int i = 0; i < agency_count[s]; i++)
            add_relation(agency_first[s] + i, REL_PART_OF, state_actor[s], NULL, PREC_NONE, 0, PREC_NONE, 0);
}

static int agency_kind_of(int actor)
{
    int s = actors[actor].state;
    for (int k = 0; k < NAGENCY_KINDS; k++)
        if (agency_kind_of_actor_offset[s][k] >= 0 && agency_first[s] + agency_kind_of_actor_offset[s][k] == actor)
            return k;
    return AG_MFA;
}

static int new_person(int state)
{
    static const char *const given[50] = {
        "Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
        "Kofi", "Lena", "Marek", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Sergei", "Tomas",
        "Ulla", "Viktor", "Wen", "Ximena", "Yusuf", "Zara", "Amir", "Bianca", "Chen", "Dmitri",
        "Eva", "Felix", "Gita", "Hassan", "Ivana", "Jorge", "Kira", "Luis", "Maya", "Nils",
        "Olga", "Pedro", "Rania", "Samir", "Tara", "Umar", "Vera", "Walter", "Yara", "Zoltan"};
    static const char *const family[50] = {
        "Abara", "Berger", "Castillo", "Dimitrov", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanov", "Jensen",
        "Kowalski", "Laurent", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Suzuki", "Tanaka",
        "Urban", "Varga", "Wagner", "Xu", "Yilmaz", "Zhang", "Almeida", "Bakker", "Costa", "Demir",
        "Engel", "Ferrari", "Gomez", "Horvat", "Ibrahim", "Jovanovic", "Kim", "Lindqvist", "Mensah", "Novak",
        "Olsen", "Park", "Reyes", "Santos", "Torres", "Usman", "Vasquez", "Weber", "Yamada", "Zeller"};
    int a = add_actor(KIND_PERSON, state);
    static int serial;
    int i = serial++;
    snprintf(actors[a].id, sizeof actors[a].id, "P%06d", i + 1);
    if (i < 2500)
        snprintf(actors[a].name, sizeof actors[a].name, "%s %s", given[i % 50], family[(i / 50 + i) % 50]);
    else
        snprintf(actors[a].name, sizeof actors[a].name, "%s %s %d", given[i % 50], family[(i / 50 + i) % 50],
                 i / 2500 + 1);
    return a;
}

typedef struct {
    int target;
    const char *title;
} Post;

/* A career: consecutive posts, each at least 400 days (so an end at year
 * precision never reaches back before its start); a zero-gap change writes
 * both bounds at one precision so the spans never overlap. */
static void career(int person, const Post *posts, int nposts, int start, int min_days, int spread, int lifelong)
{
    int sp = random_precision();
    int s = unit_start_on_or_after(sp, start);
    for (int k = 0; k < nposts; k++) {
        int last = k == nposts - 1;
        int e = s + min_days + irand(spread) - 1;
        const Post *p = &posts[k];
        if ((lifelong && last) || (!lifelong && e > D_LAST) || (last && chance(0.15))) {
            add_relation(person, REL_POSITION, p->target, p->title, sp, s, PREC_NONE, 0);
            return;
        }
        if (last) {
            add_relation(person, REL_POSITION, p->target, p->title, sp, s, random_precision(), e);
            return;
        }
        if (lifelong || chance(0.7)) {
            int q = random_precision();
            int next = unit_start_on_or_after(q, e + 1);
            add_relation(person, REL_POSITION, p->target, p->title, sp, s, q, next - 1);
            s = next;
            sp = q;
        } else {
            int ep = random_precision();
            add_relation(person, REL_POSITION, p->target, p->title, sp, s, ep, e);
            sp = random_precision();
            s = unit_start_on_or_after(sp, unit_last_day(ep, e) + 2 + irand(500));
        }
    }
}

static Post regular_post(int state)
{
    Post p;
    double u = urand();
    if (u < 0.62) {
        int i = chance(0.5) ? agency_kind_of_actor_offset[state][AG_MFA] : irand(agency_count[state]);
        p.target = agency_first[state] + i;
        p.title = agency_kinds[agency_kind_of(p.target)].titles[irand(4)];
    } else if (u < 0.97) {
        p.target = state_actor[state];
        p.title = state_titles[irand(5)];
    } else {
        p.target = org_actor[zipf_org()];
        p.title = org_titles[irand(3)];
    }
    return p;
}

static void make_persons(long nevents)
{
    long target = 5000 + nevents / 200;
    int dstart = days_from_civil(1985, 1, 1), dend = days_from_civil(2022, 12, 31);

    /* Very busy officials of the top states, in post through the whole range. */
    for (int r = 0; r < NOFFICIAL_STATES; r++) {
        int s = state_by_rank[r];
        int mfa = agency_first[s] + agency_kind_of_actor_offset[s][AG_MFA];
        int mod = agency_first[s] + agency_kind_of_actor_offset[s][AG_MOD];
        Post careers[NOFFICIALS][3] = {
            {{mfa, "Foreign Minister"}, {state_actor[s], "Prime Minister"}, {state_actor[s], "President"}},
            {{mfa, "Ambassador"}, {mfa, "Deputy Foreign Minister"}, {mfa, "Foreign Minister"}},
            {{mod, "Chief of Staff"}, {mod, "Defence Minister"}, {state_actor[s], "National Security Adviser"}},
        };
        for (int k = 0; k < NOFFICIALS; k++) {
            int a = new_person(s);
            official[s][nofficials[s]++] = a;
            career(a, careers[k], 3, days_from_civil(1988, 1, 1) + irand(2400), 3000, 2500, 1);
        }
    }

    /* Secretaries General: one after another, each after a post at home. */
    for (int o = 0; o < NORGS; o++) {
        int dp = random_precision();
        int d = unit_start_on_or_after(dp, days_from_civil(1988, 1, 1) + irand(2500));
        while (nsg[o] < MAXSG) {
            int home = zipf_state();
            int a = new_person(home);
            int mfa = agency_first[home] + agency_kind_of_actor_offset[home][AG_MFA];
            int pp = random_precision();
            add_relation(a, REL_POSITION, mfa, "Ambassador", pp, unit_start_on_or_after(pp, d - 1000 - irand(2000)),
                         dp, d - 1);
            int e = d + 1500 + irand(700);
            sg_person[o][nsg[o]] = a;
            sg_relation[o][nsg[o]] = nrelations;
            nsg[o]++;
            if (e > D_LAST || nsg[o] == MAXSG) {
                add_relation(a, REL_POSITION, org_actor[o], "Secretary General", dp, d, PREC_NONE, 0);
                break;
            }
            int q = random_precision();
            int next = unit_start_on_or_after(q, e + 1);
            add_relation(a, REL_POSITION, org_actor[o], "Secretary General", dp, d, q, next - 1);
            d = next;
            dp = q;
        }
    }

    /* Thousands of minor officials. */
    long have = 0;
    for (int a = 0; a < nactors; a++)
        have += actors[a].kind == KIND_PERSON;
    for (; have < target; have++) {
        int s = state_by_rank[pick_cdf(state_person_cdf, NSTATES)];
        int a = new_person(s);
        int nposts = 1 + (chance(0.6) ? chance(0.4) + 1 : 0);
        Post posts[3];
        for (int k = 0; k < nposts; k++)
            posts[k] = regular_post(s);
        career(a, posts, nposts, dstart + irand(dend - dstart + 1), 400, 2600, 0);
    }

    /* Persons by home state, for picking participants. */
    int count[NSTATES + 1] = {0};
    for (int a = 0; a < nactors; a++)
        if (actors[a].kind == KIND_PERSON)
            count[actors[a].state]++;
    state_persons_first[0] = 0;
    for (int s = 0; s < NSTATES; s++)
        state_persons_first[s + 1] = state_persons_first[s] + count[s];
    state_persons = xrealloc(NULL, (size_t)state_persons_first[NSTATES] * sizeof *state_persons);
    int fill[NSTATES];
    memcpy(fill, state_persons_first, sizeof fill);
    for (int a = 0; a < nactors; a++)
        if (actors[a].kind == KIND_PERSON)
            state_persons[fill[actors[a].state]++] = a;
}

/* ------------------------------------------------------------ rule 3 */

/* The side of a participant without an explicit one: breadth-first over its
 * position/part_of relations that hold at [lo, hi], relations in file order;
 * the first state met, else the first organization, else the actor itself. */
static int effective_side(int actor, int64_t lo, int64_t hi)
{
    int queue[64], n = 1, first_org = -1;
    queue[0] = actor;
    for (int i = 0; i < n; i++) {
        const Actor *a = &actors[queue[i]];
        if (a->kind == KIND_STATE)
            return queue[i];
        if (a->kind == KIND_ORGANIZATION && first_org < 0)
            first_org = queue[i];
        for (int r = a->first_tie; r >= 0 && r < a->first_tie + a->ntie; r++) {
            const Relation *rel = &relations[r];
            if (!overlaps(rel, lo, hi))
                continue;
            int seen = 0;
            for (int j = 0; j < n && !seen; j++)
                seen = queue[j] == rel->target;
            if (!seen && n < 64)
                queue[n++] = rel->target;
        }
    }
    return first_org >= 0 ? first_org : actor;
}

static int holds_post(int person, int64_t lo, int64_t hi)
{
    const Actor *a = &actors[person];
    for (int r = a->first_tie; r >= 0 && r < a->first_tie + a->ntie; r++)
        if (overlaps(&relations[r], lo, hi))
            return 1;
    return 0;
}

static int pick_person(int state, int64_t lo, int64_t hi)
{
    if (nofficials[state] && chance(0.4))
        return official[state][irand(nofficials[state])];
    int first = state_persons_first[state], n = state_persons_first[state + 1] - first;
    if (n == 0)
        return -1;
    int a = -1;
    for (int tries = 0; tries < 6; tries++) {
        a = state_persons[first + irand(n)];
        if (holds_post(a, lo, hi))
            break;
    }
    return a;
}

static int is_official(int person)
{
    int s = actors[person].state;
    for (int k = 0; s >= 0 && k < nofficials[s]; k++)
        if (official[s][k] == person)
            return 1;
    return 0;
}

static int secretary_general_at(int org, int64_t lo, int64_t hi)
{
    for (int k = 0; k < nsg[org]; k++)
        if (overlaps(&relations[sg_relation[org][k]], lo, hi))
            return sg_person[org][k];
    return -1;
}

/* ------------------------------------------------------------ writing */

static void put_tsv_day(Writer *w, int prec, int day)
{
    char t[16];
    if (prec) {
        format_day(t, prec, day);
        put_str(w, t);
    }
}

static void write_places(Writer *js, Writer *tsv)
{
    put_str(tsv, "id\tname\tkind\twithin\tlat\tlon\tcountry\n");
    put_str(js, "\"places\":[\n");
    for (int i = 0; i < nplaces; i++) {
        const Place *p = &places[i];
        put_str(js, "{\"id\":");
        put_json_string(js, p->id);
        put_json_key(js, "name");
        put_json_string(js, p->name);
        put_json_key(js, "kind");
        put_json_string(js, p->kind);
        if (p->within >= 0) {
            put_json_key(js, "within");
            put_json_string(js, places[p->within].id);
        }
        if (p->has_coordinates) {
            put_json_key(js, "lat");
            put_degrees(js, p->lat);
            put_json_key(js, "lon");
            put_degrees(js, p->lon);
        }
        if (p->state >= 0) {
            put_json_key(js, "country");
            put_json_string(js, country_code[p->state]);
        }
        put_str(js, i + 1 < nplaces ? "},\n" : "}\n");

        put_str(tsv, p->id);
        put_char(tsv, '\t');
        put_str(tsv, p->name);
        put_char(tsv, '\t');
        put_str(tsv, p->kind);
        put_char(tsv, '\t');
        if (p->within >= 0)
            put_str(tsv, places[p->within].id);
        put_char(tsv, '\t');
        if (p->has_coordinates)
            put_degrees(tsv, p->lat);
        put_char(tsv, '\t');
        if (p->has_coordinates)
            put_degrees(tsv, p->lon);
        put_char(tsv, '\t');
        if (p->state >= 0)
            put_str(tsv, country_code[p->state]);
        put_char(tsv, '\n');
    }
    put_str(js, "],\n");
}

static void write_actors(Writer *js, Writer *tsv)
{
    put_str(tsv, "id\tname\tkind\tcountry\n");
    put_str(js, "\"actors\":[\n");
    for (int i = 0; i < nactors; i++) {
        const Actor *a = &actors[i];
        put_str(js, "{\"id\":");
        put_json_string(js, a->id);
        put_json_key(js, "name");
        put_json_string(js, a->name);
        put_json_key(js, "kind");
        put_json_string(js, kind_names[a->kind]);
        if (a->state >= 0) {
            put_json_key(js, "country");
            put_json_string(js, country_code[a->state]);
        }
        if (a->kind == KIND_STATE) {
            put_json_key(js, "aliases");
            put_char(js, '[');
            put_json_string(js, country_code[a->state]);
            put_char(js, ']');
        }
        put_str(js, i + 1 < nactors ? "},\n" : "}\n");

        put_str(tsv, a->id);
        put_char(tsv, '\t');
        put_str(tsv, a->name);
        put_char(tsv, '\t');
        put_str(tsv, kind_names[a->kind]);
        put_char(tsv, '\t');
        if (a->state >= 0)
            put_str(tsv, country_code[a->state]);
        put_char(tsv, '\n');
    }
    put_str(js, "],\n");
}

static void write_relations(Writer *js, Writer *tsv)
{
    char t[16];
    put_str(tsv, "actor\ttype\ttarget\ttitle\tstart\tend\n");
    put_str(js, "\"relations\":[\n");
    for (int i = 0; i < nrelations; i++) {
        const Relation *r = &relations[i];
        put_str(js, "{\"actor\":");
        put_json_string(js, actors[r->actor].id);
        put_json_key(js, "type");
        put_json_string(js, relation_type_names[r->type]);
        put_json_key(js, "target");
        put_json_string(js, actors[r->target].id);
        if (r->title) {
            put_json_key(js, "title");
            put_json_string(js, r->title);
        }
        if (r->start_prec) {
            put_json_key(js, "start");
            format_day(t, r->start_prec, r->start_day);
            put_json_string(js, t);
        }
        if (r->end_prec) {
            put_json_key(js, "end");
            format_day(t, r->end_prec, r->end_day);
            put_json_string(js, t);
        }
        put_str(js, i + 1 < nrelations ? "},\n" : "}\n");

        put_str(tsv, actors[r->actor].id);
        put_char(tsv, '\t');
        put_str(tsv, relation_type_names[r->type]);
        put_char(tsv, '\t');
        put_str(tsv, actors[r->target].id);
        put_char(tsv, '\t');
        if (r->title)
            put_str(tsv, r->title);
        put_char(tsv, '\t');
        put_tsv_day(tsv, r->start_prec, r->start_day);
        put_char(tsv, '\t');
        put_tsv_day(tsv, r->end_prec, r->end_day);
        put_char(tsv, '\n');
    }
    put_str(js, "],\n");
}

/* ------------------------------------------------------------ events */

static const char *const meeting_types[] = {"meeting", "talks", "negotiation", "summit", "visit", "call", "conference"};
static const double meeting_type_weights[] = {25, 15, 8, 5, 20, 20, 7};
static const char *const meeting_type_titles[] = {"Meeting", "Talks", "Negotiation", "Summit",
                                                  "Visit", "Call", "Conference"};
static const char *const other_types[] = {"statement", "briefing", "interview", "proposal", "report", "warning",
                                          "deployment", "threat", "withdrawal", "exercise", "denial"};
static const double other_type_weights[] = {30, 15, 10, 8, 10, 8, 6, 4, 3, 4, 2};
static const char *const other_type_titles[] = {"Statement", "Briefing", "Interview", "Proposal",
                                                "Report", "Warning", "Deployment", "Threat",
                                                "Withdrawal", "Exercise", "Denial"};
enum { T_MEETING, T_TALKS, T_NEGOTIATION, T_SUMMIT, T_VISIT, T_CALL, T_CONFERENCE, NMEETING_TYPES };
#define NOTHER_TYPES 11

static const char *const statuses[] = {"held", "planned", "postponed", "cancelled", "reported", "denied"};
static const double status_weights[] = {90, 3, 1, 2, 3, 1};
enum { ST_HELD, ST_PLANNED, ST_POSTPONED, ST_CANCELLED, ST_REPORTED, ST_DENIED, NSTATUSES };

static const int zone_offsets[] = {-300, -240, -180, 60, 120, 180, 240, 330, 480, 540, 600}; /* minutes */
static const char *const publishers[] = {"Example Wire", "Daily Example", "Example Broadcasting",
                                         "Example Times", "Example Agency"};

typedef struct {
    int prec; /* PREC_MONTH, PREC_DAY, or PREC_DAY with a time */
    int has_time, has_seconds, zone; /* zone in minutes east of UTC; INT_MIN for "Z" */
    int day, hour, minute;
} EventDate;

/* Text of an event date and its span in UTC seconds. */
static char *format_event_date(char *p, const EventDate *d)
{
    p = format_day(p, d->prec, d->day);
    if (!d->has_time)
        return p;
    *p++ = 'T';
    p = put_digits(p, d->hour, 2);
    *p++ = ':';
    p = put_digits(p, d->minute, 2);
    if (d->has_seconds) {
        *p++ = ':';
        p = put_digits(p, 0, 2);
    }
    if (d->zone == INT_MIN) {
        *p++ = 'Z';
    } else {
        int z = d->zone < 0 ? -d->zone : d->zone;
        *p++ = d->zone < 0 ? '-' : '+';
        p = put_digits(p, z / 60, 2);
        *p++ = ':';
        p = put_digits(p, z % 60, 2);
    }
    *p = '\0';
    return p;
}

static void event_date_span(const EventDate *d, int64_t *lo, int64_t *hi)
{
    if (!d->has_time) {
        *lo = (int64_t)unit_first_day(d->prec, d->day) * 86400;
        *hi = ((int64_t)unit_last_day(d->prec, d->day) + 1) * 86400 - 1;
        return;
    }
    int64_t t = (int64_t)d->day * 86400 + d->hour * 3600 + d->minute * 60 -
                (d->zone == INT_MIN ? 0 : (int64_t)d->zone * 60);
    *lo = t;
    *hi = t + (d->has_seconds ? 0 : 59);
}

static int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

typedef struct {
    int actor, home, side, explicit_side;
    const char *role;
} Participant;

static int cdf_pick_weights(const double *w, int n)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    double u = urand() * total;
    for (int i = 0; i < n; i++) {
        if (u < w[i])
            return i;
        u -= w[i];
    }
    return n - 1;
}

static int participant_count(int meeting, int type)
{
    if ((type == T_CONFERENCE || type == T_SUMMIT) && meeting && chance(0.3))
        return 5 + irand(16);
    double u = urand();
    if (!meeting)
        return u < 0.5 ? 1 : u < 0.9 ? 2 : 3;
    return u < 0.76 ? 2 : u < 0.91 ? 3 : u < 0.97 ? 4 : u < 0.99 ? 5 : 6;
}

static int has_actor(const Participant *ps, int n, int actor)
{
    for (int i = 0; i < n; i++)
        if (ps[i].actor == actor)
            return 1;
    return 0;
}

static int pick_place(int state, int type)
{
    if (type == T_CALL && chance(0.5))
        return virtual_place;
    double u = urand();
    int nv = state_venues_first[state + 1] - state_venues_first[state];
    if (u < 0.35)
        return capital[state];
    if (u < 0.55 && nv > 0)
        return state_venues[state_venues_first[state] + irand(nv)];
    int nc = state_cities_first[state + 1] - state_cities_first[state];
    return state_cities[state_cities_first[state] + irand(nc)];
}

typedef struct {
    long events, participants, meetings, with_place, with_end, with_time, month_precision, explicit_sides;
    long *participations;     /* per actor, as listed */
    long state_events[NSTATES]; /* events with the state as some participant's side */
    long *pair;               /* NSTATES x NSTATES: meetings where the two states are sides */
} Tally;

static void write_events(Writer *js, Writer *ev_tsv, Writer *pt_tsv, long n, Tally *tally)
{
    int width = 7;
    for (long m = 10000000; n >= m && width < 18; m *= 10)
        width++;
    put_str(ev_tsv, "id\ttype\ttitle\tstart\tend\tplace\tstatus\tstart_day\tend_day\n");
    put_str(pt_tsv, "event\tactor\trole\tside\n");
    put_str(js, "\"events\":[\n");
    Participant ps[MAXPART];
    for (long i = 1; i <= n; i++) {
        char id[24], start_text[40], end_text[40], title[160];
        id[0] = 'E';
        {
            char *p = id + 1;
            long v = i;
            for (int k = width - 1; k >= 0; k--) {
                p[k] = (char)('0' + v % 10);
                v /= 10;
            }
            p[width] = '\0';
        }

        /* When. */
        EventDate start = {PREC_DAY, 0, 0, INT_MIN, D_FIRST + irand(D_LAST - D_FIRST + 1), 0, 0};
        double u = urand();
        if (u < 0.03) {
            start.prec = PREC_MONTH;
        } else if (u < 0.13) {
            start.has_time = 1;
            start.has_seconds = chance(0.85);
            start.zone = chance(0.45) ? INT_MIN : zone_offsets[irand(11)];
            start.hour = 6 + irand(16);
            start.minute = chance(0.5) ? 15 * irand(4) : irand(60);
            if (!start.has_seconds && start.zone == INT_MIN)
                start.zone = 60;
        }
        EventDate end = start;
        int has_end = chance(0.05);
        if (has_end) {
            if (start.prec == PREC_MONTH) {
                end.day = unit_last_day(PREC_MONTH, start.day) + 1;
                if (end.day > D_LAST)
                    has_end = 0;
            } else {
                end.day = start.day + 1 + irand(start.has_time ? 3 : 5);
                end.hour = 8 + irand(14);
                end.minute = 15 * irand(4);
            }
        }
        int64_t lo, hi, end_lo, end_hi;
        event_date_span(&start, &lo, &hi);
        event_date_span(has_end ? &end : &start, &end_lo, &end_hi);
        format_event_date(start_text, &start);
        if (has_end)
            format_event_date(end_text, &end);

        /* What. */
        int meeting = chance(0.6), type;
        const char *type_name, *type_title;
        if (meeting) {
            type = cdf_pick_weights(meeting_type_weights, NMEETING_TYPES);
            type_name = meeting_types[type];
            type_title = meeting_type_titles[type];
        } else {
            int k = cdf_pick_weights(other_type_weights, NOTHER_TYPES);
            type = NMEETING_TYPES + k;
            type_name = other_types[k];
            type_title = other_type_titles[k];
        }
        int status = cdf_pick_weights(status_weights, NSTATUSES);

        /* Who: a home state per participant, mostly distinct (a few delegations). */
        int want = participant_count(meeting, type), np = 0;
        for (int k = 0; k < want; k++) {
            Participant *p = &ps[np];
            int delegation_of = -1;
            if (np > 0 && chance(0.15)) {
                int j = irand(np);
                if (ps[j].home >= 0)
                    delegation_of = j;
            }
            int home;
            if (delegation_of >= 0) {
                home = ps[delegation_of].home;
            } else {
                home = zipf_state();
                for (int tries = 0; tries < 10; tries++) {
                    int clash = 0;
                    for (int j = 0; j < np && !clash; j++)
                        clash = ps[j].home == home;
                    if (!clash)
                        break;
                    home = zipf_state();
                }
            }
            int actor = -1;
            double v = urand();
            if (delegation_of >= 0)
                v = 0.53 + 0.42 * v; /* a delegation member is a person or an agency */
            if (v < 0.53) {
                actor = state_actor[home];
            } else if (v < 0.84) {
                actor = pick_person(home, lo, hi);
            } else if (v < 0.95) {
                actor = agency_first[home] + (chance(0.5) ? 0 : irand(agency_count[home]));
            } else {
                int o = zipf_org();
                actor = org_actor[o];
                if (chance(0.4)) {
                    int sg = secretary_general_at(o, lo, hi);
                    if (sg >= 0)
                        actor = sg;
                }
                home = actors[actor].kind == KIND_PERSON ? actors[actor].state : -1;
            }
            for (int tries = 0; (actor < 0 || has_actor(ps, np, actor)) && tries < 4 && home >= 0; tries++)
                actor = pick_person(home, lo, hi);
            if (actor < 0 || has_actor(ps, np, actor))
                continue;
            p->actor = actor;
            p->home = home;
            p->role = "party";
            p->explicit_side = -1;
            if (delegation_of >= 0) {
                p->role = "member";
                if (strcmp(ps[delegation_of].role, "party") == 0)
                    ps[delegation_of].role = "head";
            }
            np++;
        }
        if (np == 0) { /* every pick clashed: fall back to one state */
            ps[0].actor = state_actor[zipf_state()];
            ps[0].home = actors[ps[0].actor].state;
            ps[0].role = "party";
            ps[0].explicit_side = -1;
            np = 1;
        }
        if (type == T_VISIT || type == T_CONFERENCE || type == T_SUMMIT) {
            if (strcmp(ps[0].role, "party") == 0)
                ps[0].role = "host";
            for (int k = 1; k < np; k++)
                if (strcmp(ps[k].role, "party") == 0 && (type == T_VISIT || chance(0.2)))
                    ps[k].role = "guest";
        }
        for (int k = 0; k < np; k++) {
            Participant *p = &ps[k];
            if (chance(0.05)) {
                int st = p->home >= 0 ? p->home : zipf_state();
                p->explicit_side = chance(0.3) ? org_actor[zipf_org()] : state_actor[st];
                p->side = p->explicit_side;
                tally->explicit_sides++;
            } else {
                p->side = effective_side(p->actor, lo, hi);
            }
        }

        /* Where: usually in the host's (or the first participant's) country. */
        int place = -1;
        if (chance(0.9)) {
            int st = -1;
            for (int k = 0; k < np && st < 0; k++)
                if (strcmp(ps[k].role, "host") == 0)
                    st = ps[k].home;
            if (st < 0) {
                int k = chance(0.8) ? 0 : irand(np);
                st = ps[k].home;
            }
            for (int k = 0; k < np && st < 0; k++)
                st = ps[k].home;
            if (st < 0)
                st = zipf_state();
            place = pick_place(st, type);
        }

        if (np == 1)
            snprintf(title, sizeof title, "%s: %s", type_title, actors[ps[0].actor].name);
        else if (np == 2)
            snprintf(title, sizeof title, "%s: %s - %s", type_title, actors[ps[0].actor].name,
                     actors[ps[1].actor].name);
        else
            snprintf(title, sizeof title, "%s: %s, %s and %d others", type_title, actors[ps[0].actor].name,
                     actors[ps[1].actor].name, np - 2);

        /* JSON. */
        put_str(js, "{\"id\":");
        put_json_string(js, id);
        put_json_key(js, "type");
        put_json_string(js, type_name);
        put_json_key(js, "title");
        put_json_string(js, title);
        put_json_key(js, "start");
        put_json_string(js, start_text);
        if (has_end) {
            put_json_key(js, "end");
            put_json_string(js, end_text);
        }
        if (place >= 0) {
            put_json_key(js, "place");
            put_json_string(js, places[place].id);
        }
        put_json_key(js, "status");
        put_json_string(js, statuses[status]);
        put_json_key(js, "participants");
        put_char(js, '[');
        for (int k = 0; k < np; k++) {
            put_str(js, k ? ",{\"actor\":" : "{\"actor\":");
            put_json_string(js, actors[ps[k].actor].id);
            put_json_key(js, "role");
            put_json_string(js, ps[k].role);
            if (ps[k].explicit_side >= 0) {
                put_json_key(js, "side");
                put_json_string(js, actors[ps[k].explicit_side].id);
            }
            put_char(js, '}');
        }
        put_char(js, ']');
        if (chance(0.01)) {
            char day_text[16];
            format_day(day_text, PREC_DAY, (int)floor_div(lo, 86400));
            put_json_key(js, "sources");
            put_str(js, "[{\"publisher\":");
            put_json_string(js, publishers[irand(5)]);
            put_json_key(js, "published");
            put_json_string(js, day_text);
            put_json_key(js, "url");
            put_str(js, "\"https://example.org/news/");
            put_str(js, id);
            put_str(js, "\"}]");
        }
        put_str(js, i < n ? "},\n" : "}\n");

        /* TSV: days of the span in UTC (rule 6). */
        char first_day[16], last_day[16];
        format_day(first_day, PREC_DAY, (int)floor_div(lo, 86400));
        format_day(last_day, PREC_DAY, (int)floor_div(end_hi, 86400));
        put_str(ev_tsv, id);
        put_char(ev_tsv, '\t');
        put_str(ev_tsv, type_name);
        put_char(ev_tsv, '\t');
        put_str(ev_tsv, title);
        put_char(ev_tsv, '\t');
        put_str(ev_tsv, start_text);
        put_char(ev_tsv, '\t');
        if (has_end)
            put_str(ev_tsv, end_text);
        put_char(ev_tsv, '\t');
        if (place >= 0)
            put_str(ev_tsv, places[place].id);
        put_char(ev_tsv, '\t');
        put_str(ev_tsv, statuses[status]);
        put_char(ev_tsv, '\t');
        put_str(ev_tsv, first_day);
        put_char(ev_tsv, '\t');
        put_str(ev_tsv, last_day);
        put_char(ev_tsv, '\n');
        for (int k = 0; k < np; k++) {
            put_str(pt_tsv, id);
            put_char(pt_tsv, '\t');
            put_str(pt_tsv, actors[ps[k].actor].id);
            put_char(pt_tsv, '\t');
            put_str(pt_tsv, ps[k].role);
            put_char(pt_tsv, '\t');
            put_str(pt_tsv, actors[ps[k].side].id);
            put_char(pt_tsv, '\n');
        }

        /* Tally. */
        (void)end_lo;
        tally->events++;
        tally->participants += np;
        tally->with_place += place >= 0;
        tally->with_end += has_end;
        tally->with_time += start.has_time;
        tally->month_precision += start.prec == PREC_MONTH;
        int side_states[MAXPART], nside_states = 0;
        for (int k = 0; k < np; k++) {
            tally->participations[ps[k].actor]++;
            const Actor *s = &actors[ps[k].side];
            if (s->kind != KIND_STATE)
                continue;
            int seen = 0;
            for (int j = 0; j < nside_states && !seen; j++)
                seen = side_states[j] == s->state;
            if (!seen)
                side_states[nside_states++] = s->state;
        }
        for (int j = 0; j < nside_states; j++)
            tally->state_events[side_states[j]]++;
        if (meeting && status != ST_CANCELLED && status != ST_DENIED) {
            tally->meetings++;
            for (int a = 0; a < nside_states; a++)
                for (int b = 0; b < nside_states; b++)
                    if (side_states[a] < side_states[b])
                        tally->pair[side_states[a] * NSTATES + side_states[b]]++;
        }
    }
    put_str(js, "]\n");
}

/* ------------------------------------------------------------ main */

static void make_dir(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        die(dir, strerror(errno));
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen N OUTDIR\n");
        return 2;
    }
    char *endp;
    errno = 0;
    long n = strtol(argv[1], &endp, 10);
    if (errno || *endp || n < 0 || n > 999999999L)
        die("N must be an integer from 0 to 999999999", argv[1]);
    const char *dir = argv[2];
    make_dir(dir);

    D_FIRST = days_from_civil(1995, 1, 1);
    D_LAST = days_from_civil(2024, 12, 31);

    make_states_and_orgs();
    make_places();
    make_memberships();
    make_agencies();
    make_persons(n);

    Writer js, places_tsv, actors_tsv, relations_tsv, events_tsv, participants_tsv;
    writer_open(&js, dir, "dataset.json");
    writer_open(&places_tsv, dir, "places.tsv");
    writer_open(&actors_tsv, dir, "actors.tsv");
    writer_open(&relations_tsv, dir, "relations.tsv");
    writer_open(&events_tsv, dir, "events.tsv");
    writer_open(&participants_tsv, dir, "participants.tsv");

    put_str(&js, "{\"format\":\"diplomacy\",\"version\":1,\n\"meta\":{\"title\":\"Synthetic diplomatic events\","
                 "\"source\":\"bench/gen.c\",\"generator\":\"diplomacy bench/gen.c\",\"seed\":\"0x6469706c6f6d6163\","
                 "\"events\":");
    put_uint(&js, (unsigned long long)n);
    put_str(&js, ",\"license\":\"CC0-1.0\",\"notes\":\"Deterministic synthetic data for benchmarks; every name "
                 "is made up.\"},\n");
    write_places(&js, &places_tsv);
    write_actors(&js, &actors_tsv);
    write_relations(&js, &relations_tsv);

    Tally tally;
    memset(&tally, 0, sizeof tally);
    tally.participations = xrealloc(NULL, (size_t)nactors * sizeof *tally.participations);
    memset(tally.participations, 0, (size_t)nactors * sizeof *tally.participations);
    tally.pair = xrealloc(NULL, (size_t)NSTATES * NSTATES * sizeof *tally.pair);
    memset(tally.pair, 0, (size_t)NSTATES * NSTATES * sizeof *tally.pair);
    write_events(&js, &events_tsv, &participants_tsv, n, &tally);
    put_str(&js, "}\n");

    writer_close(&js);
    writer_close(&places_tsv);
    writer_close(&actors_tsv);
    writer_close(&relations_tsv);
    writer_close(&events_tsv);
    writer_close(&participants_tsv);

    /* Actors for the benchmark scripts: busiest and rarest (fewest, but some) by count. */
    int busy_state = -1, rare_state = -1, busy_person = -1, rare_person = -1, busy_org = -1, pair_a = -1,
        pair_b = -1;
    for (int s = 0; s < NSTATES; s++) {
        long c = tally.state_events[s];
        if (busy_state < 0 || c > tally.state_events[busy_state])
            busy_state = s;
        if (c > 0 && (rare_state < 0 || c < tally.state_events[rare_state]))
            rare_state = s;
    }
    long kinds[4] = {0}, rel_types[3] = {0};
    for (int a = 0; a < nactors; a++) {
        long c = tally.participations[a];
        kinds[actors[a].kind]++;
        if (actors[a].kind == KIND_PERSON) {
            if (busy_person < 0 || c > tally.participations[busy_person])
                busy_person = a;
            if (c > 0 && !is_official(a) && (rare_person < 0 || c < tally.participations[rare_person]))
                rare_person = a;
        } else if (actors[a].kind == KIND_ORGANIZATION) {
            if (busy_org < 0 || c > tally.participations[busy_org])
                busy_org = a;
        }
    }
    for (int r = 0; r < nrelations; r++)
        rel_types[relations[r].type]++;
    long best = -1;
    for (int a = 0; a < NSTATES; a++)
        for (int b = a + 1; b < NSTATES; b++)
            if (tally.pair[a * NSTATES + b] > best) {
                best = tally.pair[a * NSTATES + b];
                pair_a = a;
                pair_b = b;
            }
    const char *none = "";
    const char *bs = busy_state >= 0 ? actors[state_actor[busy_state]].id : none;
    const char *rs = rare_state >= 0 ? actors[state_actor[rare_state]].id : none;
    const char *bp = busy_person >= 0 ? actors[busy_person].id : none;
    const char *rp = rare_person >= 0 ? actors[rare_person].id : none;
    const char *bo = busy_org >= 0 ? actors[busy_org].id : none;

    Writer sum;
    writer_open(&sum, dir, "summary.json");
    char line[1024];
    snprintf(line, sizeof line,
             "{\"busy_state\":\"%s\",\"rare_state\":\"%s\",\"busy_person\":\"%s\",\"rare_person\":\"%s\","
             "\"busy_org\":\"%s\",\"busy_pair\":[\"%s\",\"%s\"],\n",
             bs, rs, bp, rp, bo, actors[state_actor[pair_a]].id, actors[state_actor[pair_b]].id);
    put_str(&sum, line);
    snprintf(line, sizeof line,
             "\"counts\":{\"places\":%d,\"actors\":%d,\"states\":%ld,\"organizations\":%ld,\"agencies\":%ld,"
             "\"persons\":%ld,\"relations\":%d,\"member_of\":%ld,\"part_of\":%ld,\"position\":%ld,"
             "\"events\":%ld,\"meetings\":%ld,\"participants\":%ld,\"explicit_sides\":%ld,"
             "\"events_with_place\":%ld,\"events_with_end\":%ld,\"events_with_time\":%ld,"
             "\"events_month_precision\":%ld},\n",
             nplaces, nactors, kinds[KIND_STATE], kinds[KIND_ORGANIZATION], kinds[KIND_AGENCY], kinds[KIND_PERSON],
             nrelations, rel_types[REL_MEMBER_OF], rel_types[REL_PART_OF], rel_types[REL_POSITION], tally.events,
             tally.meetings, tally.participants, tally.explicit_sides, tally.with_place, tally.with_end,
             tally.with_time, tally.month_precision);
    put_str(&sum, line);
    snprintf(line, sizeof line,
             "\"event_counts\":{\"busy_state\":%ld,\"rare_state\":%ld,\"busy_person\":%ld,\"rare_person\":%ld,"
             "\"busy_org\":%ld,\"busy_pair\":%ld}}\n",
             busy_state >= 0 ? tally.state_events[busy_state] : 0L,
             rare_state >= 0 ? tally.state_events[rare_state] : 0L,
             busy_person >= 0 ? tally.participations[busy_person] : 0L,
             rare_person >= 0 ? tally.participations[rare_person] : 0L,
             busy_org >= 0 ? tally.participations[busy_org] : 0L, best < 0 ? 0L : best);
    put_str(&sum, line);
    writer_close(&sum);

    fprintf(stderr,
            "gen: %d places, %d actors, %d relations, %ld events, %ld participants; busy state %s (%ld events), "
            "rare state %s (%ld), busy person %s (%ld), rare person %s (%ld), busy pair %s-%s (%ld meetings)\n",
            nplaces, nactors, nrelations, tally.events, tally.participants, bs,
            busy_state >= 0 ? tally.state_events[busy_state] : 0L, rs,
            rare_state >= 0 ? tally.state_events[rare_state] : 0L, bp,
            busy_person >= 0 ? tally.participations[busy_person] : 0L, rp,
            rare_person >= 0 ? tally.participations[rare_person] : 0L, actors[state_actor[pair_a]].id,
            actors[state_actor[pair_b]].id, best < 0 ? 0L : best);
    return 0;
}
