/* check_model.c: decoding documents (and every refusal's message), round trips, adding objects, allocation failure, saving */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dates.h"
#include "jsonio.h"
#include "model.h"
#include "query.h"
#include "quoted_docs.h"

/* ---- helpers ---- */

/* Decodes a single-quoted document as "f.json" with the default allocator. */
static dip_dataset *decode(const char *squoted, char *err, size_t errsize, int *code) {
  char *text = dq(squoted);
  dip_dataset *ds = dip_decode(text, strlen(text), "f.json", NULL, NULL, err, errsize, code);
  free(text);
  return ds;
}

static cJSON *object(const char *squoted) {
  char *text = dq(squoted);
  cJSON *o = cJSON_Parse(text);
  free(text);
  ck_assert_msg(o != NULL, "test JSON does not parse: %s", squoted);
  return o;
}

static uint32_t find_actor(dip_dataset *ds, const char *name) {
  uint32_t h = 12345;
  int rc = dip_find_actor(ds, name, strlen(name), &h);
  ck_assert_msg(rc == DIP_OK, "find_actor('%s'): %d %s", name, rc, ds->err);
  return h;
}

static uint32_t find_place(dip_dataset *ds, const char *name) {
  uint32_t h = 12345;
  int rc = dip_find_place(ds, name, strlen(name), &h);
  ck_assert_msg(rc == DIP_OK, "find_place('%s'): %d %s", name, rc, ds->err);
  return h;
}

#include "counting_alloc.h"


#define P "{'format':'diplomacy','version':1,"
#define A1 "'actors':[{'id':'a','name':'A'}],"
#define A2 "'actors':[{'id':'a','name':'A'},{'id':'b','name':'B'}],"
#define E0 "{'id':'e','type':'meeting','start':'2022'"

/* ---- decoding ---- */

START_TEST(test_minimal_documents) {
  char err[512] = "";
  int code = -1;
  dip_dataset *ds = decode("{'format':'diplomacy','version':1}", err, sizeof err, &code);
  ck_assert_msg(ds != NULL, "%s", err);
  ck_assert_int_eq(code, DIP_OK);
  ck_assert_uint_eq(ds->nplaces + ds->nactors + ds->nrelations + ds->nevents + ds->nparts, 0);
  ck_assert_ptr_null(ds->meta);
  ck_assert_ptr_null(ds->extra);
  dip_close(ds);

  /* whitespace around, empty arrays, forward references (part_of, within), an actor and a place sharing an id */
  ds = decode("\n\t {'format':'diplomacy','version':1,'meta':{},'places':[{'id':'x','name':'X','within':'y'},"
              "{'id':'y','name':'Y'}],'actors':[{'id':'x','name':'X'}],'relations':[],"
              "'events':[{'id':'e1','type':'meeting','start':'2022-01-10','part_of':'e2','place':'x',"
              "'participants':[{'actor':'x'}]},{'id':'e2','type':'summit','start':'2022'}]} \r\n",
              err, sizeof err, &code);
  ck_assert_msg(ds != NULL, "%s", err);
  ck_assert_int_eq(code, DIP_OK);
  ck_assert_uint_eq(ds->nplaces, 2);
  ck_assert_uint_eq(ds->nactors, 1);
  ck_assert_uint_eq(ds->nevents, 2);
  ck_assert_uint_eq(ds->nparts, 1);
  ck_assert_uint_eq(ds->places[0].within, 1);
  ck_assert_uint_eq(ds->events[0].part_of, 1);
  ck_assert_uint_eq(ds->events[0].place, 0);
  ck_assert_uint_eq(ds->events[1].place, DIP_NONE);
  ck_assert_uint_eq(ds->events[0].status, DIP_STATUS_UNSET);
  ck_assert_str_eq(dip_str(ds, ds->events[0].id), "e1");
  ck_assert_uint_eq(dip_find_event(ds, "e2", 2), 1);
  ck_assert_uint_eq(dip_find_event(ds, "e3", 2), DIP_NONE);
  dip_close(ds);

  /* without a name, messages start with the position or the field */
  ck_assert_ptr_null(dip_decode("", 0, NULL, NULL, NULL, err, sizeof err, &code));
  ck_assert_str_eq(err, "1:1: empty document");
  {
    char *text = dq(P "'events':[{'id':'e','type':'meeting','start':'2022-02-30'}]}");
    ck_assert_ptr_null(dip_decode(text, strlen(text), NULL, NULL, NULL, err, sizeof err, &code));
    free(text);
  }
  ck_assert_int_eq(code, DIP_EINVAL);
  ck_assert_str_eq(err, "events[0].start: '2022-02-30': day does not exist in that month");
}
END_TEST

typedef struct refusal {
  const char *text; /* single-quoted */
  int code;
  const char *err;
} refusal;

