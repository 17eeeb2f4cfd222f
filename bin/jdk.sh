# Sourced by ./scim-bridge and ./run-tests: finds a JDK >= 21 and exports JAVA_HOME.
# Helidon 4 needs Java 21+, while many machines default to 17; the user should not have to export anything.
# An installed bridge only runs a jar: the launcher sets jdk_needs_javac=false and a JRE will do.

java_major() { # prints the major version of the java binary given as $1, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                     /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        [ "${jdk_needs_javac:-true}" = false ] || [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate/bin/java")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! JAVA_HOME=$(find_jdk); then
    echo "scim-bridge needs Java 21 or newer (Helidon 4 requires it) and found none in JAVA_HOME, PATH or /usr/lib/jvm." >&2
    echo "Install one, e.g.: apt-get install openjdk-21-jdk-headless (a JRE suffices once installed), or set JAVA_HOME." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
