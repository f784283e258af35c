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