static const refusal refusals[] = {
  /* syntax */
  {"", DIP_ESYNTAX, "f.json:1:1: empty document"},
  {" \n\t ", DIP_ESYNTAX, "f.json:2:3: empty document"},
  {"{'format':'diplomacy','version':1} x", DIP_ESYNTAX, "f.json:1:36: text after the end of the document"},
  {"{'format':'diplomacy','version':1}{}", DIP_ESYNTAX, "f.json:1:35: text after the end of the document"},
  {P "'x':'\xff'}", DIP_ESYNTAX, "f.json:1:40: invalid UTF-8"},
  {P "'x':'\xc0\xaf'}", DIP_ESYNTAX, "f.json:1:40: invalid UTF-8"},
  {P "'x':'\xe0\x80\xaf'}", DIP_ESYNTAX, "f.json:1:40: invalid UTF-8"},
  {P "'x':'\xed\xa0\x80'}", DIP_ESYNTAX, "f.json:1:40: invalid UTF-8"},
  {P "'x':'\xf4\x90\x80\x80'}", DIP_ESYNTAX, "f.json:1:40: invalid UTF-8"},
  {P "'x':'\xc3'}", DIP_ESYNTAX, "f.json:1:40: invalid UTF-8"},
  {P "'x':'\xc3\xa9\xff'}", DIP_ESYNTAX, "f.json:1:41: invalid UTF-8"},
  {P "'\xff':1}", DIP_ESYNTAX, "f.json:1:36: invalid UTF-8"},
  {"{\n  'format': 'diplomacy',\n  'version': 1,\n  'x': '\xff'\n}", DIP_ESYNTAX, "f.json:4:9: invalid UTF-8"},
  {P "'x':'a\tb'}", DIP_ESYNTAX, "f.json:1:41: control character in a string (escape it)"},
  {P "'x':'a\nb'}", DIP_ESYNTAX, "f.json:1:41: control character in a string (escape it)"},
  {P "'x':'a\x01" "b'}", DIP_ESYNTAX, "f.json:1:41: control character in a string (escape it)"},
  {P "'x':[1,]}", DIP_ESYNTAX, "f.json:1:42: unexpected ']'"},
  {"{'format' 'diplomacy'}", DIP_ESYNTAX, "f.json:1:11: unexpected '\"'"},
  {"{\x01}", DIP_ESYNTAX, "f.json:1:2: unexpected byte 0x01"},
  {"{\n\n   ,}", DIP_ESYNTAX, "f.json:3:4: unexpected ','"},
  /* content: the top level */
  {"[]", DIP_EINVAL, "f.json: top level: expected an object, got array"},
  {"[{'format':'diplomacy','version':1}]", DIP_EINVAL, "f.json: top level: expected an object, got array"},
  {"'diplomacy'", DIP_EINVAL, "f.json: top level: expected an object, got a single value"},
  {"{'version':1}", DIP_EINVAL, "f.json: format: missing (expected \"diplomacy\")"},
  {"{'format':'other','version':1}", DIP_EINVAL, "f.json: format: unsupported format (expected \"diplomacy\")"},
  {"{'format':'diplomacy'}", DIP_EINVAL, "f.json: version: missing (expected 1)"},
  {"{'format':'diplomacy','version':2}", DIP_EINVAL, "f.json: version: unsupported version (expected 1)"},
  {"{'format':'diplomacy','version':'1'}", DIP_EINVAL, "f.json: version: unsupported version (expected 1)"},
  {"{'format':'diplomacy','format':'diplomacy','version':1}", DIP_EINVAL, "f.json: top level: duplicate key 'format'"},
  {P "'places':{}}", DIP_EINVAL, "f.json: places: expected an array, got object"},
  {P "'events':'none'}", DIP_EINVAL, "f.json: events: expected an array, got string"},
  {P "'meta':[]}", DIP_EINVAL, "f.json: meta: expected an object, got array"},
  {P "'meta':{'title':'a','title':'b'}}", DIP_EINVAL, "f.json: meta: duplicate key 'title'"},
  /* content: places */
  {P "'places':[[]]}", DIP_EINVAL, "f.json: places[0]: expected an object, got array"},
  {P "'places':[{'id':7,'name':'X'}]}", DIP_EINVAL, "f.json: places[0].id: expected a string, got number"},
  {P "'places':[{'name':'X'}]}", DIP_EINVAL, "f.json: places[0].id: missing"},
  {P "'places':[{'id':'','name':'X'}]}", DIP_EINVAL, "f.json: places[0].id: empty"},
  {P "'places':[{'id':'p'}]}", DIP_EINVAL, "f.json: places[0].name: missing"},
  {P "'places':[{'id':'p','name':'A'},{'id':'p','name':'B'}]}", DIP_EINVAL, "f.json: places[1].id: duplicate place id 'p'"},
  {P "'places':[{'id':'p','name':'P','name':'Q'}]}", DIP_EINVAL, "f.json: places[0]: duplicate key 'name'"},
  {P "'places':[{'id':'p','name':'P','within':'ghost'}]}", DIP_EINVAL, "f.json: places[0].within: no place has the id 'ghost'"},
  {P "'places':[{'id':'a','name':'A','within':'a'}]}", DIP_EINVAL, "f.json: places[0].within: a place cannot be within itself"},
  {P "'places':[{'id':'a','name':'A','within':'b'},{'id':'b','name':'B','within':'a'}]}", DIP_EINVAL,
   "f.json: places[0].within: a cycle of within links passes through 'a'"},
  {P "'places':[{'id':'r','name':'R'},{'id':'a','name':'A','within':'c'},{'id':'b','name':'B','within':'a'},"
     "{'id':'c','name':'C','within':'b'}]}", DIP_EINVAL,
   "f.json: places[1].within: a cycle of within links passes through 'a'"},
  {P "'places':[{'id':'p','name':'P','lat':91}]}", DIP_EINVAL, "f.json: places[0].lat: 91 out of range (-90 to 90)"},
  {P "'places':[{'id':'p','name':'P','lat':-90.5}]}", DIP_EINVAL, "f.json: places[0].lat: -90.5 out of range (-90 to 90)"},
  {P "'places':[{'id':'p','name':'P','lon':-181}]}", DIP_EINVAL, "f.json: places[0].lon: -181 out of range (-180 to 180)"},
  {P "'places':[{'id':'p','name':'P','lat':'46.2'}]}", DIP_EINVAL, "f.json: places[0].lat: expected a number, got string"},
  {P "'places':[{'id':'p','name':'P','lat':1e999}]}", DIP_EINVAL, "f.json: places[0].lat: not a finite number"},
  {P "'places':[{'id':'p','name':'P','aliases':'Q'}]}", DIP_EINVAL, "f.json: places[0].aliases: expected an array, got string"},
  {P "'places':[{'id':'p','name':'P','aliases':['Q','']}]}", DIP_EINVAL, "f.json: places[0].aliases[1]: empty"},
  /* content: actors and relations */
  {P "'actors':[{'name':'X'}]}", DIP_EINVAL, "f.json: actors[0].id: missing"},
  {P "'actors':[{'id':'a'}]}", DIP_EINVAL, "f.json: actors[0].name: missing"},
  {P "'actors':[{'id':'a','name':'A'},{'id':'a','name':'B'}]}", DIP_EINVAL, "f.json: actors[1].id: duplicate actor id 'a'"},
  {P "'actors':[{'id':'a','name':'A','country':'ru'}]}", DIP_EINVAL,
   "f.json: actors[0].country: 'ru' is not an ISO 3166-1 alpha-3 code (three capital letters)"},
  {P "'actors':[{'id':'a','name':'A','codes':{'cameo':7}}]}", DIP_EINVAL, "f.json: actors[0].codes.cameo: expected a string, got number"},
  {P "'actors':[{'id':'a','name':'A','codes':['RUS']}]}", DIP_EINVAL, "f.json: actors[0].codes: expected an object, got array"},
  {P A1 "'relations':[{'actor':'a','type':'member_of','target':'ghost'}]}", DIP_EINVAL,
   "f.json: relations[0].target: no actor has the id 'ghost'"},
  {P A1 "'relations':[{'actor':'a','target':'a'}]}", DIP_EINVAL, "f.json: relations[0].type: missing"},
  {P A2 "'relations':[{'actor':'a','type':'position','target':'b','start':'2022','end':'2021'}]}", DIP_EINVAL,
   "f.json: relations[0].end: '2021' is before the start '2022'"},
  /* content: events */
  {P "'events':[{'id':'e','start':'2022'}]}", DIP_EINVAL, "f.json: events[0].type: missing"},
  {P "'events':[{'id':'e','type':'meeting'}]}", DIP_EINVAL, "f.json: events[0].start: missing"},
  {P "'events':[{'type':'meeting','start':'2022'}]}", DIP_EINVAL, "f.json: events[0].id: missing"},
  {P "'events':[" E0 "}," E0 "}]}", DIP_EINVAL, "f.json: events[1].id: duplicate event id 'e'"},
  {P A1 "'events':[" E0 ",'participants':[{'actor':'a'},{'actor':'ghost'}]}]}", DIP_EINVAL,
   "f.json: events[0].participants[1].actor: no actor has the id 'ghost'"},
  {P A1 "'events':[" E0 ",'participants':[{'actor':'a','side':'ghost'}]}]}", DIP_EINVAL,
   "f.json: events[0].participants[0].side: no actor has the id 'ghost'"},
  {P A1 "'events':[" E0 ",'participants':[{'actor':'a','role':'head','role':'host'}]}]}", DIP_EINVAL,
   "f.json: events[0].participants[0]: duplicate key 'role'"},
  {P A1 "'events':[" E0 ",'participants':[{'actor':'a'},'b']}]}", DIP_EINVAL,
   "f.json: events[0].participants[1]: expected an object, got string"},
  {P "'events':[" E0 ",'place':'ghost'}]}", DIP_EINVAL, "f.json: events[0].place: no place has the id 'ghost'"},
  {P "'events':[" E0 ",'part_of':'ghost'}]}", DIP_EINVAL, "f.json: events[0].part_of: no event has the id 'ghost'"},
  {P "'events':[" E0 ",'part_of':'e'}]}", DIP_EINVAL, "f.json: events[0].part_of: an event cannot be part of itself"},
  {P "'events':[{'id':'e','type':'meeting','start':'2022-02-30'}]}", DIP_EINVAL,
   "f.json: events[0].start: '2022-02-30': day does not exist in that month"},
  {P "'events':[{'id':'e','type':'meeting','start':'10/01/2022'}]}", DIP_EINVAL,
   "f.json: events[0].start: '10/01/2022': not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or "
   "YYYY-MM-DDThh:mm[:ss] with optional Z or +hh:mm)"},
  {P "'events':[{'id':'e','type':'meeting','start':'2022-01-10T25:00'}]}", DIP_EINVAL,
   "f.json: events[0].start: '2022-01-10T25:00': hour out of range (00 to 23)"},
  {P "'events':[{'id':'e','type':'meeting','start':20220110}]}", DIP_EINVAL,
   "f.json: events[0].start: expected a date string, got number"},
  {P "'events':[{'id':'e','type':'meeting','start':'2022-01-10','end':'2022-01-09'}]}", DIP_EINVAL,
   "f.json: events[0].end: '2022-01-09' is before the start '2022-01-10'"},
  {P "'events':[{'id':'e','type':'meeting','start':'2022-01-10T14:00','end':'2022-01-10T13:59'}]}", DIP_EINVAL,
   "f.json: events[0].end: '2022-01-10T13:59' is before the start '2022-01-10T14:00'"},
  {P "'events':[" E0 ",'status':'rumoured'}]}", DIP_EINVAL,
   "f.json: events[0].status: unknown status 'rumoured' (expected held, planned, postponed, cancelled, reported or denied)"},
  {P "'events':[" E0 ",'status':'Held'}]}", DIP_EINVAL,
   "f.json: events[0].status: unknown status 'Held' (expected held, planned, postponed, cancelled, reported or denied)"},
  {P "'events':[" E0 ",'sources':{}}]}", DIP_EINVAL, "f.json: events[0].sources: expected an array, got object"},
  {P A1 "'events':[" E0 ",'sources':[{'by':'a'},{'by':'ghost'}]}]}", DIP_EINVAL,
   "f.json: events[0].sources[1].by: no actor has the id 'ghost'"},
  {P "'events':[" E0 ",'sources':[{'published':'2022-13'}]}]}", DIP_EINVAL,
   "f.json: events[0].sources[0].published: '2022-13': month out of range (01 to 12)"},
  {P "'events':[" E0 ",'sources':[{'url':7}]}]}", DIP_EINVAL, "f.json: events[0].sources[0].url: expected a string, got number"},
  {P "'events':[" E0 ",'cameo':46}]}", DIP_EINVAL, "f.json: events[0].cameo: expected a string, got number"},
};

