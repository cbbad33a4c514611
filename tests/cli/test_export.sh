#!/usr/bin/env bash
# tests/cli/test_export.sh - `export` writes its file safely: a new file
# created exclusively beside the target (so a link or a FIFO planted at a
# guessable temporary name changes nothing), with the mode fopen would give,
# renamed over the target; every failure is one message and leaves no
# temporary file behind.
# Prints "PASS export/NAME" / "FAIL export/NAME: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" export
HEADER=depth,alive,alive_lo,alive_hi,living_ratio,min_living_ratio,dead_units,lower,upper
SIM='set depth 3 trials 20; simulate'

RUN_TIMEOUT=10 # run (tests/cli/lib.sh): a hang is status 124
one_error() { [ "$st" -eq 1 ] && [ "$(printf '%s\n' "$err" | grep -c '')" -eq 1 ] && [[ $err == "deadrelu: export: "* ]]; }
# listing DIR: its entries, hidden ones included, on one line.
listing() { (cd "$1" && ls -A | tr '\n' ' '); }

# ---- a link planted at the old temporary name (FILE.tmp.PID) ----
# exec keeps the shell's PID, which is the one deadrelu would use.
d=$tmp/link
mkdir -p "$d"
echo precious >"$d/victim"
(cd "$d" && timeout 10 bash -c 'ln -s victim out.csv.tmp.$$; exec "$0" -c "$1; export out.csv"' "$D" "$SIM" >/dev/null 2>&1)
check link/victim "the file a link at out.csv.tmp.PID points to was changed: '$(oneline "$(cat "$d/victim")")'" \
	[ "$(cat "$d/victim")" = precious ]
check link/written "out.csv is not a regular file holding the export ($(ls -l "$d" | tr '\n' ' '))" \
	eval '[ -f "$d/out.csv" ] && [ ! -L "$d/out.csv" ] && [ "$(csv_header "$d/out.csv")" = "$HEADER" ]'

# A FIFO there: nothing opens it, nothing blocks.
d=$tmp/fifo
mkdir -p "$d"
(cd "$d" && timeout 10 bash -c 'mkfifo out.csv.tmp.$$; exec "$0" -c "$1; export out.csv"' "$D" "$SIM" >/dev/null 2>&1)
st=$?
check fifo/no-block "a FIFO at out.csv.tmp.PID blocked or failed the export (status $st)" \
	eval '[ "$st" -eq 0 ] && [ "$(csv_header "$d/out.csv")" = "$HEADER" ]'

# ---- success: the mode a plain fopen gives, nothing else left ----
for m in 022 077 002; do
	d=$tmp/mode$m
	mkdir -p "$d"
	(umask "$m" && cd "$d" && timeout 10 "$D" -c "$SIM; export out.json" >/dev/null 2>&1)
	want=$(printf '%o' $((0666 & ~0$m)))
	got=$(stat -c %a "$d/out.json" 2>/dev/null)
	check "mode.umask$m" "umask $m: out.json has mode '$got', expected $want (0666 & ~umask)" [ "$got" = "$want" ]
	check "mode.umask$m-clean" "umask $m: the directory holds '$(listing "$d")', expected only out.json" \
		[ "$(listing "$d")" = "out.json " ]
done

# Replacing a file: a new inode (a hard link to the old one keeps the old
# contents, so no reader ever saw a half-written file).
d=$tmp/replace
mkdir -p "$d"
echo old >"$d/out.csv"
ln "$d/out.csv" "$d/old-link"
run -c "$SIM; export $d/out.csv"
check replace/ok "export over an existing file failed (status $st): $(oneline "$err")" [ "$st" -eq 0 ]
check replace/new "out.csv does not hold the export" [ "$(csv_header "$d/out.csv")" = "$HEADER" ]
check replace/renamed "the old file was rewritten in place, not replaced (its hard link reads '$(cat "$d/old-link")')" \
	[ "$(cat "$d/old-link")" = old ]

# A symbolic link at the target is replaced, not written through.
d=$tmp/target-link
mkdir -p "$d"
echo precious >"$d/victim"
ln -s victim "$d/out.csv"
run -c "$SIM; export $d/out.csv"
check target-link/victim "export through a link at the target changed what it points to" \
	eval '[ "$st" -eq 0 ] && [ "$(cat "$d/victim")" = precious ]'
check target-link/replaced "the link at the target was not replaced by the export" \
	eval '[ ! -L "$d/out.csv" ] && [ "$(csv_header "$d/out.csv")" = "$HEADER" ]'

# ---- failures: one message, nothing left behind ----
d=$tmp/fail
mkdir -p "$d"
run -c "$SIM; export $d/nodir/out.csv"
check missing-dir/message "a missing directory: status $st, '$(oneline "$err")' (want one 'export:' line naming the file)" \
	eval 'one_error && [[ $err == *"$d/nodir/out.csv"* ]] && [[ $err == *"No such file or directory"* ]]'
check missing-dir/nothing "a missing directory: '$d' holds '$(listing "$d")'" [ -z "$(listing "$d")" ]

echo data >"$d/file"
run -c "$SIM; export $d/file/out.csv"
check under-file/message "a path under a regular file: status $st, '$(oneline "$err")'" \
	eval 'one_error && [[ $err == *"$d/file/out.csv"* ]] && [[ $err == *"Not a directory"* ]]'
check under-file/nothing "a path under a regular file: '$d' holds '$(listing "$d")'" [ "$(listing "$d")" = "file " ]

mkdir "$d/dir.csv"
run -c "$SIM; export $d/dir.csv"
check is-dir/message "the target is a directory: status $st, '$(oneline "$err")'" \
	eval 'one_error && [[ $err == *"$d/dir.csv"* ]] && [[ $err == *"is a directory"* ]]'
check is-dir/nothing "the target is a directory: '$d' holds '$(listing "$d")', '$d/dir.csv' holds '$(listing "$d/dir.csv")'" \
	eval '[ "$(listing "$d")" = "dir.csv file " ] && [ -z "$(listing "$d/dir.csv")" ]'

# A directory this user cannot write (root can: then there is no such thing).
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$d/ro"
	chmod 555 "$d/ro"
	run -c "$SIM; export $d/ro/out.csv"
	check read-only/message "a read-only directory: status $st, '$(oneline "$err")'" \
		eval 'one_error && [[ $err == *"$d/ro/out.csv"* ]] && [[ $err == *"Permission denied"* ]]'
	check read-only/nothing "a read-only directory: it holds '$(listing "$d/ro")'" [ -z "$(listing "$d/ro")" ]
	chmod 755 "$d/ro"
fi

# A failing export in a text stops it there, like any command.
run -c "$SIM; export $d/nodir/a.csv; export $d/b.csv"
check stops "commands after a failed export ran ('$d' holds '$(listing "$d")')" [ ! -e "$d/b.csv" ]
