/* json.h - a strict reader of JSON text (RFC 8259) for files anyone may
 * have written. Not a tree: a cursor the caller drives value by value, so
 * the shape a file must have is checked as it is read and nothing is
 * built but what the caller keeps. Strict: UTF-8 only, no comments, no
 * trailing commas, no NUL in strings, numbers in JSON's grammar; nesting
 * at most JSON_MAX_NESTING deep.
 *
 * Every reading function returns 0, or -1 with a one-line message in
 * j->err (what was found and what was expected) and j->at the byte it
 * concerns; json_where() gives that as "line L, column C". After an error
 * the reader is spent. */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_NESTING 64

typedef enum { JSON_NONE, JSON_OBJECT, JSON_ARRAY, JSON_STRING, JSON_NUMBER, JSON_TRUE, JSON_FALSE, JSON_NULL } json_type;

typedef struct {
	const char *s, *p, *end;
	const char *at; /* where the last error is */
	char err[256];
	int depth;
	char closer[JSON_MAX_NESTING]; /* '}' or ']' of each open container */
	long long count[JSON_MAX_NESTING]; /* members or elements read in it */
} json_reader;

/* Reads the len bytes at text (which need no NUL). */
void json_init(json_reader *j, const char *text, size_t len);
/* The type of the value that starts at the next non-blank byte
 * (JSON_NONE: none does). Reads nothing. */
json_type json_peek(json_reader *j);
/* "an object", "an array", "a string", "a number", "true", "false",
 * "null"; "nothing" for JSON_NONE. */
const char *json_type_name(json_type t);
/* Opens an object or array (t JSON_OBJECT or JSON_ARRAY). */
int json_open(json_reader *j, json_type t);
/* Before each member or element of the innermost open container: *more
 * 1 when one follows (the comma before it read), 0 when the container
 * ended (its bracket read). */
int json_next(json_reader *j, int *more);
/* A member's name (into buf, at most len - 1 bytes) and its colon. */
int json_key(json_reader *j, char *buf, size_t len);
/* A string's value, decoded to UTF-8, at most len - 1 bytes. */
int json_string(json_reader *j, char *buf, size_t len);
/* A whole number 0..2^64-1 written without a fraction or exponent. */
int json_u64(json_reader *j, uint64_t *v);
/* Any number, finite as a double. */
int json_double(json_reader *j, double *v);
/* null. */
int json_null(json_reader *j);
/* Any value, read and dropped. */
int json_skip(json_reader *j);
/* Nothing but blanks is left. */
int json_end(json_reader *j);
/* Fails with the message fmt at the next value (for the caller's own
 * checks: "a string longer than 64 bytes", "a second 'seed'"). */
int json_fail(json_reader *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "line L, column C" of j->at (the column counts bytes from 1). */
void json_where(const json_reader *j, char *buf, size_t len);

#endif