START_TEST(test_refusals) {
  const refusal *t = &refusals[_i];
  char err[512] = "";
  int code = -1;
  dip_dataset *ds = decode(t->text, err, sizeof err, &code);
  if (ds) dip_close(ds);
  ck_assert_msg(ds == NULL, "refusals[%d] accepted: %s", _i, t->text);
  ck_assert_msg(code == t->code, "refusals[%d]: code %d, expected %d (%s)", _i, code, t->code, err);
  ck_assert_msg(strcmp(err, t->err) == 0, "refusals[%d]:\n  got      %s\n  expected %s", _i, err, t->err);
}
END_TEST

/* A document cut short must be reported as cut short, at its end. */
START_TEST(test_truncated_document) {
  char err[512] = "";
  int code = -1;
  dip_dataset *ds = decode(P "'places':[", err, sizeof err, &code);
  ck_assert_ptr_null(ds);
  ck_assert_int_eq(code, DIP_ESYNTAX);
  ck_assert_str_eq(err, "f.json:1:45: unexpected end of document (is it truncated?)");
}
END_TEST

START_TEST(test_truncated_document_with_final_newline) {
  char err[512] = "";
  int code = -1;
  dip_dataset *ds = decode(P "'places':[\n", err, sizeof err, &code);
  ck_assert_ptr_null(ds);
  ck_assert_int_eq(code, DIP_ESYNTAX);
  ck_assert_msg(strstr(err, "unexpected end of document (is it truncated?)") != NULL, "%s", err);
  ck_assert_msg(strncmp(err, "f.json:", 7) == 0, "%s", err);
}
END_TEST

/* Every proper prefix of a document whose last byte closes it is a truncated document. */
START_TEST(test_every_prefix_is_truncated) {
  char *text = dq(P "'meta':{'title':'Geneva'},'places':[{'id':'geneva','name':'Geneva','lat':46.2044}],"
                    "'actors':[{'id':'RUS','name':'Russia','aliases':['Moscow']}],"
                    "'events':[{'id':'e','type':'talks','start':'2022-01-10','participants':[{'actor':'RUS'}]}]}");
  size_t len = strlen(text), bad = 0;
  char first[600] = "";
  for (size_t k = 1; k < len; k++) {
    char err[512] = "";
    int code = -1;
    dip_dataset *ds = dip_decode(text, k, "f.json", NULL, NULL, err, sizeof err, &code);
    ck_assert_msg(ds == NULL, "prefix of %zu bytes accepted", k);
    ck_assert_msg(code == DIP_ESYNTAX, "prefix of %zu bytes: code %d: %s", k, code, err);
    if (!strstr(err, "unexpected end of document")) {
      if (!bad++) snprintf(first, sizeof first, "prefix '%.*s' -> %s", (int)k, text, err);
    }
  }
  free(text);
  ck_assert_msg(bad == 0, "%zu of %zu prefixes not reported as truncated; the first: %s", bad, len - 1, first);
}
END_TEST

static char *repeat(const char *head, const char *unit, size_t times, const char *tail, size_t *len) {
  size_t hn = strlen(head), un = strlen(unit), tn = strlen(tail);
  char *s = malloc(hn + un * times + tn + 1), *p = s;
  ck_assert_ptr_nonnull(s);
  memcpy(p, head, hn);
  p += hn;
  for (size_t i = 0; i < times; i++, p += un) memcpy(p, unit, un);
  memcpy(p, tail, tn + 1);
  *len = hn + un * times + tn;
  return s;
}

START_TEST(test_deep_nesting_refused) {
  char err[512];
  int code;
  size_t len;
  char *text = repeat("", "[", 10000, "", &len);
  ck_assert_ptr_null(dip_decode(text, len, "f.json", NULL, NULL, err, sizeof err, &code));
  ck_assert_int_eq(code, DIP_ESYNTAX);
  ck_assert_str_eq(err, "f.json:1:201: nesting deeper than 200 levels");
  free(text);

  /* closed, and inside a valid document: the 200th bracket is the 201st level */
  {
    char *opening = repeat("{\"format\":\"diplomacy\",\"version\":1,\"x\":", "[", 10000, "", &len), *whole;
    whole = repeat(opening, "]", 10000, "}", &len);
    ck_assert_ptr_null(dip_decode(whole, len, "f.json", NULL, NULL, err, sizeof err, &code));
    ck_assert_int_eq(code, DIP_ESYNTAX);
    ck_assert_str_eq(err, "f.json:1:238: nesting deeper than 200 levels");
    free(opening);
    free(whole);
  }

  text = repeat("", "{\"a\":", 10000, "", &len);
  ck_assert_ptr_null(dip_decode(text, len, "f.json", NULL, NULL, err, sizeof err, &code));
  ck_assert_int_eq(code, DIP_ESYNTAX);
  ck_assert_str_eq(err, "f.json:1:1001: nesting deeper than 200 levels");
  free(text);

  /* brackets inside strings do not count */
  text = repeat("{\"format\":\"diplomacy\",\"version\":1,\"x\":\"", "[{", 5000, "\"}", &len);
  {
    dip_dataset *ds = dip_decode(text, len, "f.json", NULL, NULL, err, sizeof err, &code);
    ck_assert_msg(ds != NULL, "%s", err);
    dip_close(ds);
  }
  free(text);
}
END_TEST

