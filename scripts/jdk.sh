# Sourced by the scripts at the top of the repository: finds a JDK 25 and exports JAVA_HOME and PATH.
# Looks at JAVA_HOME, then `java` on PATH, then the usual install folders; stops with one sentence if none is 25.
# Exactly 25: the server is compiled with --enable-preview, and a preview class file runs only on the JDK
# release that compiled it, so a JDK 26 would build jars that no JDK 25 runs (and fail on preview API changes).

jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/temurin-25* \
      /usr/lib/jvm/java-25-openjdk* /usr/lib/jvm/jdk-25* /usr/lib/jvm/* /opt/java/openjdk /opt/jdk* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local major
    major=$(jdk_major "$candidate")
    if [ "$major" = 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(find_jdk25); then
  echo "netcat-chat needs exactly JDK 25 (for example Temurin 25) to build: the server uses Java 25 preview features; install one or point JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries still call sun.misc.Unsafe; JDK 25 warns about it on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

if ! command -v mvn >/dev/null 2>&1; then
  echo "netcat-chat needs Apache Maven 3.8+ to build; install it (Debian: apt-get install maven)." >&2
  exit 1
fi
