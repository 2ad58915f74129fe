# Sourced by ./wsgate, ./bench and .ci/run: sets JAVA_HOME to a JDK 21 or newer, or fails saying so.
# Run as `bash bin/find-jdk.sh` (as ./mvnw does), it prints that JDK's home instead.
# Order: JAVA_HOME if it is new enough, else `java` on the PATH, else the newest JDK found under
# /usr/lib/jvm, /Library/Java/JavaVirtualMachines or ~/.sdkman.

wsgate_feature_of() { # the feature release of the java binary $1 (17, 21, 25...), or 0
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

wsgate_find_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" && $(wsgate_feature_of "$JAVA_HOME/bin/java") -ge 21 ]]; then
    echo "$JAVA_HOME"; return 0
  fi
  if command -v javac >/dev/null && [[ $(wsgate_feature_of java) -ge 21 ]]; then
    dirname "$(dirname "$(readlink -f "$(command -v javac)")")"; return 0
  fi
  local best="" best_v=0 home v
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || continue
    v=$(wsgate_feature_of "$home/bin/java")
    if (( v >= 21 && v > best_v )); then best="$home"; best_v=$v; fi
  done
  [[ -n "$best" ]] && echo "$best"
}

JAVA_HOME="$(wsgate_find_jdk || true)"
if [[ -z "$JAVA_HOME" ]]; then
  echo "wsgate needs a JDK 21 or newer; set JAVA_HOME to one." >&2
  exit 1
fi
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "$JAVA_HOME"
  exit 0
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
