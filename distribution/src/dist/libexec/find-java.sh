# Finds a Java of a given feature release or newer. Sourced by bin/herald, and by .ci/run,
# which builds with it; it defines functions only and changes nothing.
#
#   choose_java MIN [TOOL]   prints "HOME<TAB>VERSION<TAB>WHERE" of the first Java of release
#                            MIN or newer that has bin/TOOL (default java; javac for a JDK):
#                            JAVA_HOME, then the java on PATH, then the newest in the usual
#                            install folders. Prints nothing when there is none.
#   java_version HOME [TOOL] the full version of the Java at HOME (25.0.3, 1.8.0_402), or
#                            nothing when HOME has no bin/java or no bin/TOOL.

java_version() {
  local home=$1 tool=${2:-java} v=
  [ -x "$home/bin/java" ] && [ -x "$home/bin/$tool" ] || return 0
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/^[^"]*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  printf '%s' "$v"
}

# The feature release of a version: 25.0.3 -> 25, 1.8.0_402 -> 8.
major_of() {
  local v=$1
  case "$v" in 1.*) v=${v#1.} ;; esac
  v=${v%%[.+_-]*}
  case "$v" in ''|*[!0-9]*) printf 0 ;; *) printf '%s' "$v" ;; esac
}

# The home of the `java` on PATH, following its links (bin/java -> home).
path_java_home() {
  local java
  java=$(command -v java 2>/dev/null) || return 0
  java=$(readlink -f "$java" 2>/dev/null || printf '%s' "$java")
  dirname "$(dirname "$java")"
}

# Every Java folder in the usual places, one per line.
java_candidates() {
  local dir var
  for var in $(compgen -e); do
    case "$var" in JAVA_HOME_*|JAVA*_HOME|JDK_HOME) [ "$var" = JAVA_HOME ] || printf '%s\n' "${!var}" ;; esac
  done
  if [ -x /usr/libexec/java_home ]; then
    /usr/libexec/java_home 2>/dev/null || true
  fi
  for dir in /usr/lib/jvm/* /usr/lib64/jvm/* /usr/java/* /usr/local/lib/jvm/* /usr/local/java/* \
             /opt/java/* /opt/jdk* /opt/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
             "$HOME"/.local/share/mise/installs/java/* "$HOME"/.asdf/installs/java/* \
             /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$dir" ] && printf '%s\n' "$dir"
  done
  return 0
}

# Whether the Java at $1 is of release $2 or newer and has bin/$3; prints its version if so.
java_at_least() {
  local version
  version=$(java_version "$1" "$3")
  [ -n "$version" ] && [ "$(major_of "$version")" -ge "$2" ] && printf '%s' "$version"
}

choose_java() {
  local min=$1 tool=${2:-java} home version best
  if [ -n "${JAVA_HOME:-}" ] && version=$(java_at_least "$JAVA_HOME" "$min" "$tool"); then
    printf '%s\t%s\tJAVA_HOME' "$JAVA_HOME" "$version"
    return
  fi
  home=$(path_java_home)
  if [ -n "$home" ] && version=$(java_at_least "$home" "$min" "$tool"); then
    printf '%s\t%s\tthe java on PATH' "$home" "$version"
    return
  fi
  best=$(java_candidates | while IFS= read -r home; do
      home=$(readlink -f "$home" 2>/dev/null || printf '%s' "$home")
      version=$(java_at_least "$home" "$min" "$tool") || continue
      printf '%s.%s\t%s\t%s\n' "$(major_of "$version")" "$version" "$home" "$version"
    done | sort -t "$(printf '\t')" -k1,1V -u | tail -n 1 | cut -f2-)
  if [ -n "$best" ]; then
    printf '%s\tfound among the installed ones' "$best"
  fi
}
