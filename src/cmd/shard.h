/* shard.h - inside the command layer: the shard file (the counters of one
 * slice of a run's trials and what run they are of, shard.c) and the
 * merge of shards (merge.c). The format is a contract, written out in
 * deadrelu(1), SHARD FILES. */
#ifndef CMD_SHARD_H
#define CMD_SHARD_H

#include "cmd/table.h"

#define SHARD_FORMAT 1
/* The largest shard file read. The deepest simulation (depth 1000000)
 * writes at most about 90 bytes a depth as shard_json writes it (eight
 * counts, the largest 16 digits): under 100 MiB, so this leaves room for a
 * file a JSON tool has indented. */
#define SHARD_MAX_BYTES ((size_t)256 << 20)

typedef struct {
	char version[64];
	uint64_t seed;
	char **value;             /* each parameter's text as the file has it, in the table's order */
	long long index, of;      /* slice index of of */
	dr_counters c;            /* first, count from the slice; trials 0 until shard_check */
} shard;

/* The shard of slice index/of of the run p, with its counters c, as one
 * JSON line. */
void shard_json(sbuf *out, const dr_params *p, long long index, long long of, const dr_counters *c);
/* Reads the shard file at path: a JSON object of the shard format, every
 * member present once with its type, numbers in range; its counters are
 * checked against its parameters by shard_check. On error, a message that
 * reads after "FILE: " ("not JSON (line 1, column 3: ...)", "line 1,
 * column 540: counters.alive[2]: -1 is negative (...)"). */
int shard_read(const char *path, shard *sh, char *err, size_t errlen);
/* The parameters sh->value give (from the defaults, each as `set` takes
 * it: data_file is read again) and their check. */
int shard_params(const shard *sh, dr_params *p, char *err, size_t errlen);
/* sh belongs to the run p: its seed, its slice is slice index/of of
 * p->trials with that slice's trials, and its counters are possible
 * counts of them (dr_counters_check). Sets sh->c.trials. */
int shard_check(shard *sh, const dr_params *p, char *err, size_t errlen);
void shard_free(shard *sh);
/* Text from a file as a message shows it: its first 40 bytes or so
 * ("..." after them), control characters as '?'; into buf (len >= 8). */
const char *shard_shown(const char *v, char *buf, size_t len);

/* simulate under --shard: runs the session's slice of q's trials and
 * gives its shard (JSON), or in text a line saying what ran. */
int shard_simulate(session *s, const dr_params *q, sbuf *out, char *err, size_t errlen);
/* The merge command (merge.c). */
int cmd_merge(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);

#endif
