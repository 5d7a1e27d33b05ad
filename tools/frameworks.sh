# Sourced by the make scripts: `use_frameworks NAME ARGS...` sets the array
# `fws` to ARGS (every framework of the registry when empty) and stops on an
# unknown name; `colab_frameworks` lists those that run on Colab;
# `use_environment` narrows `fws` to one environment (below).
registry() { python3 -m d2l_local.registry "$@"; }
read -ra all_frameworks <<< "$(registry frameworks)"
read -ra colab_flags <<< "$(registry frameworks --field colab)"
colab_frameworks=""
for i in "${!all_frameworks[@]}"; do
  [ "${colab_flags[$i]}" = True ] && colab_frameworks+=" ${all_frameworks[$i]}"
done
use_frameworks() {
  local cmd=$1
  shift
  fws=("$@")
  [ ${#fws[@]} -gt 0 ] || fws=("${all_frameworks[@]}")
  registry check "${fws[@]}" || { echo "make $cmd: stopped" >&2; exit 2; }
}
# `use_environment NAME ENV EXTRA...` (`make test ENV=jax`): with ENV set,
# keep in `fws` only the frameworks whose environment ENV is, and stop unless
# ENV is one of `registry environments` or of EXTRA. Then `want E` holds for
# E = ENV only; with ENV empty, for every E.
only=
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
use_environment() {
  local cmd=$1 valid i kept=() fw_envs
  only=$2
  shift 2
  [ -n "$only" ] || return 0
  valid="$(registry environments) $*"
  case " $valid " in
    *" $only "*) ;;
    *) echo "make $cmd: unknown ENV=$only; the environments are: $valid" >&2; exit 2 ;;
  esac
  read -ra fw_envs <<< "$(registry frameworks --field env)"
  for i in "${!all_frameworks[@]}"; do
    case " ${fws[*]} " in
      *" ${all_frameworks[$i]} "*) [ "${fw_envs[$i]}" != "$only" ] || kept+=("${all_frameworks[$i]}") ;;
    esac
  done
  fws=("${kept[@]}")
}
