# Shared by the bench/ scripts (sourced, not run): a private copy of this project's classes and the revision measured.

# bench_stage NAME CLASSPATH_FILE: copies the bridge's and mapping's classes to a temporary folder removed at exit (a
# concurrent build elsewhere in the checkout must not swap them under the running JVM) and sets $stage and $classpath:
# the staged classes, then the third-party entries of CLASSPATH_FILE (the local Maven repository's jars do not change).
bench_stage() {
    stage=$(mktemp -d "${TMPDIR:-/tmp}/bench-$1.XXXXXX")
    trap 'rm -rf "$stage"' EXIT
    cp -r bridge/target/classes "$stage/classes"
    cp -r bridge/target/test-classes "$stage/test-classes"
    cp -r mapping/target/classes "$stage/mapping-classes"
    classpath="$stage/test-classes:$stage/classes:$stage/mapping-classes"
    local entries entry
    IFS=: read -r -a entries < "$2" || true # the file has no final newline
    for entry in "${entries[@]}"; do
        case "$entry" in
            */org/scimbridge/*|"$PWD"/*) ;; # this project's own modules: the staged copies above
            *) classpath="$classpath:$entry" ;;
        esac
    done
}

# bench_revision: the commit measured, and whether the product sources differed from it (read-only git commands).
bench_revision() {
    local revision changed
    revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    changed=$(git --no-optional-locks status --porcelain -- mapping/src/main bridge/src/main 2>/dev/null | wc -l || true)
    [ "${changed:-0}" -gt 0 ] && revision="$revision + uncommitted changes in $changed product source files"
    echo "$revision"
}