START_TEST(test_nesting_at_the_limit_accepted) {
  char err[512];
  int code;
  size_t len, len2;
  const char *enc;
  /* the top-level object is level 1, so 199 arrays inside it make 200 levels */
  char *opening = repeat("{\"format\":\"diplomacy\",\"version\":1,\"x\":", "[", 199, "", &len);
  char *whole = repeat(opening, "]", 199, "}", &len);
  dip_dataset *ds = dip_decode(whole, len, "f.json", NULL, NULL, err, sizeof err, &code), *again;
  ck_assert_msg(ds != NULL, "%s", err);
  ck_assert_int_eq(dip_encode(ds, &enc, &len2), DIP_OK);
  again = dip_decode(enc, len2, "out.json", NULL, NULL, err, sizeof err, &code);
  ck_assert_msg(again != NULL, "%s", err);
  dip_close(again);
  dip_close(ds);
  free(opening);
  free(whole);
}
END_TEST

/* ---- round trip ---- */

static const char rich[] =
  "{'format':'diplomacy','version':1,"
  " 'meta':{'title':'Geneva talks','published':'2022-01-11','x-meta':{'editor':'ab','n':[1,2.5,null,true]}},"
  " 'places':["
  "  {'id':'europe','name':'Europe','kind':'continent'},"
  "  {'id':'CH','name':'Switzerland','kind':'country','within':'europe','country':'CHE'},"
  "  {'id':'geneva','name':'Geneva','kind':'city','within':'CH','lat':46.2044,'lon':6.1432,"
  "   'aliases':['Genf','Gen\xc3\xa8ve'],'x-place':'pp'}],"
  " 'actors':["
  "  {'id':'RUS','name':'Russia','kind':'state','country':'RUS','aliases':['Moscow','the Kremlin'],"
  "   'codes':{'cameo':'RUS','wikidata':'Q159'},'x-actor':[1,'two']},"
  "  {'id':'USA','name':'United States','kind':'state','codes':{'cameo':'USA'}},"
  "  {'id':'MFA','name':'Russian Foreign Ministry','kind':'agency'},"
  "  {'id':'ryabkov','name':'Sergei Ryabkov','kind':'person'},"
  "  {'id':'sherman','name':'Wendy Sherman','kind':'person'}],"
  " 'relations':["
  "  {'actor':'MFA','type':'part_of','target':'RUS'},"
  "  {'actor':'ryabkov','type':'position','target':'MFA','title':'Deputy Foreign Minister',"
  "   'start':'2008','end':'2030-06','x-rel':false}],"
  " 'events':["
  "  {'id':'geneva-2022','type':'talks','title':'Strategic Stability Dialogue, R\\u00e9union',"
  "   'start':'2022-01-10','end':'2022-01-10T18:00:00Z','place':'geneva','status':'held',"
  "   'participants':[{'actor':'ryabkov','role':'head','side':'RUS','x-part':'pp'},{'actor':'sherman','role':'head'}],"
  "   'sources':[{'publisher':'TASS','published':'2022-01-10T14:30+01:00','url':'https://example.org/a',"
  "     'by':'MFA','quote':'no progress','x-src':{'k':'v'}}],"
  "   'cameo':'046','x-event':{'deep':{'deeper':[{}]}}},"
  "  {'id':'call','type':'call','start':'2022-01-10T23:30-05:00','part_of':'geneva-2022','status':'planned'},"
  "  {'id':'month','type':'statement','start':'2022-01','end':'2022-02'},"
  "  {'id':'minute','type':'briefing','start':'2022-01-10T14:30','end':'2022-01-10T14:30:59'},"
  "  {'id':'year','type':'report','start':'2022'}],"
  " 'x-top':{'nested':[1,'two',null,true]},"
  " 'x-top-2':'last'}";

static const char *str_at(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  ck_assert_msg(cJSON_IsString(v), "'%s' is not a string", key);
  return v->valuestring;
}

static const cJSON *at(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  ck_assert_msg(v != NULL, "no '%s'", key);
  return v;
}

