# Shared by bench/run.sh and bench/pdf/run.sh (sourced after they define log and die).

need() { command -v "$1" >/dev/null 2>&1 || die "missing tool: $1 ($2)"; }
now() { date +%s.%N; }

# The EXIT trap: removes the work directory unless --keep was given or the run failed.
cleanup() {
    local rc=$?
    if [[ -n ${WORK:-} && -d $WORK ]]; then
        if [[ $KEEP == 1 || $rc != 0 ]]; then
            log "work directory kept: $WORK"
        else
            rm -rf -- "$WORK"
        fi
    fi
}

# set_aside DIR: moves a tool's earlier output out of the way before a timed run, into
# $WORK/superseded (removed with the work directory at exit). Moved, not deleted: on ext4 without a
# journal, creating files just after deleting thousands scans the recently freed inodes on every
# create, which would charge the benchmark's own clean-up to whichever tool runs next.
set_aside() {
    [[ -e $1 ]] || return 0
    mkdir -p "$WORK/superseded"
    mv -- "$1" "$(mktemp -u "$WORK/superseded/XXXXXXXX")"
}
