# tests/cli/slurm_local.sh - a single-node Slurm for a test, in a directory
# of its own: munged with its own socket and key, slurmctld and slurmd on
# ports nothing else uses, one partition of this machine's CPUs. Sourced:
#   slurm_start DIR     starts it (SLURM_CONF exported); 1 and SLURM_WHY
#                       when it does not come up within a minute
#   slurm_wait SECONDS  until the queue is empty
#   slurm_stop          stops the daemons (also at EXIT)

SLURM_PIDS=
slurm_stop() {
	[ -z "$SLURM_PIDS" ] && return 0
	scancel --quiet -u "$(id -un)" 2>/dev/null
	kill $SLURM_PIDS 2>/dev/null
	local i p alive
	for ((i = 0; i < 100; i++)); do # (gone before the directory is removed)
		alive=
		for p in $SLURM_PIDS; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ -z "$alive" ] && break
		sleep 0.1
	done
	SLURM_PIDS=
}
trap 'slurm_stop; lib_cleanup' EXIT

slurm_start() {
	local dir=$1 host port
	host=$(hostname -s)
	port=$((20000 + $$ % 20000))
	mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
	chmod 700 "$dir/munge"
	dd if=/dev/urandom of="$dir/munge/key" bs=1024 count=1 2>/dev/null
	chmod 600 "$dir/munge/key"
	if ! munged --force -S "$dir/munge/sock" --key-file="$dir/munge/key" --pid-file="$dir/munge/pid" \
		--log-file="$dir/munge/log" --seed-file="$dir/munge/seed" 2>"$dir/munge.err"; then
		SLURM_WHY="munged did not start: $(tail -n 1 "$dir/munge.err")"
		return 1
	fi
	SLURM_PIDS="$(cat "$dir/munge/pid")"
	cat >"$dir/slurm.conf" <<EOF
ClusterName=deadrelutest
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$dir/munge/sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
	export SLURM_CONF=$dir/slurm.conf
	slurmctld -c 2>"$dir/ctld.err" || { SLURM_WHY="slurmctld did not start: $(tail -n 1 "$dir/ctld.err")"; return 1; }
	slurmd 2>"$dir/d.err" || { SLURM_WHY="slurmd did not start: $(tail -n 1 "$dir/d.err")"; return 1; }
	local i
	for ((i = 0; i < 60; i++)); do
		if sinfo -h -o '%T' 2>/dev/null | grep -q '^idle'; then
			SLURM_PIDS="$SLURM_PIDS $(cat "$dir/slurmctld.pid" "$dir/slurmd.pid" | tr '\n' ' ')"
			return 0
		fi
		sleep 1
	done
	SLURM_PIDS="$SLURM_PIDS $(cat "$dir/slurmctld.pid" "$dir/slurmd.pid" 2>/dev/null | tr '\n' ' ')"
	SLURM_WHY="the node did not become idle within 60 s ($(sinfo -h -o '%T %E' 2>&1 | head -n 1); $(tail -n 1 "$dir/slurmctld.log" 2>/dev/null))"
	return 1
}

slurm_wait() {
	local i
	for ((i = 0; i < $1; i++)); do
		[ -z "$(squeue -h 2>/dev/null)" ] && return 0
		sleep 1
	done
	return 1
}