START_TEST(test_round_trip) {
  char err[512];
  int code;
  const char *text;
  size_t len, len2;
  char *first;
  cJSON *root;
  const cJSON *places, *actors, *relations, *events, *e0;
  dip_dataset *ds = decode(rich, err, sizeof err, &code), *again;
  ck_assert_msg(ds != NULL, "%s", err);
  ck_assert_int_eq(dip_encode(ds, &text, &len), DIP_OK);
  ck_assert_uint_eq(strlen(text), len);
  first = malloc(len + 1);
  memcpy(first, text, len + 1);

  again = dip_decode(first, len, "first.json", NULL, NULL, err, sizeof err, &code);
  ck_assert_msg(again != NULL, "%s", err);
  ck_assert_int_eq(dip_encode(again, &text, &len2), DIP_OK);
  ck_assert_uint_eq(len2, len);
  ck_assert_msg(memcmp(text, first, len) == 0, "second encoding differs:\n%s\n----\n%s", first, text);
  ck_assert_uint_eq(again->nplaces, 3);
  ck_assert_uint_eq(again->nactors, 5);
  ck_assert_uint_eq(again->nrelations, 2);
  ck_assert_uint_eq(again->nevents, 5);
  ck_assert_uint_eq(again->nparts, 2);
  ck_assert(again->places[2].has_lat && again->places[2].lat == 46.2044);
  ck_assert(again->places[2].has_lon && again->places[2].lon == 6.1432);
  ck_assert(!again->places[0].has_lat && !again->places[0].has_lon);
  ck_assert_uint_eq(again->places[2].naliases, 2);
  ck_assert_str_eq(dip_str(again, again->lists[again->places[2].aliases + 1]), "Gen\xc3\xa8ve");
  ck_assert_int_eq(again->dates[again->events[1].start].span.lo, INT64_C(1641875400));
  ck_assert_uint_eq(again->events[1].status, DIP_PLANNED);
  ck_assert_uint_eq(again->events[0].status, DIP_HELD);
  ck_assert_uint_eq(again->events[2].status, DIP_STATUS_UNSET);
  ck_assert_str_eq(dip_str(again, again->events[0].title), "Strategic Stability Dialogue, R\xc3\xa9union");
  dip_close(again);

  /* what the first encoding holds, read by cJSON */
  root = cJSON_Parse(first);
  ck_assert_ptr_nonnull(root);
  ck_assert_str_eq(str_at(root, "format"), "diplomacy");
  ck_assert(at(root, "version")->valuedouble == 1);
  ck_assert_str_eq(cJSON_GetArrayItem(at(at(root, "x-top"), "nested"), 1)->valuestring, "two");
  ck_assert(cJSON_IsNull(cJSON_GetArrayItem(at(at(root, "x-top"), "nested"), 2)));
  ck_assert_str_eq(str_at(root, "x-top-2"), "last");
  ck_assert_str_eq(str_at(at(root, "meta"), "title"), "Geneva talks");
  ck_assert_str_eq(str_at(at(at(root, "meta"), "x-meta"), "editor"), "ab");
  ck_assert(cJSON_GetArrayItem(at(at(at(root, "meta"), "x-meta"), "n"), 1)->valuedouble == 2.5);

  places = at(root, "places");
  ck_assert_int_eq(cJSON_GetArraySize(places), 3);
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(places, 2), "x-place"), "pp");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(places, 2), "within"), "CH");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(places, 1), "country"), "CHE");
  ck_assert(at(cJSON_GetArrayItem(places, 2), "lat")->valuedouble == 46.2044);
  ck_assert_msg(strstr(first, "46.2044") != NULL && strstr(first, "6.1432") != NULL, "coordinates not written as read");
  ck_assert_str_eq(cJSON_GetArrayItem(at(cJSON_GetArrayItem(places, 2), "aliases"), 1)->valuestring, "Gen\xc3\xa8ve");

  actors = at(root, "actors");
  ck_assert_str_eq(cJSON_GetArrayItem(at(cJSON_GetArrayItem(actors, 0), "x-actor"), 1)->valuestring, "two");
  ck_assert_str_eq(str_at(at(cJSON_GetArrayItem(actors, 0), "codes"), "cameo"), "RUS");
  ck_assert_str_eq(str_at(at(cJSON_GetArrayItem(actors, 0), "codes"), "wikidata"), "Q159");
  ck_assert_str_eq(cJSON_GetArrayItem(at(cJSON_GetArrayItem(actors, 0), "aliases"), 1)->valuestring, "the Kremlin");

  relations = at(root, "relations");
  ck_assert(cJSON_IsFalse(at(cJSON_GetArrayItem(relations, 1), "x-rel")));
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(relations, 1), "start"), "2008");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(relations, 1), "end"), "2030-06");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(relations, 1), "title"), "Deputy Foreign Minister");

  events = at(root, "events");
  e0 = cJSON_GetArrayItem(events, 0);
  ck_assert_str_eq(str_at(e0, "start"), "2022-01-10");
  ck_assert_str_eq(str_at(e0, "end"), "2022-01-10T18:00:00Z");
  ck_assert_str_eq(str_at(e0, "status"), "held");
  ck_assert_str_eq(str_at(e0, "cameo"), "046");
  ck_assert_str_eq(str_at(e0, "place"), "geneva");
  ck_assert_int_eq(cJSON_GetArraySize(at(at(at(e0, "x-event"), "deep"), "deeper")), 1);
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(at(e0, "participants"), 0), "x-part"), "pp");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(at(e0, "participants"), 0), "side"), "RUS");
  ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(at(e0, "participants"), 1), "side"));
  ck_assert_str_eq(str_at(at(cJSON_GetArrayItem(at(e0, "sources"), 0), "x-src"), "k"), "v");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(at(e0, "sources"), 0), "published"), "2022-01-10T14:30+01:00");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(events, 1), "start"), "2022-01-10T23:30-05:00");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(events, 1), "part_of"), "geneva-2022");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(events, 2), "start"), "2022-01");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(events, 2), "end"), "2022-02");
  ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(events, 2), "status"));
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(events, 3), "start"), "2022-01-10T14:30");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(events, 3), "end"), "2022-01-10T14:30:59");
  ck_assert_str_eq(str_at(cJSON_GetArrayItem(events, 4), "start"), "2022");
  cJSON_Delete(root);

  /* encoding again replaces the text it owns */
  ck_assert_int_eq(dip_encode(ds, &text, &len2), DIP_OK);
  ck_assert_int_eq(dip_encode(ds, &text, &len2), DIP_OK);
  ck_assert_uint_eq(len2, len);
  ck_assert(memcmp(text, first, len) == 0);
  free(first);
  dip_close(ds);
}
END_TEST

/* ---- adding objects ---- */

START_TEST(test_add_and_find_actor) {
  dip_dataset *ds = dip_new(NULL, NULL);
  cJSON *o = object("{'id':'RUS','name':'Russia','kind':'state','aliases':['Moscow','the Kremlin'],"
                    "'codes':{'cameo':'RUS'},'x-note':'kept'}");
  uint32_t h = 99, gen;
  ck_assert_ptr_nonnull(ds);
  gen = ds->generation;
  ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  ck_assert_uint_eq(h, 0);
  ck_assert_uint_eq(ds->nactors, 1);
  ck_assert_uint_ne(ds->generation, gen);
  ck_assert_uint_eq(find_actor(ds, "RUS"), 0);
  ck_assert_uint_eq(find_actor(ds, "rus"), 0);
  ck_assert_uint_eq(find_actor(ds, "Russia"), 0);
  ck_assert_uint_eq(find_actor(ds, "RUSSIA"), 0);
  ck_assert_uint_eq(find_actor(ds, "moscow"), 0);
  ck_assert_uint_eq(find_actor(ds, "The KREMLIN"), 0);
  ck_assert_uint_eq(find_actor(ds, "Kremlin"), DIP_NONE);
  ck_assert_uint_eq(find_actor(ds, "nobody"), DIP_NONE);
  ck_assert_ptr_nonnull(ds->actors[0].codes);
  ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(ds->actors[0].codes, "cameo")->valuestring, "RUS");
  ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(ds->actors[0].extra, "x-note")->valuestring, "kept");

  o = object("{'id':'USA','name':'United States','aliases':['Washington']}");
  ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  ck_assert_uint_eq(h, 1);
  ck_assert_uint_eq(find_actor(ds, "washington"), 1);
  ck_assert_uint_eq(find_actor(ds, "moscow"), 0);

  o = object("{'id':'RUS','name':'Russia again'}");
  ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_EINVAL);
  cJSON_Delete(o);
  ck_assert_str_eq(ds->err, "id: duplicate actor id 'RUS'");
  ck_assert_uint_eq(ds->nactors, 2);
  ck_assert_uint_eq(find_actor(ds, "Russia again"), DIP_NONE);
  dip_close(ds);
}
END_TEST

