# Sourced by the make scripts: `use_frameworks NAME ARGS...` sets the array
# `fws` to ARGS (every framework of the registry when empty) and stops on an
# unknown name; `colab_frameworks` lists those that run on Colab.
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
