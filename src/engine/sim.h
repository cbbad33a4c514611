/* sim.h - a run's state, shared by sim.c (the workers and their life
 * cycle) and result.c (snapshots of what they merged). Not public. */
#ifndef DR_SIM_H
#define DR_SIM_H

#include <pthread.h>
#include <time.h>
#include "certify.h"

#pragma GCC visibility push(hidden)

/* What one worker has merged; only it writes, under lock. */
typedef struct {
	pthread_mutex_t lock;
	long long merged;
	uint64_t *alive, *living, *dead_units; /* per depth: sums over trials that reached it */
	uint64_t *reached;                     /* per depth: trials that reached it */
	int *min_living;                       /* per depth: smallest living count, INT32_MAX if none */
	uint64_t sq_lo, sq_hi;                 /* sum of living^2 at full depth, 128 bits */
	/* certify: per depth, trials certified alive there; and a Fenwick
	 * tree over depth 1..k of where trials are certified dead from (a
	 * prefix sum is the trials dead at that depth: O(log k) per row) */
	uint64_t *cert_alive, *cert_dead;
} accum;

struct dr_sim {
	dr_params p;
	dr_data data;
	long long k;
	long long first, end;     /* the slice run: trials first .. end - 1 */
	int nthreads;
	accum *acc;
	atomic_int cancel;
	atomic_llong next, done;
	atomic_int refs;          /* the owner and each worker still running */
	atomic_llong last_notify;
	struct timespec t0;

	pthread_mutex_t lock;     /* guards the fields below */
	pthread_cond_t finished;  /* signalled when running reaches 0 */
	int running;
	double seconds_final;
	void (*notify)(void *);   /* NULL once the owner let go */
	void *ud;
	int worker_error;
	char errmsg[DR_ERRLEN];
};

/* Seconds since t0 on the monotonic clock. */
double sim_since(const struct timespec *t0);
/* The run's wall time so far (or in all, once it ended) into *seconds;
 * DR_OK, or a worker's error with its message. */
int sim_state(dr_sim *s, double *seconds, char *err, size_t errlen);
/* Locks (on) or unlocks every worker's accumulators, in order: workers
 * take only their own, so a snapshot sees whole trials. */
void sim_lock_all(dr_sim *s, int on);

/* The counts of a run at one depth (0-based l), summed over whatever
 * holds them: the workers' accumulators or a dr_counters. */
typedef struct {
	uint64_t alive, living, dead_units, reached;
	uint64_t cert_alive, cert_dead;
	int min_living;
} depth_sums;

/* Trials certified dead at depth l + 1: the prefix sum of a Fenwick tree. */
uint64_t fenwick_prefix(const uint64_t *t, long long l);

/* The summed counts of a run, as the statistics read them: at(src, l, d)
 * gives depth l's. */
typedef struct {
	const dr_params *p;
	int points;
	uint64_t n;            /* trials counted */
	uint64_t sq_lo, sq_hi; /* their sum of living^2 at full depth */
	long long target;      /* finished when n reaches it */
	void (*at)(const void *src, long long l, depth_sums *d);
	const void *src;
} run_sums;

/* The one path from counts to statistics (result.c), for snapshots and
 * for dr_counters_result alike, so both give the same bits from the same
 * counts: every field of r but seconds and cancelled, into r->by_depth
 * (rows entries) and, with depths, r->row_depth, both allocated. */
void result_stats(const run_sums *s, const long long *depths, long long rows, dr_result *r);

#pragma GCC visibility pop

#endif
