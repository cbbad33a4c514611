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

#pragma GCC visibility pop

#endif