START_TEST(test_add_place_and_relation) {
  dip_dataset *ds = dip_new(NULL, NULL);
  cJSON *o;
  uint32_t h;
  o = object("{'id':'CH','name':'Switzerland','aliases':['Schweiz','Suisse']}");
  ck_assert_int_eq(dip_add_place(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  o = object("{'id':'geneva','name':'Geneva','within':'CH','lat':46.2044,'lon':6.1432}");
  ck_assert_int_eq(dip_add_place(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  ck_assert_uint_eq(h, 1);
  ck_assert_uint_eq(ds->places[1].within, 0);
  ck_assert_uint_eq(find_place(ds, "SUISSE"), 0);
  ck_assert_uint_eq(find_place(ds, "geneva"), 1);

  o = object("{'id':'bern','name':'Bern','within':'ghost','aliases':['Berne']}");
  ck_assert_int_eq(dip_add_place(ds, o, &h), DIP_EINVAL);
  cJSON_Delete(o);
  ck_assert_str_eq(ds->err, "within: no place has the id 'ghost'");
  o = object("{'id':'bern','name':'Bern','aliases':['Berne'],'lat':100}");
  ck_assert_int_eq(dip_add_place(ds, o, &h), DIP_EINVAL);
  cJSON_Delete(o);
  ck_assert_str_eq(ds->err, "lat: 100 out of range (-90 to 90)");
  ck_assert_uint_eq(ds->nplaces, 2);
  ck_assert_uint_eq(ds->nlists, 2);
  ck_assert_uint_eq(find_place(ds, "berne"), DIP_NONE);

  o = object("{'id':'a','name':'A'}");
  ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  o = object("{'id':'b','name':'B'}");
  ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  o = object("{'actor':'a','type':'member_of','target':'b','start':'2020','x':1}");
  ck_assert_int_eq(dip_add_relation(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  ck_assert_uint_eq(h, 0);
  ck_assert_uint_eq(ds->nrelations, 1);
  o = object("{'actor':'a','type':'member_of','target':'ghost'}");
  ck_assert_int_eq(dip_add_relation(ds, o, &h), DIP_EINVAL);
  cJSON_Delete(o);
  ck_assert_str_eq(ds->err, "target: no actor has the id 'ghost'");
  o = object("{'actor':'a','type':'member_of','target':'b','start':'2022','end':'2021-12-31'}");
  ck_assert_int_eq(dip_add_relation(ds, o, &h), DIP_EINVAL);
  cJSON_Delete(o);
  ck_assert_str_eq(ds->err, "end: '2021-12-31' is before the start '2022'");
  ck_assert_uint_eq(ds->nrelations, 1);
  dip_close(ds);
}
END_TEST

START_TEST(test_add_invalid_changes_nothing) {
  char err[512];
  int code;
  dip_dataset *ds = decode(P "'actors':[{'id':'a','name':'A'},{'id':'b','name':'B'}],"
                           "'events':[{'id':'e0','type':'talks','start':'2022','participants':[{'actor':'a'}]}]}",
                           err, sizeof err, &code);
  uint32_t nevents, nparts, nlists, nactors, nnames, h = 77;
  static const struct {
    const char *text, *err;
  } bad_events[] = {
    {"{'id':'e1','type':'talks','start':'2022-01-10','participants':[{'actor':'a','x':1},{'actor':'b','side':'ghost'}]}",
     "participants[1].side: no actor has the id 'ghost'"},
    {"{'id':'e1','type':'talks','start':'2022-01-10','participants':[{'actor':'a'},{'actor':'b','role':7}]}",
     "participants[1].role: expected a string, got number"},
    {"{'id':'e1','type':'talks','start':'2022-13','participants':[{'actor':'a'}]}",
     "start: '2022-13': month out of range (01 to 12)"},
    {"{'id':'e1','type':'talks','start':'2022','participants':[{'actor':'a'}],"
     "'sources':[{'published':'2022-01-10'},{'published':'2022-02-30'}]}",
     "sources[1].published: '2022-02-30': day does not exist in that month"},
    {"{'id':'e0','type':'talks','start':'2022'}", "id: duplicate event id 'e0'"},
    {"{'id':'e1','type':'talks','start':'2022','part_of':'e1'}", "part_of: no event has the id 'e1'"},
    {"{'id':'e1','type':'talks','start':'2022','participants':[{'actor':'a'},{'actor':'b'},{'actor':'c'}]}",
     "participants[2].actor: no actor has the id 'c'"},
  };
  ck_assert_msg(ds != NULL, "%s", err);
  nevents = ds->nevents;
  nparts = ds->nparts;
  nlists = ds->nlists;
  for (size_t i = 0; i < sizeof bad_events / sizeof *bad_events; i++) {
    cJSON *o = object(bad_events[i].text);
    int rc = dip_add_event(ds, o, &h);
    cJSON_Delete(o);
    ck_assert_msg(rc == DIP_EINVAL, "bad_events[%zu]: %d", i, rc);
    ck_assert_msg(strcmp(ds->err, bad_events[i].err) == 0, "bad_events[%zu]: '%s', expected '%s'", i, ds->err,
                  bad_events[i].err);
    ck_assert_uint_eq(ds->nevents, nevents);
    ck_assert_uint_eq(ds->nparts, nparts);
    ck_assert_uint_eq(ds->nlists, nlists);
    ck_assert_uint_eq(dip_find_event(ds, "e1", 2), DIP_NONE);
  }
  ck_assert_uint_eq(h, 77);

  /* an actor whose aliases were read before its codes failed */
  nactors = ds->nactors;
  nnames = ds->actor_names.n;
  {
    cJSON *o = object("{'id':'c','name':'C','aliases':['Cee','Sea'],'codes':{'cameo':1}}");
    ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_EINVAL);
    cJSON_Delete(o);
  }
  ck_assert_str_eq(ds->err, "codes.cameo: expected a string, got number");
  ck_assert_uint_eq(ds->nactors, nactors);
  ck_assert_uint_eq(ds->nlists, nlists);
  ck_assert_uint_eq(ds->actor_names.n, nnames);
  ck_assert_uint_eq(find_actor(ds, "sea"), DIP_NONE);
  ck_assert_uint_eq(find_actor(ds, "c"), DIP_NONE);
  {
    cJSON *o = object("{'id':'c','name':'C','aliases':['Cee', 7]}");
    ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_EINVAL);
    cJSON_Delete(o);
  }
  ck_assert_str_eq(ds->err, "aliases[1]: expected a string, got number");
  ck_assert_uint_eq(ds->nlists, nlists);

  /* the same ids then go in cleanly */
  {
    cJSON *o = object("{'id':'e1','type':'talks','start':'2022-01-10','participants':[{'actor':'a','x':1},{'actor':'b','side':'a'}]}");
    ck_assert_int_eq(dip_add_event(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
    ck_assert_uint_eq(h, nevents);
    ck_assert_uint_eq(ds->nevents, nevents + 1);
    ck_assert_uint_eq(ds->nparts, nparts + 2);
    ck_assert_uint_eq(ds->events[h].parts, nparts);
    ck_assert_uint_eq(ds->events[h].nparts, 2);
    ck_assert_uint_eq(ds->parts[nparts + 1].side, 0);
    ck_assert_uint_eq(dip_find_event(ds, "e1", 2), h);
    o = object("{'id':'c','name':'C','aliases':['Cee','Sea']}");
    ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
    ck_assert_uint_eq(find_actor(ds, "SEA"), h);
  }
  dip_close(ds);
}
END_TEST

/* When the object itself is wrong there is no field to name: the message is the reason alone. */
START_TEST(test_add_non_object_message) {
  dip_dataset *ds = dip_new(NULL, NULL);
  cJSON *o = object("['id','e1']");
  uint32_t h;
  ck_assert_int_eq(dip_add_event(ds, o, &h), DIP_EINVAL);
  ck_assert_str_eq(ds->err, "expected an object, got array");
  ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_EINVAL);
  ck_assert_str_eq(ds->err, "expected an object, got array");
  cJSON_Delete(o);
  ck_assert_uint_eq(ds->nevents + ds->nactors, 0);
  dip_close(ds);
}
END_TEST

START_TEST(test_ambiguous_names) {
  dip_dataset *ds = dip_new(NULL, NULL);
  static const char *const actors[] = {
    "{'id':'US-GA','name':'State of Georgia','aliases':['Georgia']}",
    "{'id':'GEO','name':'Georgia','aliases':['Sakartvelo']}",
    "{'id':'GA-PARTY','name':'Georgian Party','aliases':['GEORGIA','Tbilisi']}",
  };
  uint32_t h;
  for (size_t i = 0; i < 2; i++) {
    cJSON *o = object(actors[i]);
    ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
  }
  h = 5;
  ck_assert_int_eq(dip_find_actor(ds, "georgia", 7, &h), DIP_EINVAL);
  ck_assert_uint_eq(h, DIP_NONE);
  ck_assert_str_eq(ds->err, "ambiguous actor 'georgia': it could be 'GEO', 'US-GA'");
  ck_assert_int_eq(dip_find_actor(ds, "Georgia", 7, &h), DIP_EINVAL);
  ck_assert_str_eq(ds->err, "ambiguous actor 'Georgia': it could be 'GEO', 'US-GA'");
  /* ids and unshared names still resolve */
  ck_assert_uint_eq(find_actor(ds, "GEO"), 1);
  ck_assert_uint_eq(find_actor(ds, "us-ga"), 0);
  ck_assert_uint_eq(find_actor(ds, "sakartvelo"), 1);
  {
    cJSON *o = object(actors[2]);
    ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
  }
  ck_assert_int_eq(dip_find_actor(ds, "GEORGIA", 7, &h), DIP_EINVAL);
  ck_assert_str_eq(ds->err, "ambiguous actor 'GEORGIA': it could be 'GA-PARTY', 'GEO', 'US-GA'");
  dip_close(ds);

  /* places as well, from a document */
  {
    char err[512];
    int code;
    ds = decode(P "'places':[{'id':'paris-tx','name':'Paris','within':'us'},{'id':'us','name':'United States'},"
                  "{'id':'paris','name':'Paris'}]}", err, sizeof err, &code);
    ck_assert_msg(ds != NULL, "%s", err);
    ck_assert_int_eq(dip_find_place(ds, "PARIS", 5, &h), DIP_EINVAL);
    ck_assert_str_eq(ds->err, "ambiguous place 'PARIS': it could be 'paris', 'paris-tx'");
    /* an id written exactly is that object, even when it is another's name */
    ck_assert_uint_eq(find_place(ds, "paris"), 2);
    ck_assert_uint_eq(find_place(ds, "paris-tx"), 0);
    dip_close(ds);
  }
}
END_TEST

/* ---- memory ---- */

static const char small_doc[] =
  "{'format':'diplomacy','version':1,'meta':{'title':'t'},"
  "'places':[{'id':'CH','name':'Switzerland','aliases':['Schweiz']},"
  "{'id':'geneva','name':'Geneva','within':'CH','lat':46.2,'x':1}],"
  "'actors':[{'id':'RUS','name':'Russia','kind':'state','aliases':['Moscow','Kremlin'],'codes':{'cameo':'RUS'}},"
  "{'id':'MFA','name':'Foreign Ministry','kind':'agency'},{'id':'ryabkov','name':'Ryabkov'},"
  "{'id':'USA','name':'United States','kind':'state'}],"
  "'relations':[{'actor':'MFA','type':'part_of','target':'RUS'},"
  "{'actor':'ryabkov','type':'position','target':'MFA','start':'2008'}],"
  "'events':[{'id':'e1','type':'talks','start':'2022-01-10','place':'geneva',"
  "'participants':[{'actor':'ryabkov','role':'head'},{'actor':'USA','y':2}],'sources':[{'by':'MFA'}]},"
  "{'id':'e2','type':'call','start':'2022-01-12T10:00Z','part_of':'e1','participants':[{'actor':'RUS'},{'actor':'USA'}]}],"
  "'x-top':[1]}";

START_TEST(test_decode_allocation_failure) {
  char *text = dq(small_doc);
  size_t len = strlen(text);
  long n;
  for (n = 0; n < 100000; n++) {
    counting c = {0, n, 0, 0};
    char err[512] = "";
    int code = -1;
    dip_dataset *ds = dip_decode(text, len, "f.json", counting_alloc, &c, err, sizeof err, &code);
    if (!ds) {
      ck_assert_msg(code == DIP_ENOMEM, "failing after %ld: code %d: %s", n, code, err);
      ck_assert_msg(strcmp(err, "f.json: out of memory") == 0, "failing after %ld: %s", n, err);
      ck_assert_msg(c.live == 0, "failing after %ld: %lld bytes left", n, c.live);
      ck_assert_msg(c.mismatches == 0, "failing after %ld: %ld frees with a wrong size", n, c.mismatches);
      continue;
    }
    ck_assert_int_eq(code, DIP_OK);
    ck_assert_uint_eq(ds->nevents, 2);
    ck_assert_uint_eq(ds->nparts, 4);
    dip_close(ds);
    ck_assert_msg(c.live == 0, "%lld bytes left after close", c.live);
    ck_assert_int_eq(c.mismatches, 0);
    break;
  }
  ck_assert_msg(n > 10, "decoding needed only %ld allocations", n);
  ck_assert_msg(n < 100000, "decoding never succeeded");
  free(text);
}
END_TEST

START_TEST(test_bytes_balance_after_close) {
  char err[512];
  int code;
  counting c = {0, -1, 0, 0};
  char *text = dq(rich);
  const char *enc;
  size_t len;
  dip_dataset *ds = dip_decode(text, strlen(text), "f.json", counting_alloc, &c, err, sizeof err, &code);
  ck_assert_msg(ds != NULL, "%s", err);
  ck_assert(c.live > 0);
  ck_assert_int_eq(dip_encode(ds, &enc, &len), DIP_OK);
  {
    cJSON *o = object("{'id':'new','name':'New','aliases':['N1','N2','N3','N4','N5','N6','N7','N8','N9','N10']}");
    uint32_t h;
    ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
    ck_assert_uint_eq(find_actor(ds, "n10"), h);
    ck_assert_uint_eq(find_actor(ds, "A name longer than the one hundred and twenty-eight bytes a name is folded "
                                     "in on the stack, so that the fold takes memory from the allocator"), DIP_NONE);
  }
  dip_close(ds);
  ck_assert_msg(c.live == 0, "%lld bytes left after close", c.live);
  ck_assert_int_eq(c.mismatches, 0);
  free(text);
}
END_TEST

START_TEST(test_add_allocation_failure) {
  counting c = {0, -1, 0, 0};
  dip_dataset *ds = dip_new(counting_alloc, &c);
  uint32_t h;
  long n, successes = 0;
  ck_assert_ptr_nonnull(ds);
  for (int k = 0; k < 40; k++) {
    /* many actors, so that the tables grow while allocation fails */
    for (n = 0;; n++) {
      char text[200];
      cJSON *o;
      uint32_t nactors = ds->nactors, nlists = ds->nlists, nnames = ds->actor_names.n;
      int rc;
      snprintf(text, sizeof text, "{'id':'actor%d','name':'Actor %d','aliases':['alias%d-a','alias%d-b']}", k, k, k, k);
      o = object(text);
      c.fail_after = c.attempts + n;
      rc = dip_add_actor(ds, o, &h);
      c.fail_after = -1;
      cJSON_Delete(o);
      if (rc == DIP_OK) break;
      ck_assert_msg(rc == DIP_ENOMEM, "actor %d, failing after %ld: %d %s", k, n, rc, ds->err);
      ck_assert_str_eq(ds->err, "out of memory");
      ck_assert_uint_eq(ds->nactors, nactors);
      ck_assert_uint_eq(ds->nlists, nlists);
      ck_assert_uint_eq(ds->actor_names.n, nnames);
      snprintf(text, sizeof text, "alias%d-b", k);
      ck_assert_uint_eq(find_actor(ds, text), DIP_NONE);
      snprintf(text, sizeof text, "actor%d", k);
      ck_assert_uint_eq(find_actor(ds, text), DIP_NONE);
    }
    successes++;
    {
      char name[40];
      snprintf(name, sizeof name, "ALIAS%d-B", k);
      ck_assert_uint_eq(find_actor(ds, name), h);
    }
  }
  ck_assert_int_eq(successes, 40);
  for (int k = 0; k < 40; k++) {
    for (n = 0;; n++) {
      char text[300];
      cJSON *o;
      uint32_t nevents = ds->nevents, nparts = ds->nparts;
      int rc;
      snprintf(text, sizeof text,
               "{'id':'event%d','type':'talks','start':'2022-01-%02d','participants':[{'actor':'actor%d','x':1},"
               "{'actor':'actor%d'},{'actor':'actor%d'}]}", k, k % 28 + 1, k, (k + 1) % 40, (k + 2) % 40);
      o = object(text);
      c.fail_after = c.attempts + n;
      rc = dip_add_event(ds, o, &h);
      c.fail_after = -1;
      cJSON_Delete(o);
      if (rc == DIP_OK) break;
      ck_assert_msg(rc == DIP_ENOMEM, "event %d, failing after %ld: %d %s", k, n, rc, ds->err);
      ck_assert_uint_eq(ds->nevents, nevents);
      ck_assert_uint_eq(ds->nparts, nparts);
      snprintf(text, sizeof text, "event%d", k);
      ck_assert_uint_eq(dip_find_event(ds, text, strlen(text)), DIP_NONE);
    }
  }
  ck_assert_uint_eq(ds->nevents, 40);
  ck_assert_uint_eq(ds->nparts, 120);
  dip_close(ds);
  ck_assert_msg(c.live == 0, "%lld bytes left after close", c.live);
  ck_assert_int_eq(c.mismatches, 0);
}
END_TEST

/* ---- files ---- */

static char tmpdir[64];

static void make_tmpdir(void) {
  strcpy(tmpdir, "/tmp/check_model.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int dir_entries(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  closedir(d);
  return n;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *s;
  long n;
  ck_assert_ptr_nonnull(f);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  s = malloc((size_t)n + 1);
  ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return s;
}

START_TEST(test_save) {
  char err[512], path[128], missing[128];
  int code;
  dip_dataset *ds = decode(rich, err, sizeof err, &code), *back;
  const char *enc;
  size_t len, flen;
  char *file;
  FILE *f;
  struct stat st;
  ck_assert_msg(ds != NULL, "%s", err);
  make_tmpdir();

  /* into a directory that does not exist: an I/O error, and nothing left behind */
  snprintf(missing, sizeof missing, "%s/no/such/dir/out.json", tmpdir);
  ck_assert_int_eq(dip_save(ds, missing), DIP_EIO);
  ck_assert_msg(strstr(ds->err, missing) == ds->err && strstr(ds->err, ": No such file or directory"), "%s", ds->err);
  ck_assert_int_eq(dir_entries(tmpdir), 0);

  /* over a directory: refused, and the temporary file is gone */
  snprintf(path, sizeof path, "%s/adir", tmpdir);
  ck_assert_int_eq(mkdir(path, 0755), 0);
  ck_assert_int_eq(dip_save(ds, path), DIP_EIO);
  ck_assert_int_eq(dir_entries(path), 0);
  ck_assert_int_eq(dir_entries(tmpdir), 1);
  ck_assert_int_eq(rmdir(path), 0);

  /* over an existing file: replaced, its mode kept, no temporary file left */
  snprintf(path, sizeof path, "%s/out.json", tmpdir);
  f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  fputs("old contents, not JSON", f);
  fclose(f);
  ck_assert_int_eq(chmod(path, 0600), 0);
  ck_assert_int_eq(dip_save(ds, path), DIP_OK);
  ck_assert_int_eq(dir_entries(tmpdir), 1);
  ck_assert_int_eq(stat(path, &st), 0);
  ck_assert_int_eq(st.st_mode & 0777, 0600);
  ck_assert_int_eq(dip_encode(ds, &enc, &len), DIP_OK);
  file = slurp(path, &flen);
  ck_assert_uint_eq(flen, len + 1);
  ck_assert(memcmp(file, enc, len) == 0 && file[len] == '\n');
  free(file);

  back = dip_load(path, NULL, NULL, err, sizeof err, &code);
  ck_assert_msg(back != NULL, "%s", err);
  ck_assert_uint_eq(back->nevents, ds->nevents);
  ck_assert_uint_eq(back->nplaces, ds->nplaces);
  dip_close(back);

  /* a new file */
  ck_assert_int_eq(unlink(path), 0);
  ck_assert_int_eq(dip_save(ds, path), DIP_OK);
  ck_assert_int_eq(dir_entries(tmpdir), 1);

  /* loading what is not there */
  ck_assert_ptr_null(dip_load(missing, NULL, NULL, err, sizeof err, &code));
  ck_assert_int_eq(code, DIP_EIO);
  ck_assert_msg(strncmp(err, missing, strlen(missing)) == 0 && strstr(err, ": No such file or directory"), "%s", err);

  ck_assert_int_eq(unlink(path), 0);
  ck_assert_int_eq(rmdir(tmpdir), 0);
  dip_close(ds);
}
END_TEST

START_TEST(test_load_reports_file_name) {
  char err[512], path[128];
  int code;
  FILE *f;
  make_tmpdir();
  snprintf(path, sizeof path, "%s/bad.json", tmpdir);
  f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  fputs("{\"format\": \"diplomacy\",\n \"version\": 1,\n \"events\": [{\"id\": \"e\", \"type\": \"talks\", \"start\": \"2022-02-30\"}]}\n", f);
  fclose(f);
  ck_assert_ptr_null(dip_load(path, NULL, NULL, err, sizeof err, &code));
  ck_assert_int_eq(code, DIP_EINVAL);
  {
    char expected[256];
    snprintf(expected, sizeof expected, "%s: events[0].start: '2022-02-30': day does not exist in that month", path);
    ck_assert_str_eq(err, expected);
  }
  f = fopen(path, "wb");
  fputs("{\"format\": \"diplomacy\",\n \"version\": 1,,\n}", f);
  fclose(f);
  ck_assert_ptr_null(dip_load(path, NULL, NULL, err, sizeof err, &code));
  ck_assert_int_eq(code, DIP_ESYNTAX);
  {
    char expected[256];
    snprintf(expected, sizeof expected, "%s:2:15: unexpected ','", path);
    ck_assert_str_eq(err, expected);
  }
  ck_assert_int_eq(unlink(path), 0);
  ck_assert_int_eq(rmdir(tmpdir), 0);
}
END_TEST

static Suite *model_suite(void) {
  Suite *s = suite_create("model");
  TCase *tc = tcase_create("decode");
  tcase_add_test(tc, test_minimal_documents);
  tcase_add_loop_test(tc, test_refusals, 0, (int)(sizeof refusals / sizeof *refusals));
  tcase_add_test(tc, test_truncated_document);
  tcase_add_test(tc, test_truncated_document_with_final_newline);
  tcase_add_test(tc, test_every_prefix_is_truncated);
  tcase_add_test(tc, test_deep_nesting_refused);
  tcase_add_test(tc, test_nesting_at_the_limit_accepted);
  tcase_add_test(tc, test_round_trip);
  suite_add_tcase(s, tc);
  tc = tcase_create("add");
  tcase_add_test(tc, test_add_and_find_actor);
  tcase_add_test(tc, test_add_place_and_relation);
  tcase_add_test(tc, test_add_invalid_changes_nothing);
  tcase_add_test(tc, test_add_non_object_message);
  tcase_add_test(tc, test_ambiguous_names);
  suite_add_tcase(s, tc);
  tc = tcase_create("memory");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_decode_allocation_failure);
  tcase_add_test(tc, test_bytes_balance_after_close);
  tcase_add_test(tc, test_add_allocation_failure);
  suite_add_tcase(s, tc);
  tc = tcase_create("files");
  tcase_add_test(tc, test_save);
  tcase_add_test(tc, test_load_reports_file_name);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(model_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
