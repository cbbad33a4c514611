/* test_json.c - the strict JSON reader (src/util/json.c) that reads shard
 * files written by anyone: documents it reads, value by value, and each
 * way a text can break JSON's grammar or a limit, refused with a message
 * naming the place. The expected values are written out here from the
 * RFC 8259 grammar, not taken from the reader. */
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "util/json.h"

static json_reader j;

static void start(const char *text)
{
	json_init(&j, text, strlen(text));
}

static void test_values(void)
{
	char buf[64], key[16];
	uint64_t u;
	double d;
	int more;
	start(" {\"a\" : [0, 18446744073709551615, null], \"b\":\"x\\u00e9\\ud83d\\ude00\\n\", \"c\": -1.5e2} ");
	int ok = json_open(&j, JSON_OBJECT) == 0 && json_next(&j, &more) == 0 && more && json_key(&j, key, sizeof key) == 0 &&
		 !strcmp(key, "a") && json_open(&j, JSON_ARRAY) == 0 && json_next(&j, &more) == 0 && more &&
		 json_u64(&j, &u) == 0 && u == 0 && json_next(&j, &more) == 0 && more && json_u64(&j, &u) == 0 &&
		 u == UINT64_MAX && json_next(&j, &more) == 0 && more && json_peek(&j) == JSON_NULL && json_null(&j) == 0 &&
		 json_next(&j, &more) == 0 && !more;
	CHECK("json: object, array, the largest u64, null", ok, "%s", j.err);
	ok = ok && json_next(&j, &more) == 0 && more && json_key(&j, key, sizeof key) == 0 && !strcmp(key, "b") &&
	     json_string(&j, buf, sizeof buf) == 0;
	/* x, U+00E9 (c3 a9), U+1F600 from its surrogate pair (f0 9f 98 80), newline */
	CHECK("json: escapes and a surrogate pair to UTF-8", ok && !strcmp(buf, "x\xc3\xa9\xf0\x9f\x98\x80\n"), "'%s' %s",
	      buf, j.err);
	ok = ok && json_next(&j, &more) == 0 && more && json_key(&j, key, sizeof key) == 0 && json_double(&j, &d) == 0 &&
	     d == -150.0 && json_next(&j, &more) == 0 && !more && json_end(&j) == 0;
	CHECK("json: a number with fraction and exponent, then the end", ok, "%s", j.err);

	start("{\"x\":[{\"y\":[1,2,{}]},\"s\",true,false,null,-0.5],\"z\":1}");
	ok = json_open(&j, JSON_OBJECT) == 0 && json_next(&j, &more) == 0 && json_key(&j, key, sizeof key) == 0 &&
	     json_skip(&j) == 0 && json_next(&j, &more) == 0 && more && json_key(&j, key, sizeof key) == 0 &&
	     !strcmp(key, "z") && json_u64(&j, &u) == 0 && u == 1 && json_next(&j, &more) == 0 && !more && json_end(&j) == 0;
	CHECK("json: skip a nested value", ok, "%s", j.err);
}

/* One refused text: the first call of the way it is read fails with msg. */
typedef int (*read_fn)(void);

static int r_u64(void)
{
	uint64_t u;
	return json_u64(&j, &u);
}
static int r_double(void)
{
	double d;
	return json_double(&j, &d);
}
static int r_string(void)
{
	char buf[8];
	return json_string(&j, buf, sizeof buf);
}
static int r_skip_all(void)
{
	return json_skip(&j) < 0 ? -1 : json_end(&j);
}
static int r_object(void)
{
	int more;
	char key[8];
	if (json_open(&j, JSON_OBJECT) < 0)
		return -1;
	for (;;) {
		if (json_next(&j, &more) < 0)
			return -1;
		if (!more)
			return 0;
		if (json_key(&j, key, sizeof key) < 0 || json_skip(&j) < 0)
			return -1;
	}
}

static void test_refused(void)
{
	static char deep[200];
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	static const struct {
		const char *text;
		read_fn fn;
		const char *msg, *where;
	} bad[] = {
		{"-1", r_u64, "-1 is negative", "line 1, column 1"},
		{"18446744073709551616", r_u64, "18446744073709551616 is too large", "line 1, column 1"},
		{"1.0", r_u64, "1.0 is not written as a whole number", NULL},
		{"1e3", r_u64, "1e3 is not written as a whole number", NULL},
		{"01", r_skip_all, "more after the end of the value: '1'", "line 1, column 2"},
		{"\"7\"", r_u64, "expected a whole number, found a string", NULL},
		{"-", r_u64, "a malformed number", NULL},
		{"1.", r_double, "a malformed number", NULL},
		{"1e999", r_double, "1e999 is out of range", NULL},
		{"\"abcdefgh\"", r_string, "a string longer than 7 bytes", NULL},
		{"\"a\\x\"", r_string, "a bad escape '\\x'", "line 1, column 3"},
		{"\"\\u12\"", r_string, "a bad \\u escape", NULL},
		{"\"\\ud800\"", r_string, "a high surrogate \\ud800 without its low one", NULL},
		{"\"\\udc00\"", r_string, "a lone low surrogate \\udc00", NULL},
		{"\"\\u0000\"", r_string, "\\u0000 inside a string", NULL},
		{"\"a\tb\"", r_string, "a control character (byte 0x09) inside a string", "line 1, column 3"},
		{"\"\xff\"", r_string, "a string that is not UTF-8 (byte 0xff)", NULL},
		{"\"\xc0\xaf\"", r_string, "a string that is not UTF-8 (byte 0xc0)", NULL},     /* overlong '/' */
		{"\"\xed\xa0\x80\"", r_string, "a string that is not UTF-8 (byte 0xed)", NULL}, /* a surrogate */
		{"\"abc", r_string, "the text ends inside a string", NULL},
		{"{\"a\":1,}", r_object, "expected a member's name (a string), found '}'", "line 1, column 8"},
		{"{\"a\" 1}", r_object, "expected ':' after the member's name, found '1'", NULL},
		{"{\"a\":1 \"b\":2}", r_object, "expected ',' or '}', found '\"'", NULL},
		{"{\"a\":1", r_object, "the text ends before the closing '}'", NULL},
		{"{\n\"a\":\n  tru}", r_object, "expected true", "line 3, column 3"},
		{"[1,]", r_skip_all, "expected a value, found ']'", NULL},
		{"[1] [2]", r_skip_all, "more after the end of the value: '['", NULL},
		{"/* c */ 1", r_skip_all, "expected a value, found '/'", NULL},
		{"", r_skip_all, "expected a value, found the end of the text", NULL},
		{deep, r_skip_all, "nested more than 64 deep", "line 1, column 65"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		start(bad[i].text);
		char where[64];
		int rc = bad[i].fn();
		json_where(&j, where, sizeof where);
		CHECK(NAME("json refuses: %s", bad[i].msg),
		      rc < 0 && strstr(j.err, bad[i].msg) == j.err && (!bad[i].where || !strcmp(where, bad[i].where)),
		      "rc %d, '%s' at %s (want '%s' at %s)", rc, j.err, where, bad[i].msg, bad[i].where ? bad[i].where : "-");
	}
	/* 64 deep is the limit, not an error */
	memset(deep, 0, sizeof deep);
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	start(deep);
	CHECK("json: 64 deep is read", r_skip_all() == 0, "%s", j.err);
}

int main(void)
{
	test_values();
	test_refused();
	CHECK_DONE();
}
